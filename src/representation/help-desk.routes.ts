// The help desk's pages (/sportello), for its operators only (404 to anyone else, before the
// CSRF check, like /admin): the desk (the open session, today's sessions), the new session
// (look-up by codice fiscale, or the identity from a document: 422 with an error summary when
// implausible), the session (the person, the document, "Scegli il servizio", its filings with
// their receipts, the drafts to hand over, the end), and the note printed for the person.
// Opening a session makes the operator act for the person (startActing); ending it stops.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { requireOperator } from '../identity/policies.ts';
import { likelyBirthDate, decodeFiscalCode, DOCUMENT_TYPES } from './identity-check.ts';
import { isValidFiscalCode } from '../identity/fiscal-code.ts';
import { NotFoundError } from '../platform/errors.ts';
import { romeDate } from '../platform/time.ts';
import { startActing, stopActing } from './acting-session.ts';
import { HelpDeskInputError, type PersonLookup } from './help-desk.service.ts';
import { lookupInput, problemsOf, sessionInput } from './help-desk.inputs.ts';
import { NoEmailError } from './help-desk-receipts.ts';
import { deskName, filingsView, formErrors, noErrors, sessionView, type FormErrors } from './help-desk.view.ts';
import statisticsRoutes from './help-desk-statistics.routes.ts';

type SessionParams = { sessionId: string };
type FilingParams = SessionParams & { publicId: string };

const NOTICES: Record<string, string> = {
  ended: 'helpDesk.notice.ended',
  sent: 'helpDesk.notice.sent',
  already: 'helpDesk.notice.already',
  noEmail: 'helpDesk.notice.noEmail',
  handedOver: 'helpDesk.notice.handedOver',
  noDrafts: 'helpDesk.notice.noDrafts',
};

function noticeOf(request: FastifyRequest): string | null {
  const key = (request.query as Record<string, unknown> | undefined)?.esito;
  return typeof key === 'string' && NOTICES[key] ? request.t(NOTICES[key]) : null;
}

const operator = (request: FastifyRequest) => ({ fiscalCode: request.user!.fiscalCode, desk: request.user!.desk! });
const deskCrumb = (request: FastifyRequest) => ({ href: '/sportello', label: request.t('helpDesk.title') });

/** What a look-up fills in: the names the portal knows, and the birth date and sex the codice fiscale says. */
function lookupValues(lookup: PersonLookup, today: string): Record<string, string> {
  const code = lookup.fiscalCode;
  return {
    fiscalCode: code,
    givenName: lookup.givenName ?? '',
    familyName: lookup.familyName ?? '',
    birthDate: likelyBirthDate(code, today) ?? '',
    sex: decodeFiscalCode(code).sex,
  };
}

/** The new session's form: empty, filled by a look-up, or again with what was refused. */
function newSessionPage(reply: FastifyReply, request: FastifyRequest, values: Record<string, unknown>, errors: FormErrors, extra: { lookup?: PersonLookup; lookupErrors?: FormErrors } = {}, status = 200) {
  const lookup = extra.lookup;
  return reply.status(status).view('representation/help-desk/new-session.njk', {
    pageTitle: request.t('helpDesk.new.title'),
    breadcrumbs: [deskCrumb(request), { label: request.t('helpDesk.new.title') }],
    values,
    ...errors,
    lookupErrors: extra.lookupErrors?.errors ?? {},
    summary: errors.summary ?? extra.lookupErrors?.summary ?? null,
    lookup: lookup ? { ...lookup, name: [lookup.givenName, lookup.familyName].filter(Boolean).join(' '), sources: lookup.sources.map((s) => request.t(`helpDesk.lookup.source.${s}`)) } : null,
    documentTypes: DOCUMENT_TYPES.map((type) => ({ value: type, label: request.t(`helpDesk.document.${type}`) })),
    showConfirmNames: 'confirmNames' in errors.errors || values.confirmNames === 'yes',
  });
}

async function deskRoutes(app: FastifyInstance) {
  const service = app.services.helpDesk;
  // before the body is read and before the CSRF check: nobody else learns a form is here
  app.addHook('onRequest', requireOperator());

  app.get('/sportello', async (request, reply) => {
    const me = operator(request);
    const [day, desk] = await Promise.all([service.deskDay(me.fiscalCode), service.desk(me.desk)]);
    return reply.view('representation/help-desk/desk.njk', {
      pageTitle: request.t('helpDesk.title'),
      breadcrumbs: [{ label: request.t('helpDesk.title') }],
      deskName: deskName(request, desk, me.desk),
      open: day.open ? sessionView(request, day.open) : null,
      today: day.today.map((s) => sessionView(request, s)),
      notice: noticeOf(request),
    });
  });

  app.get('/sportello/sessioni/nuova', async (request, reply) => newSessionPage(reply, request, {}, noErrors));

  app.post('/sportello/sessioni/cerca', async (request, reply) => {
    const parsed = lookupInput.safeParse(request.body);
    if (!parsed.success || !isValidFiscalCode(parsed.data.fiscalCode)) {
      const problems = parsed.success ? [{ field: 'fiscalCode', key: 'helpDesk.error.fiscalCode' }] : problemsOf(parsed.error);
      return newSessionPage(reply, request, {}, noErrors, { lookupErrors: formErrors(request, problems, () => 'lookup-fiscalCode') }, 422);
    }
    const lookup = await service.lookUp(parsed.data.fiscalCode);
    return newSessionPage(reply, request, lookupValues(lookup, romeDate(service.clock())), noErrors, { lookup });
  });

  app.post('/sportello/sessioni', async (request, reply) => {
    const parsed = sessionInput.safeParse(request.body);
    let errors: FormErrors;
    if (!parsed.success) errors = formErrors(request, problemsOf(parsed.error));
    else {
      try {
        const session = await service.startSession(operator(request), parsed.data);
        startActing(request, { kind: 'assisted', sessionId: session.id });
        return reply.redirect(`/sportello/sessioni/${session.id}`, 303);
      } catch (error) {
        if (!(error instanceof HelpDeskInputError)) throw error;
        errors = formErrors(request, error.problems);
      }
    }
    return newSessionPage(reply, request, request.body as Record<string, unknown>, errors, {}, 422);
  });

  app.get<{ Params: SessionParams }>('/sportello/sessioni/:sessionId', async (request, reply) => {
    const me = operator(request);
    const session = await service.session(me.fiscalCode, request.params.sessionId);
    const [filings, drafts, desk] = await Promise.all([service.filings(me.fiscalCode, session.id), service.sessionDrafts(me.fiscalCode, session.id), service.desk(session.desk)]);
    const view = sessionView(request, session);
    return reply.view('representation/help-desk/session.njk', {
      pageTitle: request.t('helpDesk.session.title', { name: view.personName }),
      breadcrumbs: [deskCrumb(request), { label: view.personName }],
      session: view,
      deskName: deskName(request, desk, session.desk),
      filings: filingsView(request, session, filings),
      drafts: drafts.length,
      canHandOver: service.canHandOverDrafts,
      notice: noticeOf(request),
    });
  });

  app.get<{ Params: SessionParams }>('/sportello/sessioni/:sessionId/promemoria', async (request, reply) => {
    const me = operator(request);
    const session = await service.session(me.fiscalCode, request.params.sessionId);
    const [filings, desk] = await Promise.all([service.filings(me.fiscalCode, session.id), service.desk(session.desk)]);
    const view = sessionView(request, session);
    return reply.view('representation/help-desk/note.njk', {
      pageTitle: request.t('helpDesk.note.title'),
      breadcrumbs: [deskCrumb(request), { href: view.href, label: view.personName }, { label: request.t('helpDesk.note.title') }],
      session: view,
      deskName: deskName(request, desk, session.desk),
      deskAddress: desk?.address ?? '',
      filings: filingsView(request, session, filings),
    });
  });

  app.post<{ Params: SessionParams }>('/sportello/sessioni/:sessionId/termina', async (request, reply) => {
    const sessionId = request.params.sessionId;
    await service.endSession(operator(request).fiscalCode, sessionId);
    const acting = request.session.get('acting');
    if (acting?.choice.kind === 'assisted' && acting.choice.sessionId === sessionId) stopActing(request);
    return reply.redirect('/sportello?esito=ended', 303);
  });

  app.post<{ Params: FilingParams }>('/sportello/sessioni/:sessionId/ricevute/:publicId/email', async (request, reply) => {
    const { sessionId, publicId } = request.params;
    let outcome: string;
    try {
      outcome = (await service.receipts.email(operator(request).fiscalCode, sessionId, publicId)).created ? 'sent' : 'already';
    } catch (error) {
      if (!(error instanceof NoEmailError)) throw error;
      outcome = 'noEmail';
    }
    return reply.redirect(`/sportello/sessioni/${sessionId}?esito=${outcome}`, 303);
  });

  app.post<{ Params: SessionParams }>('/sportello/sessioni/:sessionId/bozze', async (request, reply) => {
    const sessionId = request.params.sessionId;
    // the move itself is the submissions domain's: without it there is nothing to press
    if (!service.canHandOverDrafts) throw new NotFoundError('draft handover');
    const handed = await service.handOverDrafts(sessionId, operator(request).fiscalCode);
    return reply.redirect(`/sportello/sessioni/${sessionId}?esito=${handed.length > 0 ? 'handedOver' : 'noDrafts'}`, 303);
  });
}

export default async function helpDeskRoutes(app: FastifyInstance) {
  await app.register(deskRoutes);
  await app.register(statisticsRoutes);
}
