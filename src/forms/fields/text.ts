// Field type "text": one line of free text (a name, a reference). Runs of spaces are collapsed.
// A definition may give it a pattern the whole answer must match (pattern.ts), with the message
// the person reads when it does not; the input carries it too where browsers read it alike.
import { localize } from '../messages.ts';
import { inputField, lengthConfig, textCapabilities } from './factories.ts';
import { htmlPattern, matchesPattern, patternSchema } from './pattern.ts';
import { checkLength, inputView, TEXT_INPUT } from './shared.ts';

/** Without a maxLength in the definition, a line stops at 500 characters. */
export const TEXT_DEFAULT_MAX = 500;

export const textConfig = {
  ...lengthConfig,
  pattern: patternSchema.optional(),
};

const clean = (raw: string) => raw.replace(/\s+/g, ' ').trim();

export const textType = inputField<string, typeof textConfig>({
  kind: 'input',
  config: textConfig,
  capabilities: textCapabilities('Mario Rossi'),
  required: 'required',
  parse: (raw, report, field, ctx) => {
    const text = clean(raw);
    let failed = false;
    checkLength(field, ctx, text, (message) => ((failed = true), report(message)), TEXT_DEFAULT_MAX);
    // the length first: a pattern is only tried on an answer of bounded length
    if (!failed && field.pattern && !matchesPattern(field.pattern.regex, text)) report(localize(field.pattern.message, ctx.locale));
    return text;
  },
  toInput: (answer) => answer,
  view: (input) => {
    const pattern = input.field.pattern ? htmlPattern(input.field.pattern.regex) : null;
    return { ...inputView(input, TEXT_INPUT), ...(pattern ? { pattern } : {}) };
  },
  summary: (answer) => [answer],
});
