// The comune's institutional details shown around every page (listed with the other settings
// in src/config.ts and .env.example; docs/site-structure.md explains them): the links of the
// main menu that lead to the comune's own website (the Modello Comuni structure), and the
// footer's contacts, codes, social links and legal pages.
import { z } from 'zod';

const url = z.string().url();
const optionalText = z.string().trim().optional().transform((value) => value || null);

/** The environment keys, merged into the schema of src/config.ts. */
export const siteEnvSchema = {
  COMUNE_SITE_URL: url.default('https://www.comune.example.it').describe('the comune\'s institutional website: the "Amministrazione", "Novità" and "Vivere il comune" items of the main menu lead there'),
  COMUNE_MANAGEMENT_URL: url.optional().describe('the "Amministrazione" page of the comune\'s website (default: COMUNE_SITE_URL/amministrazione)'),
  COMUNE_NEWS_URL: url.optional().describe('the "Novità" page of the comune\'s website (default: COMUNE_SITE_URL/novita)'),
  COMUNE_LIVE_URL: url.optional().describe('the "Vivere il comune" page of the comune\'s website (default: COMUNE_SITE_URL/vivere-il-comune)'),
  COMUNE_TRANSPARENCY_URL: url.optional().describe('"Amministrazione trasparente" (D.Lgs. 33/2013) on the comune\'s website (default: COMUNE_SITE_URL/amministrazione-trasparente)'),
  COMUNE_ADDRESS: z.string().trim().min(1).default('Piazza del Municipio 1, 00000 Esempio').describe('postal address of the town hall, in the footer'),
  COMUNE_PEC: optionalText.describe('the comune\'s certified e-mail (PEC) address, in the footer'),
  COMUNE_EMAIL: optionalText.describe('the comune\'s ordinary e-mail address (e.g. the URP), in the footer'),
  COMUNE_PHONE: optionalText.describe('the town hall\'s switchboard, in the footer'),
  COMUNE_FISCAL_CODE: z.string().regex(/^[0-9]{11}$/, 'the comune\'s codice fiscale: 11 digits').optional().describe('codice fiscale of the comune, in the footer (default: CREDITOR_FISCAL_CODE)'),
  COMUNE_VAT_NUMBER: z.string().regex(/^[0-9]{11}$/, 'the comune\'s partita IVA: 11 digits').optional().describe('partita IVA of the comune, in the footer (unset: not shown)'),
  COMUNE_SOCIAL_LINKS: z.string().default('').refine(validSocialLinks, 'comma-separated "Name|https://..." pairs').describe('the comune\'s social accounts in the footer: comma-separated "Name|URL" pairs, e.g. "Facebook|https://facebook.com/comune,YouTube|https://youtube.com/@comune"'),
  COMUNE_PRIVACY_URL: url.optional().describe('the privacy notice; unset: the portal\'s own page /privacy'),
  COMUNE_ACCESSIBILITY_URL: url.optional().describe('the accessibility statement published on AgID\'s form (form.agid.gov.it/view/...); unset: the portal\'s own page /accessibilita'),
  COMUNE_LEGAL_NOTES_URL: url.optional().describe('the legal notes; unset: the portal\'s own page /note-legali'),
  COMUNE_HELP_URL: url.optional().describe('where a person asks for help (the URP\'s contact form or page); unset: the comune\'s e-mail, or the site map'),
};

export interface SiteEnv {
  COMUNE_SITE_URL: string;
  COMUNE_MANAGEMENT_URL?: string | undefined;
  COMUNE_NEWS_URL?: string | undefined;
  COMUNE_LIVE_URL?: string | undefined;
  COMUNE_TRANSPARENCY_URL?: string | undefined;
  COMUNE_ADDRESS: string;
  COMUNE_PEC: string | null;
  COMUNE_EMAIL: string | null;
  COMUNE_PHONE: string | null;
  COMUNE_FISCAL_CODE?: string | undefined;
  COMUNE_VAT_NUMBER?: string | undefined;
  COMUNE_SOCIAL_LINKS: string;
  COMUNE_PRIVACY_URL?: string | undefined;
  COMUNE_ACCESSIBILITY_URL?: string | undefined;
  COMUNE_LEGAL_NOTES_URL?: string | undefined;
  COMUNE_HELP_URL?: string | undefined;
  CREDITOR_FISCAL_CODE: string;
}

export interface SiteConfig {
  /** the main menu's items kept on the comune's website */
  readonly links: { readonly site: string; readonly management: string; readonly news: string; readonly live: string; readonly transparency: string };
  readonly address: string;
  readonly pec: string | null;
  readonly email: string | null;
  readonly phone: string | null;
  readonly fiscalCode: string;
  readonly vatNumber: string | null;
  readonly social: readonly { readonly name: string; readonly url: string }[];
  /** the legal pages: the comune's own, or the portal's */
  readonly privacyUrl: string;
  readonly accessibilityUrl: string;
  readonly legalNotesUrl: string;
  readonly helpUrl: string;
}

/** Parses "Name|URL" pairs; a pair without a valid http(s) URL is an error, found at boot. */
export function parseSocialLinks(value: string): { name: string; url: string }[] {
  return value
    .split(',')
    .map((pair) => pair.trim())
    .filter(Boolean)
    .map((pair) => {
      const [name = '', link = ''] = pair.split('|').map((part) => part.trim());
      if (!name || !/^https?:\/\/\S+$/.test(link)) throw new Error(`COMUNE_SOCIAL_LINKS: "${pair}" is not "Name|https://..."`);
      return { name, url: link };
    });
}

function validSocialLinks(value: string): boolean {
  try {
    parseSocialLinks(value);
    return true;
  } catch {
    return false;
  }
}

export function siteConfig(env: SiteEnv): SiteConfig {
  const site = env.COMUNE_SITE_URL.replace(/\/$/, '');
  return Object.freeze({
    links: Object.freeze({
      site,
      management: env.COMUNE_MANAGEMENT_URL ?? `${site}/amministrazione`,
      news: env.COMUNE_NEWS_URL ?? `${site}/novita`,
      live: env.COMUNE_LIVE_URL ?? `${site}/vivere-il-comune`,
      transparency: env.COMUNE_TRANSPARENCY_URL ?? `${site}/amministrazione-trasparente`,
    }),
    address: env.COMUNE_ADDRESS,
    pec: env.COMUNE_PEC,
    email: env.COMUNE_EMAIL,
    phone: env.COMUNE_PHONE,
    fiscalCode: env.COMUNE_FISCAL_CODE ?? env.CREDITOR_FISCAL_CODE,
    vatNumber: env.COMUNE_VAT_NUMBER ?? null,
    social: Object.freeze(parseSocialLinks(env.COMUNE_SOCIAL_LINKS).map((link) => Object.freeze(link))),
    privacyUrl: env.COMUNE_PRIVACY_URL ?? '/privacy',
    accessibilityUrl: env.COMUNE_ACCESSIBILITY_URL ?? '/accessibilita',
    legalNotesUrl: env.COMUNE_LEGAL_NOTES_URL ?? '/note-legali',
    helpUrl: env.COMUNE_HELP_URL ?? (env.COMUNE_EMAIL ? `mailto:${env.COMUNE_EMAIL}` : '/mappa-del-sito'),
  });
}
