// Prefill sources (the "once only" principle): a field of a definition may say where its answer
// is already known to the State (the person's identity, ANPR, INPS, the company register), so
// that the portal fills it in instead of asking again. This module names the sources, the kind
// of answer each gives and a sample of it; the definition schema checks that a field's type can
// hold its source's answer by asking the field registry (the kind of answer its module stores,
// and whether its module accepts the sample). Fetching the values is src/prefill's business.
import { z } from 'zod';
import type { FieldDefinition } from './definition.ts';
import { fieldCapabilities, fieldModule } from './fields/index.ts';
import type { ValueKind } from './fields/types.ts';

/** Who keeps the data: the login's identity, the national registry of residents, INPS, the company register. */
export type PrefillRegister = 'identity' | 'anpr' | 'inps' | 'company';

interface SourceSpec {
  register: PrefillRegister;
  /** the kind of stored answer the source gives (fields/types.ts) */
  value: ValueKind;
  /** a typical answer, as stored */
  sample: unknown;
}

export const PREFILL_SOURCES = {
  'identity.name': { register: 'identity', value: 'text', sample: 'Mario Rossi' },
  'identity.givenName': { register: 'identity', value: 'text', sample: 'Mario' },
  'identity.familyName': { register: 'identity', value: 'text', sample: 'Rossi' },
  'identity.fiscalCode': { register: 'identity', value: 'text', sample: 'RSSMRA80A01H501U' },
  'identity.email': { register: 'identity', value: 'text', sample: 'mario.rossi@example.it' },
  'identity.phone': { register: 'identity', value: 'text', sample: '+393331234567' },
  'identity.birthDate': { register: 'identity', value: 'date', sample: '1980-01-01' },
  'anpr.residence': { register: 'anpr', value: 'parts', sample: { street: 'Via Roma', number: '1', cap: '29121', city: 'Piacenza', province: 'PC' } },
  'anpr.householdSize': { register: 'anpr', value: 'number', sample: 3 },
  'anpr.household': { register: 'anpr', value: 'text', sample: 'Mario Rossi (RSSMRA80A01H501U), Anna Rossi (RSSNNA82B41H501M)' },
  'inps.isee': { register: 'inps', value: 'money', sample: 1234567 },
  'inps.iseeProtocol': { register: 'inps', value: 'text', sample: 'INPS-ISEE-2026-00012345A-00' },
  'inps.iseeExpiry': { register: 'inps', value: 'date', sample: '2026-12-31' },
  'company.name': { register: 'company', value: 'text', sample: 'Esempio S.r.l.' },
  'company.fiscalCode': { register: 'company', value: 'text', sample: '03334231200' },
  'company.vatNumber': { register: 'company', value: 'text', sample: '03334231200' },
} as const satisfies Record<string, SourceSpec>;

export type PrefillSource = keyof typeof PREFILL_SOURCES;
export const PREFILL_SOURCE_NAMES = Object.keys(PREFILL_SOURCES) as [PrefillSource, ...PrefillSource[]];

export const prefillSchema = z
  .object({
    source: z.enum(PREFILL_SOURCE_NAMES, { errorMap: () => ({ message: `unknown prefill source; known: ${PREFILL_SOURCE_NAMES.join(', ')}` }) }),
    /** false: the person sees the value and cannot change it (the register's word stands) */
    editable: z.boolean().default(true),
  })
  .strict();
export type PrefillSpec = z.output<typeof prefillSchema>;

export function prefillRegister(source: PrefillSource): PrefillRegister {
  return PREFILL_SOURCES[source].register;
}

/**
 * Why a field cannot hold its source's answer (null: it can). The field's module decides: the
 * kind of answer it stores must be the source's, and it must accept the source's sample as
 * typed (an e-mail is no phone number, an address source needs an address's parts).
 */
export function prefillProblem(field: FieldDefinition, source: PrefillSource): string | null {
  const spec: SourceSpec = PREFILL_SOURCES[source];
  const kind = fieldCapabilities(field.type).value;
  if (kind !== spec.value) return `a ${field.type} field holds a ${kind} answer, "${source}" gives a ${spec.value}`;
  return acceptsPrefill(field, spec.sample) ? null : `a ${field.type} field does not accept what "${source}" gives (e.g. ${JSON.stringify(spec.sample)})`;
}

/**
 * Whether the field's module takes `value` (a stored answer) as the person would type it: its
 * checks, bounds and lengths (`today`, yyyy-mm-dd, for dates that may not be in the future).
 */
export function acceptsPrefill(field: FieldDefinition, value: unknown, today = '2026-01-01'): boolean {
  const module = fieldModule(field.type);
  const definition: FieldDefinition = { ...field, required: true };
  const schema = module.schema(definition, { locale: 'en', today, scope: {}, labelFor: () => 'field' });
  return schema.safeParse(module.toInput(value, definition, 'it')).success;
}
