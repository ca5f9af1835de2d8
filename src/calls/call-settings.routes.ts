// The builder's page for a call's settings (/admin/procedimenti/:id/bando): one application per
// person, household or company, the ranking, the reserve list and the budget. The opening,
// closing and cap by number stay on the service page (/scheda). Behind the administrators'
// guard of /admin; the definition's schema checks the whole at publishing (call-definition.ts).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { actor, frame, procedureId, type Workspace } from '../admin/builder-pages.ts';
import type { FormErrors } from '../admin/admin.view.ts';
import { ONE_PER, type CallDefinition } from './call-definition.ts';

const body = z.object({
  isCall: z.enum(['yes']).optional(),
  onePer: z.enum(ONE_PER).default('person'),
  householdField: z.string().trim().max(80).default(''),
  rankingBy: z.enum(['receipt', 'score']).default('receipt'),
  score: z.string().trim().max(80).default(''),
  reserve: z.string().trim().max(20).default('0'),
  budgetAmount: z.string().trim().max(80).default(''),
  budgetTotal: z.string().trim().max(20).default(''),
});
type Body = z.infer<typeof body>;

/** The form's values as a call block, or the inputs in error (message keys). */
function toCall(form: Body): { call?: CallDefinition; problems: Array<[string, string]> } {
  const problems: Array<[string, string]> = [];
  const reserve = form.reserve === '' ? 0 : /^(illimitata|unlimited)$/i.test(form.reserve) ? 'unlimited' : /^\d{1,7}$/.test(form.reserve) ? Number(form.reserve) : null;
  if (reserve === null) problems.push(['reserve', 'calls.settings.reserveBad']);
  const total = form.budgetTotal.replace(/\./g, '').replace(',', '.');
  if (form.budgetAmount && !/^\d{1,12}(\.\d{2})?$/.test(total)) problems.push(['budgetTotal', 'calls.settings.totalBad']);
  if (!form.budgetAmount && form.budgetTotal) problems.push(['budgetAmount', 'calls.settings.amountMissing']);
  if (problems.length > 0) return { problems };
  return {
    problems,
    call: {
      onePer: form.onePer,
      ...(form.householdField ? { householdField: form.householdField } : {}),
      ...(form.budgetAmount ? { budget: { amount: form.budgetAmount, total: /\./.test(total) ? total : `${total}.00` } } : {}),
      ranking: { by: form.rankingBy, ...(form.score ? { score: form.score } : {}) },
      reserve: reserve!,
    },
  };
}

function valuesOf(call: CallDefinition | undefined): Record<string, string> {
  return {
    isCall: call ? 'yes' : '',
    onePer: call?.onePer ?? 'person',
    householdField: call?.householdField ?? '',
    rankingBy: call?.ranking.by ?? 'receipt',
    score: call?.ranking.score ?? '',
    reserve: call ? String(call.reserve) : '0',
    budgetAmount: call?.budget?.amount ?? '',
    budgetTotal: call?.budget?.total ?? '',
  };
}

export default async function callSettingsRoutes(app: FastifyInstance) {
  const admin = app.services.admin;

  function page(request: FastifyRequest, reply: FastifyReply, ws: Workspace, values: Record<string, unknown>, errors: FormErrors, status = 200) {
    const t = request.t;
    return reply.status(status).view('calls/settings.njk', {
      ...frame(request, ws, 'call', t('calls.settings.title')),
      values,
      ...errors,
      onePerChoices: ONE_PER.map((value) => ({ value, label: t(`calls.settings.onePer.${value}`) })),
      rankingChoices: (['receipt', 'score'] as const).map((value) => ({ value, label: t(`calls.settings.by.${value}`) })),
    });
  }

  app.get('/admin/procedimenti/:id/bando', async (request, reply) => {
    const ws = await admin.workspace(procedureId(request.params));
    return page(request, reply, ws, valuesOf((ws.definition as { call?: CallDefinition }).call), { errors: {}, summary: null });
  });

  app.post('/admin/procedimenti/:id/bando', async (request, reply) => {
    const id = procedureId(request.params);
    const parsed = body.safeParse(request.body ?? {});
    const result = parsed.success ? toCall(parsed.data) : { problems: [['onePer', 'calls.settings.bad']] as Array<[string, string]> };
    if (result.problems.length > 0 || !parsed.success) {
      const errors = Object.fromEntries(result.problems.map(([input, key]) => [input, request.t(key as never)]));
      const summary = { title: request.t('calls.settings.refused'), items: result.problems.map(([input, key]) => ({ href: `#b-${input}`, text: request.t(key as never) })) };
      return page(request, reply, await admin.workspace(id), (request.body ?? {}) as Record<string, unknown>, { errors, summary }, 422);
    }
    await admin.builder.setCall(actor(request), id, parsed.data.isCall === 'yes' ? result.call : undefined);
    return reply.redirect(`/admin/procedimenti/${id}/bando?esito=saved`, 303);
  });
}
