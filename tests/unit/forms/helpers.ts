// Builders shared by the form engine tests: localized texts, one-step forms, a fixed "today".
import { formSchema, type FormDefinition } from '../../../src/forms/definition.ts';

export const TODAY = '2026-11-26';

export const L = (it: string, en = `${it} (en)`) => ({ it, en });

export const OPTIONS = [
  { value: 'alfa', label: L('Alfa', 'Alpha') },
  { value: 'beta', label: L('Beta', 'Beta') },
  { value: 'gamma', label: L('Gamma', 'Gamma') },
];

/** A form parsed by the real schema, so every test definition is also a valid definition. */
export function form(steps: unknown[]): FormDefinition {
  return formSchema.parse({ steps });
}

/** A one-step form (step id "s") holding the given fields. */
export function oneStep(...fields: Array<Record<string, unknown>>): FormDefinition {
  return form([{ id: 's', title: L('Passo'), fields: fields.map((f) => ({ label: L(`Etichetta ${String(f.name)}`), ...f })) }]);
}
