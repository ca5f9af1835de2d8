// The delegation pages of the personal area (/area-personale/deleghe): the delegations the
// person granted and received, a new one, one delegation with what happened to it, and the
// delegate's accept and refuse, either party's revoke (after a confirmation page). Only the two
// parties see a delegation: anyone else gets 404, as for one that does not exist. The clerks'
// paper registrations are in delegations-backoffice.routes.ts; `delegationsAreaSection` adds
// "Deleghe" to the personal area's sections.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { requireUser } from '../identity/policies.ts';
import { perPersonRateLimit } from '../platform/rate-limit-store.ts';
import { romeDate } from '../platform/time.ts';
import backofficeDelegationRoutes from './delegations-backoffice.routes.ts';
import { grantForm, grantInputOf, issueErrors, parseForm, type GrantForm } from './delegations.inputs.ts';
import { grantIssues, type Issue } from './delegations.rules.ts';
import { DelegationRefusedError } from './delegations.service.ts';
import { describer, eventLines, formErrors, scopeOptions, snapshotOf } from './delegations.view.ts';

export const AREA_PATH = '/area-personale/deleghe';
/** Granting writes to another person's inbox: a person may not do it in a row without end. */
const GRANTS_PER_HOUR = 20;

const NOTICES: Record<string, string> = {
  concessa: 'delegations.notice.granted',
  accettata: 'delegations.notice.accepted',
  rifiutata: 'delegations.notice.refused',
  revocata: 'delegations.notice.revoked',
};

type IdRoute = { Params: { id: string } };

function noticeOf(request: FastifyRequest): string | undefined {
  const key = (request.query as Record<string, unknown> | undefined)?.fatto;
  return typeof key === 'string' && Object.hasOwn(NOTICES, key) ? request.t(NOTICES[key]!) : undefined;
}

const areaCrumbs = (request: FastifyRequest, last?: string) => [
  { href: '/area-personale', label: request.t('delegations.personalArea') },
  ...(last ? [{ href: AREA_PATH, label: request.t('delegations.title') }, { label: last }] : [{ label: request.t('delegations.title') }]),
];

async function personRoutes(app: FastifyInstance) {
  const service = app.services.delegations;
  const guard = requireUser({ level: 2 });
  const procedures = async (request: FastifyRequest) => (await app.services.catalogue.list({ locale: request.locale })).items;
  const person = (request: FastifyRequest) => ({ fiscalCode: request.user!.fiscalCode });

  app.get(AREA_PATH, { preHandler: guard }, async (request, reply) => {
    const [list, items] = await Promise.all([service.listFor(person(request)), procedures(request)]);
    const describe = describer(request, items);
    return reply.view('representation/list.njk', {
      granted: list.granted.map(describe),
      received: list.received.map(describe),
      notice: noticeOf(request),
      breadcrumbs: areaCrumbs(request),
    });
  });

  async function formPage(request: FastifyRequest, reply: FastifyReply, values: Partial<GrantForm>, issues: readonly Issue[] = []) {
    const errors = issueErrors(issues, request.t);
    if (errors.length) reply.status(422);
    const options = scopeOptions(request, await procedures(request), { areas: values.aree ?? [], slugs: values.servizi ?? [] });
    return reply.view('representation/form.njk', {
      values,
      ...formErrors(request, errors, options),
      scopeOptions: options,
      today: romeDate(app.services.clock()),
      breadcrumbs: areaCrumbs(request, request.t('delegations.new.title')),
    });
  }

  app.get(`${AREA_PATH}/nuova`, { preHandler: guard }, async (request, reply) => formPage(request, reply, {}));

  const grantLimit = perPersonRateLimit({ max: GRANTS_PER_HOUR, timeWindow: '1 hour', pageKey: 'error.tooMany.delegation', hook: 'preHandler', backHref: () => AREA_PATH });

  app.post(`${AREA_PATH}/nuova`, { preHandler: guard, config: { rateLimit: grantLimit } }, async (request, reply) => {
    const form = parseForm(grantForm, request.body);
    const { input, unanswered } = grantInputOf(form);
    // a scope or an access not chosen: everything else is checked too, so the page says it all at once
    if (unanswered.length) return formPage(request, reply, form, [...unanswered, ...grantIssues(request.user!.fiscalCode, input, romeDate(app.services.clock()))]);
    try {
      await service.grant(snapshotOf(request.user!), input, { locale: request.locale });
    } catch (error) {
      if (error instanceof DelegationRefusedError) return formPage(request, reply, form, error.issues);
      throw error;
    }
    return reply.redirect(`${AREA_PATH}?fatto=concessa`, 303);
  });

  app.get<IdRoute>(`${AREA_PATH}/:id`, { preHandler: guard }, async (request, reply) => {
    const [{ delegation, events }, items] = await Promise.all([service.detailFor(person(request), request.params.id), procedures(request)]);
    const item = describer(request, items)(delegation);
    return reply.view('representation/detail.njk', {
      item,
      events: eventLines(request, delegation, events),
      notice: noticeOf(request),
      breadcrumbs: areaCrumbs(request, request.t('delegations.detail.title')),
    });
  });

  app.post<IdRoute>(`${AREA_PATH}/:id/accetta`, { preHandler: guard }, async (request, reply) => {
    await service.accept(snapshotOf(request.user!), request.params.id);
    return reply.redirect(`${AREA_PATH}/${request.params.id}?fatto=accettata`, 303);
  });

  app.post<IdRoute>(`${AREA_PATH}/:id/rifiuta`, { preHandler: guard }, async (request, reply) => {
    await service.refuse(person(request), request.params.id);
    return reply.redirect(`${AREA_PATH}?fatto=rifiutata`, 303);
  });

  app.get<IdRoute>(`${AREA_PATH}/:id/revoca`, { preHandler: guard }, async (request, reply) => {
    const [{ delegation }, items] = await Promise.all([service.detailFor(person(request), request.params.id), procedures(request)]);
    if (!delegation.actions.revoke) return reply.redirect(`${AREA_PATH}/${delegation.id}`, 303);
    return reply.view('representation/revoke.njk', {
      item: describer(request, items)(delegation),
      breadcrumbs: areaCrumbs(request, request.t('delegations.revoke.title')),
    });
  });

  app.post<IdRoute>(`${AREA_PATH}/:id/revoca`, { preHandler: guard }, async (request, reply) => {
    await service.revoke(person(request), request.params.id);
    return reply.redirect(`${AREA_PATH}?fatto=revocata`, 303);
  });
}

/** The delegation pages: the person's, then the clerks'. */
export default async function delegationsRoutes(app: FastifyInstance) {
  await app.register(personRoutes);
  await app.register(backofficeDelegationRoutes);
}

/**
 * "Deleghe" among the personal area's sections, on every page a logged-in person opens.
 * Registered before the area's pages (a hook reaches only the routes registered after it).
 */
export const delegationsAreaSection = fp(
  async (app: FastifyInstance) => {
    app.addHook('preHandler', async (request, reply) => {
      if (!request.user || request.method !== 'GET') return;
      const sections = (reply.locals?.areaSections as { href: string; label: string }[] | undefined) ?? [];
      reply.locals = { ...reply.locals, areaSections: [...sections, { href: AREA_PATH, label: request.t('delegations.title') }] };
    });
  },
  { name: 'delegations-area-section', dependencies: ['views', 'identity'] },
);
