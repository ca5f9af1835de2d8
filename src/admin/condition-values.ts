// How the builder reads a value typed into a condition (of a step, a field, a fee or a routing
// rule) as the named field answers: an option of the field, yes/no, a number, euro in cents,
// or a text. Errors name the form's condValue input.
import { fieldCapabilities, parseMoney } from '../forms/index.ts';
import { BuilderError, type DraftField } from './draft.ts';

/** A number typed with a dot or a comma, or an amount in euro as cents. */
export function conditionNumber(text: string, money: boolean): number {
  if (money) {
    const parsed = parseMoney(text);
    if (!parsed.ok) throw new BuilderError('condValue', 'admin.error.amount');
    return parsed.cents;
  }
  const value = Number(text.trim().replace(',', '.'));
  if (text.trim() === '' || !Number.isFinite(value)) throw new BuilderError('condValue', 'admin.error.number');
  return value;
}

/**
 * One value as the target field answers (its value kind, fields/index.ts): an option,
 * true/false, a number, euro in cents, a text.
 */
export function conditionValue(text: string, target: DraftField): string | number | boolean {
  const value = text.trim();
  const kind = fieldCapabilities(target.type).value;
  if (kind === 'option' || kind === 'options') {
    const known = (target.options ?? []).map((o) => o.value);
    if (!known.includes(value)) throw new BuilderError('condValue', 'admin.error.conditionOption', { options: known.join(', ') });
    return value;
  }
  if (kind === 'boolean') {
    const lower = value.toLowerCase();
    if (['true', 'yes', 'sì', 'si'].includes(lower)) return true;
    if (['false', 'no'].includes(lower)) return false;
    throw new BuilderError('condValue', 'admin.error.conditionBoolean');
  }
  if (kind === 'number' || kind === 'money') return conditionNumber(value, kind === 'money');
  if (value === '') throw new BuilderError('condValue', 'admin.error.required');
  return value;
}
