// Field type "comune": one Italian comune out of ISTAT's list (src/places/comuni.ts), typed in
// one text box with suggestions (a <datalist>) and matched on the server: the name, "Name (PR)",
// the ISTAT or the cadastral code. A name that several comuni share needs the province. Stores
// the ISTAT code with the name and province as filed, so a receipt reads the same after the
// list changes.
import type { ComuneAnswer } from '../answers.ts';
import { inputId } from '../inputs.ts';
import { comuneLabel, comuni } from '../../places/comuni.ts';
import { PRESENCE_OPERATORS, noConfig } from './factories.ts';
import { say } from './places.words.ts';
import { answerSchema, asString, identityFocus, inputView, isBlankString, TEXT_INPUT } from './shared.ts';
import { bodyString } from '../inputs.ts';
import type { FieldModule } from './types.ts';

const choices = (candidates: ReadonlyArray<{ name: string; province: string }>) => candidates.map((c) => `«${comuneLabel(c)}»`).join(', ');

export const comuneType: FieldModule<ComuneAnswer, string, typeof noConfig> = {
  kind: 'input',
  config: noConfig,
  capabilities: {
    value: 'parts',
    parts: ['code', 'name', 'province'],
    inGroup: true,
    operators: PRESENCE_OPERATORS,
    fees: [],
    routing: true,
    sample: { code: '033032', name: 'Piacenza', province: 'PC' },
  },
  read: (body, name) => bodyString(body, name),
  isBlank: isBlankString,
  schema: (field, ctx) => {
    const label = ctx.labelFor(field);
    return answerSchema(field, ctx, {
      isBlank: isBlankString,
      coerce: asString,
      requiredMessage: say(ctx.locale, 'comuneRequired', { label }),
      parse: (raw, report) => {
        const typed = raw.replace(/\s+/g, ' ').trim();
        const match = comuni().find(typed);
        switch (match.kind) {
          case 'found':
            return { code: match.comune.istat, name: match.comune.name, province: match.comune.province };
          case 'ambiguous':
            return report(say(ctx.locale, 'comuneAmbiguous', { label, name: match.name, choices: choices(match.candidates) }));
          case 'wrongProvince':
            return report(say(ctx.locale, 'comuneWrongProvince', { label, name: match.name, province: match.province, choices: choices(match.candidates) }));
          default:
            return report(say(ctx.locale, 'comuneUnknown', { label, typed: typed.slice(0, 80) }));
        }
      },
    });
  },
  toInput: (answer) => comuneLabel(answer),
  view: (input) => {
    const view = inputView(input, { ...TEXT_INPUT, autocomplete: 'off', spellcheck: false });
    const hint = view.hint ?? say(input.locale, 'comuneHint');
    const hintId = `${inputId(input.name)}-hint`;
    const describedBy = [hintId, view.conditionId, view.errorId].filter(Boolean).join(' ');
    return { ...view, hint, hintId, describedBy, suggestions: { id: `${inputId(input.name)}-list`, options: comuni().labels() } };
  },
  summary: (answer) => [comuneLabel(answer)],
  focusPath: identityFocus,
};
