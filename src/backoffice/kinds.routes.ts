// The case page's actions of the kinds of procedure (workflow.ts): the clerk's proposal and
// the head's adoption or sending back, closures with a reason, a SCIA's measures, the steps of
// a CILA, a report and a booking, the head's reopening. Registered by case.routes.ts with its
// helpers (the 422 page, the 303 with the notice), like the other actions of the page.
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteShorthandOptions } from 'fastify';
import type { ZodError } from 'zod';
import { staffActor } from './backoffice.http.ts';
import { conformationInput, prohibitionInput, proposalInput, reasonInput, stepInput, type FieldError } from './backoffice.inputs.ts';
import type { StaffActor } from './case-context.ts';

type Params = { publicId: string };
type CaseRequest = FastifyRequest<{ Params: Params }>;

/** What case.routes.ts lends: its guard, its answers, its simple action. */
export interface CaseRouteKit {
  guard: RouteShorthandOptions;
  refuse(request: CaseRequest, reply: FastifyReply, form: string, errors: FieldError[]): Promise<FastifyReply>;
  errorsOf(request: FastifyRequest, error: ZodError, overrides?: Record<string, { key: string; params?: Record<string, number> }>): FieldError[];
  done(reply: FastifyReply, publicId: string, what: string): FastifyReply;
  orRefuse(request: CaseRequest, reply: FastifyReply, form: string, field: string | null, run: () => Promise<unknown>): Promise<FastifyReply | null>;
  simpleAction(path: string, run: (actor: StaffActor, publicId: string) => Promise<void>, notice: string): void;
}

export function kindRoutes(app: FastifyInstance, kit: CaseRouteKit) {
  const service = app.services.backoffice;
  const { guard, refuse, errorsOf, done, orRefuse, simpleAction } = kit;

  app.post<{ Params: Params }>('/backoffice/pratiche/:publicId/proposta', guard, async (request, reply) => {
    const parsed = proposalInput.safeParse(request.body ?? {});
    if (!parsed.success) return refuse(request, reply, 'proposal', errorsOf(request, parsed.error));
    await service.propose(staffActor(request.user!), request.params.publicId, { outcome: parsed.data.esito, motivation: parsed.data.motivazione });
    return done(reply, request.params.publicId, 'proposed');
  });

  simpleAction('adozione', (a, id) => service.adopt(a, id), 'adopted');
  simpleAction('chiusura-controlli', (a, id) => service.closeControls(a, id), 'controls-closed');

  /** A form with a reason: the service call and the notice after it. */
  function reasonAction(path: string, form: string, run: (actor: StaffActor, publicId: string, reason: string) => Promise<void>, notice: string) {
    app.post<{ Params: Params }>(`/backoffice/pratiche/:publicId/${path}`, guard, async (request, reply) => {
      const parsed = reasonInput.safeParse(request.body ?? {});
      if (!parsed.success) return refuse(request, reply, form, errorsOf(request, parsed.error));
      await run(staffActor(request.user!), request.params.publicId, parsed.data.motivo);
      return done(reply, request.params.publicId, notice);
    });
  }
  reasonAction('restituzione', 'sendBack', (a, id, reason) => service.sendBack(a, id, { note: reason }), 'sent-back');
  reasonAction('archiviazione', 'archive', (a, id, reason) => service.archive(a, id, { reason }), 'archived');
  reasonAction('irregolare', 'irregular', (a, id, reason) => service.declareIrregular(a, id, { reason }), 'irregular');
  reasonAction('riesame', 'reopen', (a, id, reason) => service.reopen(a, id, { reason }), 'reopened');

  app.post<{ Params: Params }>('/backoffice/pratiche/:publicId/conformazione', guard, async (request, reply) => {
    const parsed = conformationInput.safeParse(request.body ?? {});
    if (!parsed.success) {
      const overrides = { testo: { key: 'backoffice.error.text', params: { min: 10, max: 5000 } }, giorni: { key: 'kinds.error.conformationDays' } };
      return refuse(request, reply, 'conformation', errorsOf(request, parsed.error, overrides));
    }
    await service.requestConformation(staffActor(request.user!), request.params.publicId, { text: parsed.data.testo, days: parsed.data.giorni });
    return done(reply, request.params.publicId, 'conformation');
  });

  app.post<{ Params: Params }>('/backoffice/pratiche/:publicId/divieto', guard, async (request, reply) => {
    const parsed = prohibitionInput.safeParse(request.body ?? {});
    if (!parsed.success) return refuse(request, reply, 'prohibit', errorsOf(request, parsed.error));
    await service.prohibit(staffActor(request.user!), request.params.publicId, { motivation: parsed.data.motivazione });
    return done(reply, request.params.publicId, 'prohibited');
  });

  app.post<{ Params: Params }>('/backoffice/pratiche/:publicId/passo', guard, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    // closing and cancelling have forms of their own (with a reason); the other steps are buttons
    const form = body.azione === 'close' ? 'close' : body.azione === 'cancel' ? 'cancel' : 'step';
    const parsed = stepInput.safeParse(body);
    if (!parsed.success) return refuse(request, reply, form, errorsOf(request, parsed.error));
    const refused = await orRefuse(request, reply, form, 'motivo', () => service.step(staffActor(request.user!), request.params.publicId, parsed.data.azione, parsed.data.motivo ?? null));
    return refused ?? done(reply, request.params.publicId, 'step');
  });
}
