// Server-rendered pages: Nunjucks through @fastify/view, with the person's language chosen
// per request (?lang= sets it and a cookie keeps it across pages; Italian by default) and the
// values every page needs (texts, language switch, site names) put in reply.locals.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import view from '@fastify/view';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import nunjucks from 'nunjucks';
import { versionedAssetUrl } from './assets.ts';
import { formatDate, formatFileSize, formatMoney } from './format.ts';
import { DEFAULT_LOCALE, isLocale, localize, translator, type Locale, type Translate } from './i18n.ts';

export const VIEWS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../views');
const LANG_COOKIE = 'lang';

declare module 'fastify' {
  interface FastifyRequest {
    locale: Locale;
    t: Translate;
  }
  interface FastifyReply {
    /** Values every template sees (@fastify/view merges them into each render). */
    locals: Record<string, unknown>;
  }
}

/** The same URL in the other language: `?lang=` replaced, everything else kept. */
export function urlInLocale(url: string, locale: Locale): string {
  const parsed = new URL(url, 'http://x');
  parsed.searchParams.set('lang', locale);
  return `${parsed.pathname}?${parsed.searchParams.toString()}`;
}

/**
 * The language of a request: `?lang=` when it names one (and then `remember`: the cookie is set
 * when it says otherwise), else the language cookie, else Italian. Needs the cookies parsed.
 */
export function languageOf(request: FastifyRequest): { locale: Locale; remember: boolean } {
  const asked = (request.query as Record<string, unknown> | undefined)?.lang;
  const kept = request.cookies[LANG_COOKIE];
  if (isLocale(asked)) return { locale: asked, remember: kept !== asked };
  return { locale: isLocale(kept) ? kept : DEFAULT_LOCALE, remember: false };
}

async function viewsPlugin(app: FastifyInstance) {
  await app.register(view, {
    engine: { nunjucks },
    root: VIEWS_DIR,
    production: app.config.env === 'production',
    options: {
      autoescape: true,
      noCache: app.config.env === 'development',
      onConfigure: (env: nunjucks.Environment) => {
        env.addGlobal('comune', app.config.comune);
        env.addGlobal('comuneSite', app.config.comune.site);
        env.addGlobal('asset', (file: string) => versionedAssetUrl(file, app.config.env === 'production'));
      },
    },
  });

  app.decorateRequest('locale', DEFAULT_LOCALE);
  app.decorateRequest('t', null as unknown as Translate);

  app.addHook('onRequest', async (request, reply) => {
    const { locale, remember } = languageOf(request);
    if (remember) {
      reply.setCookie(LANG_COOKIE, locale, { path: '/', sameSite: 'lax', httpOnly: true, secure: app.config.secureCookies, maxAge: 365 * 24 * 3600 });
    }
    request.locale = locale;
    request.t = translator(locale);
    const other: Locale = locale === 'it' ? 'en' : 'it';
    reply.locals = {
      locale,
      t: request.t,
      loc: (text: { it: string; en: string } | undefined) => localize(text, locale),
      date: (value: Date | string | null | undefined, withTime = false) => formatDate(value, locale, { withTime }),
      money: (cents: number) => formatMoney(cents, locale),
      fileSize: (bytes: number) => formatFileSize(bytes, locale),
      otherLocale: other,
      otherLocaleUrl: urlInLocale(request.url, other),
      currentPath: request.url.split('?')[0],
      requestId: request.id,
    };
  });
}

export default fp(viewsPlugin, { name: 'views', dependencies: ['config', '@fastify/cookie'] });
