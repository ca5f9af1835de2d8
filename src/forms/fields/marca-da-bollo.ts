// Field type "marcaDaBollo": the revenue stamp that pays the stamp duty of an application,
// given by its identification number and date of issue (which cannot be in the future).
import type { MarcaDaBolloAnswer } from '../answers.ts';
import { formatDate, parseDate } from '../dates.ts';
import { t } from '../messages.ts';
import { isValidMarcaDaBolloSerial, MARCA_DA_BOLLO_DIGITS, normalizeMarcaDaBolloSerial } from '../validators/marca-da-bollo.ts';
import { allPartsBlank, compositeView, focusFirstPart, readParts } from './composite.ts';
import { answerSchema, asRecord, partView } from './shared.ts';
import type { FieldModule } from './types.ts';

const PARTS = ['serial', 'issuedOn'] as const;

export const marcaDaBolloField: FieldModule<MarcaDaBolloAnswer, Record<string, string>> = {
  kind: 'composite',
  read: (body, name) => readParts(body, name, PARTS),
  isBlank: allPartsBlank,
  schema: (field, ctx) =>
    answerSchema(field, ctx, {
      isBlank: (raw) => !field.required && allPartsBlank(raw),
      coerce: asRecord,
      requiredMessage: t(ctx.locale, 'bolloSerialRequired'),
      parse: (raw, report) => {
        const serial = normalizeMarcaDaBolloSerial(raw.serial ?? '');
        const typedDate = (raw.issuedOn ?? '').trim();
        if (!serial) report(t(ctx.locale, 'bolloSerialRequired'), ['serial']);
        else if (!isValidMarcaDaBolloSerial(serial)) report(t(ctx.locale, 'bolloSerialInvalid', { digits: MARCA_DA_BOLLO_DIGITS }), ['serial']);
        const issuedOn = typedDate ? parseDate(typedDate) : null;
        if (!typedDate) report(t(ctx.locale, 'bolloDateRequired'), ['issuedOn']);
        else if (!issuedOn) report(t(ctx.locale, 'bolloDateInvalid'), ['issuedOn']);
        else if (issuedOn > ctx.today) report(t(ctx.locale, 'bolloDateFuture'), ['issuedOn']);
        return { serial, issuedOn: issuedOn ?? '' };
      },
    }),
  toInput: (answer) => ({ serial: answer.serial, issuedOn: answer.issuedOn }),
  view: (input) =>
    compositeView(input, [
      partView(input, 'serial', t(input.locale, 'bolloSerial', { digits: MARCA_DA_BOLLO_DIGITS }), { inputMode: 'numeric', spellcheck: false }),
      partView(input, 'issuedOn', t(input.locale, 'bolloDate'), { inputType: 'date', widthClass: 'w-auto' }),
    ]),
  summary: (answer, _field, locale) => [t(locale, 'bolloSummary', { serial: answer.serial, date: formatDate(answer.issuedOn) })],
  focusPath: focusFirstPart('serial'),
};
