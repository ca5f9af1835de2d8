// Field type "text": one line of free text (a name, a reference). Runs of spaces are collapsed.
import { freeTextField } from './factories.ts';
import { inputView, TEXT_INPUT } from './shared.ts';

/** Without a maxLength in the definition, a line stops at 500 characters. */
export const TEXT_DEFAULT_MAX = 500;

export const textType = freeTextField({
  kind: 'input',
  clean: (raw) => raw.replace(/\s+/g, ' ').trim(),
  defaultMax: TEXT_DEFAULT_MAX,
  sample: 'Mario Rossi',
  view: (input) => inputView(input, TEXT_INPUT),
  summary: (answer) => [answer],
});
