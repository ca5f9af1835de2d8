// The fees of a procedure (/admin/procedimenti/:id/costi): the settings (when they are paid,
// the pagoPA taxonomy code, days to pay, reason) and the items one at a time, each said in
// words; or the whole section as YAML. Amounts are shown as people read money.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { FEE_TIMINGS, STAMP_DUTY_CENTS } from '../payments/fees.ts';
import { NotFoundError } from '../platform/errors.ts';
import { formatMoney } from '../platform/format.ts';
import { localize } from '../platform/i18n.ts';
import { FEE_ITEM_ORDER, FEE_SETTINGS_ORDER, feeItemInput, feeSettingsInput, moveInput, problemsOf, type InputProblem } from './admin.inputs.ts';
import { choices, conditionChoices, formErrors, procedureBase } from './admin.view.ts';
import { isFeeField, isStampField, optionValues } from './builder-field-types.ts';
import { actor, procedureId, refused, sectionBoxRoutes, sectionPage, sectionYaml, type IdParams, type Workspace } from './builder-pages.ts';
import { FEE_TYPES, feesOf, itemsOf, type FeeItem } from './fees-editor.ts';

const NEW_ITEM = { feeType: 'fixed', online: true, condOp: 'equals' };

/** A fee item in words, e.g. "€ 16,00 per year of the field Years". */
function itemWords(request: FastifyRequest, ws: Workspace, item: FeeItem): string {
  const fields = ws.definition.form.steps.flatMap((s) => s.fields);
  const money = (cents: unknown) => (typeof cents === 'number' ? formatMoney(cents, request.locale) : '?');
  const fieldLabel = (name: unknown) => {
    const field = fields.find((f) => f.name === name);
    return field ? localize(field.label, request.locale) || field.name : String(name);
  };
  switch (item.type) {
    case 'fixed':
      return request.t('admin.fees.item.fixed', { amount: money(item.amountCents) });
    case 'perOption': {
      // in the order of the field's options (the database keeps its own key order)
      const amounts = (item.amounts as Record<string, number>) ?? {};
      const priced = fields.find((f) => f.name === item.field);
      const order = priced ? optionValues(priced) : [];
      const keys = Object.keys(amounts).sort((a, b) => (order.indexOf(a) >>> 0) - (order.indexOf(b) >>> 0));
      return request.t('admin.fees.item.perOption', { field: fieldLabel(item.field), amounts: keys.map((o) => `${o}: ${money(amounts[o])}`).join(', ') });
    }
    case 'rate':
      return [
        request.t('admin.fees.item.rate', { rate: money(item.rateCents), per: String(item.per ?? 1), field: fieldLabel(item.field) }),
        item.minimumCents !== undefined ? request.t('admin.fees.item.minimum', { amount: money(item.minimumCents) }) : '',
        item.maximumCents !== undefined ? request.t('admin.fees.item.maximum', { amount: money(item.maximumCents) }) : '',
      ].filter(Boolean).join('; ');
    case 'stampDuty':
      return request.t(item.declaredBy ? (item.online === false ? 'admin.fees.item.stampDeclared' : 'admin.fees.item.stampEither') : 'admin.fees.item.stampOnline', { amount: money(item.amountCents ?? STAMP_DUTY_CENTS), field: fieldLabel(item.declaredBy) });
    default:
      return JSON.stringify(item);
  }
}

/** The fees in words, and the values and choices of the settings and item forms. */
function feesModel(request: FastifyRequest, ws: Workspace, settingValues: Record<string, unknown> | null, itemValues: Record<string, unknown>) {
  const fields = ws.definition.form.steps.flatMap((s) => s.fields);
  const fees = feesOf(ws.definition);
  const items = itemsOf(ws.definition);
  const fieldChoice = (f: (typeof fields)[number]) => ({ value: f.name, label: `${localize(f.label, request.locale) || f.name} (${f.name})` });
  return {
    feesOn: Boolean(fees),
    feeItems: items.map((item, i) => ({ id: item.id, label: item.label ? localize(item.label, request.locale) : item.id, words: itemWords(request, ws, item), conditional: Boolean(item.when), first: i === 0, last: i === items.length - 1 })),
    settingValues: settingValues ?? {
      timing: fees?.timing ?? 'before-submission',
      taxonomyCode: fees?.taxonomyCode ?? '',
      dueDays: String(fees?.dueDays ?? 30),
      reasonIt: fees?.reason?.it ?? '',
      reasonEn: fees?.reason?.en ?? '',
      descriptionIt: fees?.description?.it ?? '',
      descriptionEn: fees?.description?.en ?? '',
    },
    itemValues,
    timings: FEE_TIMINGS.map((value) => ({ value, label: request.t(`admin.fees.timing.${value}`) })),
    feeTypes: FEE_TYPES.map((value) => ({ value, label: request.t(`admin.fees.type.${value}`) })),
    feeFields: fields.filter(isFeeField).map(fieldChoice),
    stampFields: fields.filter(isStampField).map(fieldChoice),
    conditionFields: conditionChoices(ws.definition, { stepId: ws.definition.form.steps[ws.definition.form.steps.length - 1]?.id ?? '' }, Number.MAX_SAFE_INTEGER),
    operators: choices(request.t, [], request.locale).operators,
  };
}

export default async function feesRoutes(app: FastifyInstance) {
  const admin = app.services.admin;

  sectionBoxRoutes(app, 'fees', (request, ws) => feesModel(request, ws, null, NEW_ITEM));

  /** A refused settings or item form: the fees page again, with what was typed. */
  async function feesRefused(request: FastifyRequest, reply: FastifyReply, id: number, problems: InputProblem[], values: { settingValues?: unknown; itemValues?: unknown }) {
    const ws = await admin.workspace(id);
    const model = feesModel(request, ws, (values.settingValues as Record<string, unknown> | undefined) ?? null, (values.itemValues as Record<string, unknown> | undefined) ?? NEW_ITEM);
    return sectionPage(request, reply, ws, { section: 'fees', yaml: sectionYaml(ws, 'fees'), errors: formErrors(problems, request.t), status: 422, listFields: false, model });
  }

  app.post('/admin/procedimenti/:id/costi/impostazioni', async (request, reply) => {
    const id = procedureId(request.params);
    const parsed = feeSettingsInput.safeParse(request.body);
    if (!parsed.success) return feesRefused(request, reply, id, problemsOf(parsed.error, FEE_SETTINGS_ORDER), { settingValues: request.body });
    await admin.builder.setFeeSettings(actor(request), id, parsed.data);
    return reply.redirect(`${procedureBase(id)}/costi?esito=saved`, 303);
  });

  app.post('/admin/procedimenti/:id/costi/voci', async (request, reply) => {
    const id = procedureId(request.params);
    const parsed = feeItemInput.safeParse(request.body);
    let problems: InputProblem[];
    if (!parsed.success) problems = problemsOf(parsed.error, FEE_ITEM_ORDER);
    else {
      try {
        await admin.builder.addFeeItem(actor(request), id, parsed.data);
        return reply.redirect(`${procedureBase(id)}/costi?esito=saved#fee-${parsed.data.itemId}`, 303);
      } catch (error) {
        problems = refused(error);
      }
    }
    return feesRefused(request, reply, id, problems, { itemValues: request.body });
  });

  app.post<{ Params: IdParams & { item: string } }>('/admin/procedimenti/:id/costi/voci/:item/sposta', async (request, reply) => {
    const id = procedureId(request.params);
    const parsed = moveInput.safeParse(request.body);
    if (!parsed.success) throw new NotFoundError('direction');
    await admin.builder.moveFeeItem(actor(request), id, request.params.item, parsed.data.direction);
    return reply.redirect(`${procedureBase(id)}/costi#fee-${request.params.item}`, 303);
  });

  app.post<{ Params: IdParams & { item: string } }>('/admin/procedimenti/:id/costi/voci/:item/elimina', async (request, reply) => {
    const id = procedureId(request.params);
    await admin.builder.removeFeeItem(actor(request), id, request.params.item);
    return reply.redirect(`${procedureBase(id)}/costi?esito=removed`, 303);
  });
}
