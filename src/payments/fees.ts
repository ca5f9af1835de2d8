// Fees: what a procedure costs, as part of its definition (the optional `fees` key), and the
// computation of the amounts owed from a filing's answers. Money is integer euro cents. Pure:
// no I/O; the payments service turns the items to pay online into a payment position.
//
// An item is fixed, depends on the option chosen, is a rate times a quantity answered (with a
// minimum and a maximum), or is stamp duty (marca da bollo), paid online or declared by the
// serial number of a stamp bought at a tobacconist's. Each item may apply only when a
// condition over the answers holds. `timing` says when the person pays: before the filing is
// sent, right after it, or later on the office's request (amounts set after review). An item
// may also be an amount the form computes (`computed`: a computed value of format money,
// src/forms/computed.ts); conditions and computed values evaluate in the form's environment
// (ConditionEnv: today and the computed values), which the caller passes in.
import { z } from 'zod';
import type { Answers } from '../forms/answers.ts';
import { conditionProblems } from '../forms/condition-checks.ts';
import { computedNameSchema, evaluateCondition, type ConditionEnv } from '../forms/conditions.ts';
import { conditionSchema, localizedText, type FormDefinition, type FieldDefinition, type LocalizedText } from '../forms/definition.ts';
import { fieldTypesForFee, type FeeUse } from '../forms/fields/index.ts';

export const FEE_TIMINGS = ['before-submission', 'after-submission', 'on-request'] as const;
export type FeeTiming = (typeof FEE_TIMINGS)[number];

/** Stamp duty on applications and certificates (DPR 642/1972): 16 euro. */
export const STAMP_DUTY_CENTS = 1600;

/** pagoPA taxonomy: entity type (2) + macro area (2) + service (3) + legal reason. */
export const TAXONOMY_CODE_PATTERN = /^[0-9]{7}(IM|TS|SP|SA|AP)$/;

const cents = z.number().int().nonnegative().max(99_999_999_99);
const fieldName = z.string().regex(/^[a-z][a-zA-Z0-9]{0,62}$/);
const itemId = z.string().regex(/^[a-z][a-z0-9-]{0,39}$/, 'use lowercase letters, digits and dashes');

const common = {
  id: itemId,
  label: localizedText,
  /** The item applies only when this holds over the answers. */
  when: conditionSchema.optional(),
};

export const fixedFeeSchema = z.object({ ...common, type: z.literal('fixed'), amountCents: cents.refine((v) => v > 0, 'a fixed fee is more than zero') }).strict();

/** radio/select: the amount of the option chosen; checkboxes: the sum over the options ticked. */
export const optionFeeSchema = z
  .object({ ...common, type: z.literal('perOption'), field: fieldName, amounts: z.record(z.string(), cents).refine((a) => Object.keys(a).length > 0, 'list at least one option') })
  .strict();

/** rateCents for every `per` units of the quantity answered, rounded to the cent, within bounds. */
export const rateFeeSchema = z
  .object({
    ...common,
    type: z.literal('rate'),
    field: fieldName,
    rateCents: cents.refine((v) => v > 0, 'the rate is more than zero'),
    per: z.number().positive().default(1),
    minimumCents: cents.optional(),
    maximumCents: cents.optional(),
  })
  .strict()
  .refine((f) => f.minimumCents === undefined || f.maximumCents === undefined || f.minimumCents <= f.maximumCents, {
    message: 'the maximum is below the minimum',
    path: ['maximumCents'],
  });

/**
 * Marca da bollo. `declaredBy` names a marcaDaBollo field: when the person fills it, the stamp
 * was bought at a tobacconist's and is declared by its serial; otherwise it is paid online,
 * unless `online` is false (then the field is required by the form).
 */
export const stampDutyFeeSchema = z
  .object({
    ...common,
    type: z.literal('stampDuty'),
    amountCents: cents.default(STAMP_DUTY_CENTS),
    online: z.boolean().default(true),
    declaredBy: fieldName.optional(),
  })
  .strict()
  .refine((f) => f.online || f.declaredBy, { message: 'stamp duty not paid online must name the field that declares it (declaredBy)', path: ['declaredBy'] });

/** The amount a computed value of the form comes to (money, in cents), when more than zero. */
export const computedFeeSchema = z.object({ ...common, type: z.literal('computed'), computed: computedNameSchema }).strict();

export const feeItemSchema = z.union([fixedFeeSchema, optionFeeSchema, rateFeeSchema, stampDutyFeeSchema, computedFeeSchema]);
export type FeeItemDefinition = z.infer<typeof feeItemSchema>;

export const feesSchema = z
  .object({
    timing: z.enum(FEE_TIMINGS).default('before-submission'),
    /** Taxonomy code of the service for pagoPA, e.g. 0101108TS; the comune's accounting office picks it. */
    taxonomyCode: z.string().regex(TAXONOMY_CODE_PATTERN, 'a pagoPA taxonomy code, like 0101108TS'),
    /** Days from the creation of the position to its due date. */
    dueDays: z.number().int().min(1).max(365).default(30),
    /** Reason of the payment (causale) when not the procedure title; at most 140 characters with the filing reference. */
    reason: localizedText.optional(),
    /** on-request: what the office will ask for, in words. */
    description: localizedText.optional(),
    items: z.array(feeItemSchema).default([]),
  })
  .strict()
  .superRefine((fees, ctx) => {
    if (fees.timing !== 'on-request' && fees.items.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['items'], message: 'list the fees, or use timing on-request' });
    }
    if (fees.timing === 'on-request' && !fees.description) {
      ctx.addIssue({ code: 'custom', path: ['description'], message: 'say what the office will ask for' });
    }
    const seen = new Set<string>();
    fees.items.forEach((item, i) => {
      if (seen.has(item.id)) ctx.addIssue({ code: 'custom', path: ['items', i, 'id'], message: `duplicate fee id "${item.id}"` });
      seen.add(item.id);
    });
  });
export type FeesDefinition = z.infer<typeof feesSchema>;

export interface ComputedFeeItem {
  id: string;
  label: LocalizedText;
  type: FeeItemDefinition['type'];
  amountCents: number;
  /** online: part of the payment position; declared: a stamp bought elsewhere, by serial. */
  settlement: 'online' | 'declared';
  stampSerial?: string;
}

export interface ComputedFees {
  timing: FeeTiming;
  items: ComputedFeeItem[];
  /** What the payment position asks for (0: nothing to pay online). */
  onlineCents: number;
  totalCents: number;
}

function answerString(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/** Half-up rounding of rateCents * quantity / per, exact in decimal (no float drift). */
export function rateAmount(rateCents: number, quantity: number, per = 1): number {
  if (!Number.isFinite(quantity) || quantity <= 0) return 0;
  const scale = (value: number): [bigint, bigint] => {
    const text = value.toString();
    if (/e/i.test(text)) return [BigInt(Math.round(value * 1e6)), 1_000_000n];
    const [whole = '0', fraction = ''] = text.split('.');
    return [BigInt(whole + fraction), 10n ** BigInt(fraction.length)];
  };
  const [q, qScale] = scale(quantity);
  const [p, pScale] = scale(per);
  const numerator = BigInt(rateCents) * q * pScale;
  const denominator = qScale * p;
  return Number((numerator * 2n + denominator) / (denominator * 2n));
}

function itemAmountIn(item: FeeItemDefinition, answers: Answers, env: ConditionEnv): number {
  if (item.type !== 'computed') return itemAmount(item, answers);
  const value = env.computed?.(item.computed, answers) ?? null;
  return value === null ? 0 : Math.round(value);
}

function itemAmount(item: Exclude<FeeItemDefinition, { type: 'computed' }>, answers: Answers): number {
  switch (item.type) {
    case 'fixed':
    case 'stampDuty':
      return item.amountCents;
    case 'perOption': {
      const answer = answers[item.field];
      const chosen = Array.isArray(answer) ? answer.filter((v): v is string => typeof v === 'string') : [answerString(answer)].filter((v): v is string => !!v);
      return chosen.reduce((sum, value) => sum + (item.amounts[value] ?? 0), 0);
    }
    case 'rate': {
      const quantity = answers[item.field];
      let amount = rateAmount(item.rateCents, typeof quantity === 'number' ? quantity : 0, item.per);
      if (item.minimumCents !== undefined) amount = Math.max(amount, item.minimumCents);
      if (item.maximumCents !== undefined) amount = Math.min(amount, item.maximumCents);
      return amount;
    }
  }
}

/** The amounts owed for these answers, item by item (items that come to zero are left out). */
export function computeFees(fees: FeesDefinition, answers: Answers, env: ConditionEnv = {}): ComputedFees {
  const items: ComputedFeeItem[] = [];
  for (const item of fees.items) {
    if (item.when && !evaluateCondition(item.when, answers, undefined, env)) continue;
    const amountCents = itemAmountIn(item, answers, env);
    if (amountCents <= 0) continue;
    const computed: ComputedFeeItem = { id: item.id, label: item.label, type: item.type, amountCents, settlement: 'online' };
    if (item.type === 'stampDuty' && item.declaredBy) {
      const declared = answers[item.declaredBy] as { serial?: unknown } | undefined;
      const serial = declared && typeof declared === 'object' && !Array.isArray(declared) ? answerString(declared.serial) : undefined;
      if (serial) {
        computed.settlement = 'declared';
        computed.stampSerial = serial;
      } else if (!item.online) {
        continue; // the form requires the stamp; without it there is nothing to compute
      }
    }
    items.push(computed);
  }
  const onlineCents = items.filter((i) => i.settlement === 'online').reduce((sum, i) => sum + i.amountCents, 0);
  const totalCents = items.reduce((sum, i) => sum + i.amountCents, 0);
  return { timing: fees.timing, items, onlineCents, totalCents };
}

/** Fees paid before submission, with something to pay online: the filing waits for the payment. */
export function mustPayBeforeFiling(fees: FeesDefinition | undefined, answers: Answers, env: ConditionEnv = {}): boolean {
  return fees?.timing === 'before-submission' && computeFees(fees, answers, env).onlineCents > 0;
}

function allFields(form: Pick<FormDefinition, 'steps'>): Map<string, FieldDefinition> {
  const fields = new Map<string, FieldDefinition>();
  for (const step of form.steps) for (const field of step.fields) fields.set(field.name, field);
  return fields;
}

/**
 * Cross references the fees schema alone cannot see: each field a fee reads exists in the form
 * and is of a type that may be read so (fields/index.ts), each option priced is an option of
 * its field, and each condition tests fields of the form as their types allow.
 */
export function checkFeesReferences(fees: FeesDefinition, form: Pick<FormDefinition, 'steps' | 'computed'>): Array<{ path: (string | number)[]; message: string }> {
  const issues: Array<{ path: (string | number)[]; message: string }> = [];
  const fields = allFields(form);
  const computed = new Map((form.computed ?? []).map((c) => [c.name, c]));
  const expect = (i: number, key: string, name: string, use: FeeUse) => {
    const field = fields.get(name);
    const types = fieldTypesForFee(use);
    if (!field) issues.push({ path: ['items', i, key], message: `no field named "${name}" in the form` });
    else if (!types.includes(field.type)) issues.push({ path: ['items', i, key], message: `field "${name}" is a ${field.type}; use a ${types.join(' or ')} field` });
    return field;
  };
  fees.items.forEach((item, i) => {
    const missing = (name: string) => `the condition names "${name}", which is not in the form`;
    for (const message of item.when ? conditionProblems(item.when, fields, missing, new Set(computed.keys())) : []) issues.push({ path: ['items', i, 'when'], message });
    if (item.type === 'computed') {
      const value = computed.get(item.computed);
      if (!value) issues.push({ path: ['items', i, 'computed'], message: `no computed value named "${item.computed}" in the form` });
      else if (value.format !== 'money') issues.push({ path: ['items', i, 'computed'], message: `"${item.computed}" is not an amount: give it the format money` });
    }
    if (item.type === 'perOption') {
      const field = expect(i, 'field', item.field, 'perOption');
      const values = new Set(field?.options?.map((o) => o.value) ?? []);
      for (const value of Object.keys(item.amounts)) {
        if (field && !values.has(value)) issues.push({ path: ['items', i, 'amounts', value], message: `"${value}" is not an option of "${item.field}"` });
      }
    }
    if (item.type === 'rate') expect(i, 'field', item.field, 'rate');
    if (item.type === 'stampDuty' && item.declaredBy) expect(i, 'declaredBy', item.declaredBy, 'stampDeclaration');
  });
  return issues;
}
