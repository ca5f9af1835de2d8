// Field type "street": a street of the comune and a house number. With the comune's street list
// loaded (the stradario, uploaded at /admin/stradario and passed in the form context), the
// street is matched against it (case, accents and "V." for "Via" do not matter) and, where the
// list knows the house-number ranges, the number must exist on that street; the answer keeps the
// street's code. With no list loaded, the street is free text, so procedures work on a fresh
// portal.
import type { StreetAnswer } from '../answers.ts';
import { inputId } from '../inputs.ts';
import type { Locale } from '../messages.ts';
import { normalizeHouseNumber, numberExists, type NumberRange, type StreetDirectory } from '../../places/streets.ts';
import { allPartsBlank, compositeView, focusFirstPart, readParts } from './composite.ts';
import { PRESENCE_OPERATORS, noConfig } from './factories.ts';
import { say } from './places.words.ts';
import { answerSchema, asRecord, charCount, partView } from './shared.ts';
import type { FieldModule, InputView, ViewInput } from './types.ts';

const INPUTS = ['street', 'number'] as const;
const MAX_NAME = 100;

const loaded = (streets: StreetDirectory | null | undefined): StreetDirectory | null => (streets && streets.size > 0 ? streets : null);

function rangesText(ranges: NumberRange[], locale: Locale): string {
  return ranges
    .map((r) => {
      const span = r.to === null ? say(locale, 'rangeUp', { from: r.from }) : `${r.from}–${r.to}`;
      return r.parity === 'all' ? span : `${span} (${say(locale, r.parity === 'odd' ? 'rangeOdd' : 'rangeEven')})`;
    })
    .join(', ');
}

function streetPart(input: ViewInput<Record<string, string>>): InputView {
  const part = partView(input, 'street', say(input.locale, 'streetLabel'), { autocomplete: 'address-line1' });
  const directory = loaded(input.streets);
  const hintId = `${part.id}-hint`;
  return {
    ...part,
    hint: say(input.locale, directory ? 'streetWithList' : 'streetFreeText'),
    hintId,
    describedBy: [hintId, part.errorId].filter(Boolean).join(' '),
    ...(directory ? { autocomplete: 'off', suggestions: { id: `${inputId(input.name)}-streets`, options: directory.labels() } } : {}),
  };
}

export const streetType: FieldModule<StreetAnswer, Record<string, string>, typeof noConfig> = {
  kind: 'composite',
  config: noConfig,
  capabilities: {
    value: 'parts',
    parts: ['street', 'number', 'code'],
    inGroup: true,
    operators: PRESENCE_OPERATORS,
    fees: [],
    routing: true,
    sample: { street: 'Via Roma', number: '1' },
  },
  read: (body, name) => readParts(body, name, INPUTS),
  isBlank: allPartsBlank,
  schema: (field, ctx) =>
    answerSchema(field, ctx, {
      isBlank: (raw) => !field.required && allPartsBlank(raw),
      coerce: asRecord,
      requiredMessage: say(ctx.locale, 'streetRequired'),
      requiredPath: ['street'],
      parse: (raw, report) => {
        const typed = (raw.street ?? '').replace(/\s+/g, ' ').trim();
        const numberTyped = (raw.number ?? '').trim();
        const number = normalizeHouseNumber(numberTyped);
        if (!typed) report(say(ctx.locale, 'streetRequired'), ['street']);
        else if (charCount(typed) > MAX_NAME) report(say(ctx.locale, 'streetTooLong', { max: MAX_NAME }), ['street']);
        if (!numberTyped) report(say(ctx.locale, 'houseNumberRequired'), ['number']);
        else if (number === null) report(say(ctx.locale, 'houseNumberInvalid'), ['number']);
        const directory = loaded(ctx.streets);
        if (!directory || !typed) return number === null || !typed ? undefined : { street: typed, number };
        const match = directory.find(typed);
        if (match.kind === 'unknown') return report(say(ctx.locale, 'streetUnknown', { typed: typed.slice(0, 80) }), ['street']);
        if (match.kind === 'ambiguous') {
          const choices = match.candidates.slice(0, 5).map((s) => `«${s.name}»`).join(', ');
          return report(say(ctx.locale, 'streetAmbiguous', { typed: typed.slice(0, 80), choices }), ['street']);
        }
        if (number === null) return undefined;
        if (!numberExists(match.street, number)) {
          return report(say(ctx.locale, 'houseNumberAbsent', { street: match.street.name, number, ranges: rangesText(match.street.ranges, ctx.locale) }), ['number']);
        }
        return { code: match.street.code, street: match.street.name, number };
      },
    }),
  toInput: (answer) => ({ street: answer.street, number: answer.number }),
  view: (input) =>
    compositeView(input, [streetPart(input), partView(input, 'number', say(input.locale, 'houseNumberLabel'), { widthClass: 'w-auto', spellcheck: false })]),
  summary: (answer, _field, locale) => [say(locale, 'streetSummary', { street: answer.street, number: answer.number })],
  focusPath: focusFirstPart('street'),
};
