// Field type "declaration": a statement the person makes by ticking one box (a
// self-declaration under DPR 445/2000). A required declaration must be ticked; an optional one
// left unticked is stored as false, so the record says it was not declared.
import { bodyString } from '../inputs.ts';
import { localize, t } from '../messages.ts';
import { localizedText } from '../localized-text.ts';
import { needed, SCALAR_OPERATORS } from './factories.ts';
import { answerSchema, asString, baseView, identityFocus } from './shared.ts';
import type { DeclarationView, FieldModule } from './types.ts';

/** the text the person declares (shown beside the checkbox) */
export const declarationConfig = { declaration: needed(localizedText, 'a declaration needs its text') };

export const declarationType: FieldModule<boolean, string, typeof declarationConfig> = {
  kind: 'declaration',
  config: declarationConfig,
  capabilities: { value: 'boolean', inGroup: true, operators: SCALAR_OPERATORS, fees: [], routing: true, sample: true },
  read: (body, name) => bodyString(body, name),
  isBlank: (raw) => raw !== 'yes',
  schema: (field, ctx) =>
    answerSchema(field, ctx, {
      isBlank: () => false,
      coerce: asString,
      requiredMessage: t(ctx.locale, 'declarationRequired', { label: ctx.labelFor(field) }),
      parse: (raw, report) => {
        if (raw === 'yes') return true;
        if (field.required) return report(t(ctx.locale, 'declarationRequired', { label: ctx.labelFor(field) }));
        return false;
      },
    }),
  toInput: (answer) => (answer ? 'yes' : ''),
  view: (input): DeclarationView => ({
    ...baseView(input, 'declaration'),
    kind: 'declaration',
    text: input.field.declaration ? localize(input.field.declaration, input.locale) : '',
    value: 'yes',
    checked: input.value === 'yes',
  }),
  summary: (answer, field, locale) => [
    t(locale, answer ? 'declared' : 'notDeclared'),
    ...(field.declaration ? [localize(field.declaration, locale)] : []),
  ],
  focusPath: identityFocus,
};
