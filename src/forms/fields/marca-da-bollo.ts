// Field type "marcaDaBollo": the revenue stamp that pays the stamp duty of an application,
// given by its identification number (the 14-digit "identificativo" of the contrassegno
// telematico) and date of issue (which cannot be in the future). A fee of stamp duty may name
// it (declaredBy): filled in, the stamp is declared, not paid online. A stamp pays for one
// document only: its identifier is single-use across the portal (src/submissions/stamps.ts).
import type { MarcaDaBolloAnswer } from '../answers.ts';
import { formatDate, parseDate } from '../dates.ts';
import { t } from '../messages.ts';
import { isValidMarcaDaBolloSerial, MARCA_DA_BOLLO_DIGITS, normalizeMarcaDaBolloSerial } from '../validators/marca-da-bollo.ts';
import { compositeField } from './factories.ts';
import { partView } from './shared.ts';

export const marcaDaBolloType = compositeField<MarcaDaBolloAnswer>({
  parts: ['serial', 'issuedOn'],
  fees: ['stampDeclaration'],
  singleUse: 'serial',
  required: 'bolloSerialRequired',
  sample: { serial: '01234567890123', issuedOn: '2024-05-17' },
  parse: (raw, report, ctx) => {
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
  toInput: (answer) => ({ serial: answer.serial, issuedOn: answer.issuedOn }),
  partViews: (input) => [
    partView(input, 'serial', t(input.locale, 'bolloSerial', { digits: MARCA_DA_BOLLO_DIGITS }), { inputMode: 'numeric', spellcheck: false }),
    partView(input, 'issuedOn', t(input.locale, 'bolloDate'), { inputType: 'date', widthClass: 'w-auto' }),
  ],
  summary: (answer, locale) => [t(locale, 'bolloSummary', { serial: answer.serial, date: formatDate(answer.issuedOn) })],
});
