// Field type "textarea": several lines of free text (notes, reasons). Line breaks are kept.
import { freeTextField } from './factories.ts';
import { baseView } from './shared.ts';
import type { TextareaView } from './types.ts';

/** Without a maxLength in the definition, a text stops at 10,000 characters. */
export const TEXTAREA_DEFAULT_MAX = 10_000;

export const textareaType = freeTextField({
  kind: 'textarea',
  clean: (raw) => raw.replace(/\r\n?/g, '\n').trim(),
  defaultMax: TEXTAREA_DEFAULT_MAX,
  sample: 'Prima riga\nSeconda riga',
  view: (input): TextareaView => ({ ...baseView(input, 'textarea'), kind: 'textarea', value: input.value ?? '', rows: 5 }),
  summary: (answer) => answer.split('\n'),
});
