// Fees in the builder without writing YAML: the settings of the payment (when it is due, the
// pagoPA taxonomy code, the days to pay, the reason) and the items, one at a time: a fixed
// amount, an amount per option chosen, a rate times a quantity answered (with a minimum and a
// maximum), or stamp duty paid online or declared by a stamp's serial. Amounts are typed in
// euro and kept in cents. Whatever the payments schema still refuses (src/payments/fees.ts) is
// listed by the content checks, pointed at this page.
import { STAMP_DUTY_CENTS, type FeeTiming } from '../payments/fees.ts';
import { fieldTypesForFee, parseMoney, type Condition, type FeeUse, type LocalizedText } from '../forms/index.ts';
import { BuilderError, copyDraft, editListed, type DraftDefinition, type DraftField } from './draft.ts';

export const FEE_TYPES = ['fixed', 'perOption', 'rate', 'stampDuty'] as const;
export type FeeType = (typeof FEE_TYPES)[number];

export interface FeeSettings {
  timing: FeeTiming;
  taxonomyCode: string;
  dueDays: number;
  reason?: LocalizedText | undefined;
  description?: LocalizedText | undefined;
}

export type FeeItem = { id: string; type: FeeType; label: LocalizedText; when?: Condition } & Record<string, unknown>;

interface FeesSection extends Partial<FeeSettings> {
  items?: FeeItem[];
}

export function feesOf(draft: DraftDefinition): FeesSection | null {
  return draft.fees && typeof draft.fees === 'object' && !Array.isArray(draft.fees) ? (draft.fees as FeesSection) : null;
}

export function itemsOf(draft: DraftDefinition): FeeItem[] {
  const items = feesOf(draft)?.items;
  return Array.isArray(items) ? items : [];
}

const filled = (text: LocalizedText | undefined) => (text && (text.it || text.en) ? text : undefined);

export function setFeeSettings(draft: DraftDefinition, settings: FeeSettings): DraftDefinition {
  const next = copyDraft(draft);
  const reason = filled(settings.reason);
  const description = filled(settings.description);
  next.fees = {
    timing: settings.timing,
    taxonomyCode: settings.taxonomyCode,
    dueDays: settings.dueDays,
    ...(reason ? { reason } : {}),
    ...(description ? { description } : {}),
    items: itemsOf(draft),
  };
  return next;
}

function withItems(draft: DraftDefinition, items: FeeItem[]): DraftDefinition {
  const next = copyDraft(draft);
  next.fees = { ...(feesOf(next) ?? { timing: 'before-submission' }), items };
  return next;
}

export function addFeeItem(draft: DraftDefinition, item: FeeItem): DraftDefinition {
  const items = itemsOf(draft);
  if (items.some((i) => i.id === item.id)) throw new BuilderError('itemId', 'admin.fees.idTaken', { id: item.id });
  return withItems(draft, [...items, item]);
}

export function moveFeeItem(draft: DraftDefinition, id: string, direction: 'up' | 'down'): DraftDefinition {
  return withItems(draft, editListed(itemsOf(draft), id, direction, new BuilderError('itemId', 'admin.fees.noItem', { id })));
}

export function removeFeeItem(draft: DraftDefinition, id: string): DraftDefinition {
  return withItems(draft, editListed(itemsOf(draft), id, 'remove', new BuilderError('itemId', 'admin.fees.noItem', { id })));
}

/** No fees at all: nothing is paid online. */
export function removeFees(draft: DraftDefinition): DraftDefinition {
  const next = copyDraft(draft);
  delete next.fees;
  return next;
}

export interface FeeItemInput {
  itemId: string;
  labelIt: string;
  labelEn: string;
  feeType: FeeType;
  amount: string;
  field: string;
  amounts: string;
  rate: string;
  per: string;
  minimum: string;
  maximum: string;
  online: boolean;
  declaredBy: string;
}

function cents(text: string, input: string, optional = false): number | undefined {
  if (!text.trim()) {
    if (optional) return undefined;
    throw new BuilderError(input, 'admin.error.required');
  }
  const parsed = parseMoney(text);
  if (!parsed.ok) throw new BuilderError(input, 'admin.error.amount');
  return parsed.cents;
}

/** An item of the form, checked against the draft's fields (a priced option must exist). */
export function buildFeeItem(input: FeeItemInput, when: Condition | undefined, fields: DraftField[]): FeeItem {
  const base = { id: input.itemId, type: input.feeType, label: { it: input.labelIt, en: input.labelEn }, ...(when ? { when } : {}) };
  // a field of a type the fee may read so (fields/index.ts)
  const field = (use: FeeUse, input: 'field' | 'declaredBy', name: string) => {
    const types = fieldTypesForFee(use);
    const found = fields.find((f) => f.name === name);
    if (!found || !types.includes(found.type)) throw new BuilderError(input, 'admin.fees.fieldType', { types: types.join(', ') });
    return found;
  };
  switch (input.feeType) {
    case 'fixed':
      return { ...base, amountCents: cents(input.amount, 'amount') };
    case 'perOption': {
      const target = field('perOption', 'field', input.field);
      const known = (target.options ?? []).map((o) => o.value);
      const amounts: Record<string, number> = {};
      for (const [i, line] of input.amounts.split(/\r?\n/).map((l) => l.trim()).filter(Boolean).entries()) {
        const [option = '', euro = ''] = line.split('=').map((p) => p.trim());
        if (!known.includes(option)) throw new BuilderError('amounts', 'admin.fees.amountLine', { line: i + 1, options: known.join(', ') });
        amounts[option] = cents(euro, 'amounts')!;
      }
      if (Object.keys(amounts).length === 0) throw new BuilderError('amounts', 'admin.error.required');
      return { ...base, field: target.name, amounts };
    }
    case 'rate': {
      const target = field('rate', 'field', input.field);
      const per = input.per.trim() ? Number(input.per.replace(',', '.')) : 1;
      if (!Number.isFinite(per) || per <= 0) throw new BuilderError('per', 'admin.error.number');
      const minimumCents = cents(input.minimum, 'minimum', true);
      const maximumCents = cents(input.maximum, 'maximum', true);
      if (minimumCents !== undefined && maximumCents !== undefined && minimumCents > maximumCents) throw new BuilderError('maximum', 'admin.error.minAboveMax');
      return {
        ...base,
        field: target.name,
        rateCents: cents(input.rate, 'rate'),
        per,
        ...(minimumCents !== undefined ? { minimumCents } : {}),
        ...(maximumCents !== undefined ? { maximumCents } : {}),
      };
    }
    case 'stampDuty': {
      if (input.declaredBy) field('stampDeclaration', 'declaredBy', input.declaredBy);
      if (!input.online && !input.declaredBy) throw new BuilderError('declaredBy', 'admin.fees.stampNotOnline');
      return {
        ...base,
        amountCents: cents(input.amount, 'amount', true) ?? STAMP_DUTY_CENTS,
        online: input.online,
        ...(input.declaredBy ? { declaredBy: input.declaredBy } : {}),
      };
    }
  }
}
