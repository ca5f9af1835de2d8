// Helpers of the composite field types (address, cadastral, marcaDaBollo): one answer made of
// several sub-inputs named "<field>.<part>", shown together in a fieldset.
import { bodyString, type FormBody } from '../inputs.ts';
import { baseView } from './shared.ts';
import type { CompositeView, InputView, ViewInput } from './types.ts';

export function readParts(body: FormBody, name: string, parts: readonly string[]): Record<string, string> {
  return Object.fromEntries(parts.map((part) => [part, bodyString(body, `${name}.${part}`)]));
}

export const allPartsBlank = (raw: Record<string, string>): boolean => Object.values(raw).every((v) => v.trim() === '');

export function compositeView(input: ViewInput<Record<string, string>>, parts: InputView[]): CompositeView {
  const first = parts[0]?.name ?? input.name;
  return { ...baseView(input, 'composite', input.errors.get(input.name) ?? null, first), kind: 'composite', parts };
}

/** An error on the whole field links to its first sub-input. */
export const focusFirstPart =
  (first: string) =>
  (_field: unknown, path: Array<string | number>): Array<string | number> =>
    path.length === 0 ? [first] : path;
