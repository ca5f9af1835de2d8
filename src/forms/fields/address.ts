// Field type "address": an Italian address in five sub-inputs (street, number, cap, city,
// province). Left wholly empty and optional, it gives no answer; partly filled, every part is
// required. "snc" (senza numero civico) is a valid house number.
import type { AddressAnswer } from '../answers.ts';
import { t } from '../messages.ts';
import { isValidCap, normalizeCap } from '../validators/cap.ts';
import { compositeField } from './factories.ts';
import { charCount, partView } from './shared.ts';

const PARTS = ['street', 'number', 'cap', 'city', 'province'] as const;
const MAX_NAME = 100;
const HOUSE_NUMBER = /^(?:\d{1,5}(?:\s*[/-]?\s*[A-Za-z0-9]{1,5})?|s\.?\s?n\.?\s?c\.?)$/i;

export const addressType = compositeField<AddressAnswer>({
  parts: PARTS,
  required: 'streetRequired',
  sample: { street: 'Via Roma', number: '1', cap: '29121', city: 'Piacenza', province: 'PC' },
  parse: (raw, report, ctx) => {
    const clean = (part: string) => (raw[part] ?? '').replace(/\s+/g, ' ').trim();
    const [street, number, cap, city, province] = PARTS.map(clean) as [string, string, string, string, string];
    if (!street) report(t(ctx.locale, 'streetRequired'), ['street']);
    else if (charCount(street) > MAX_NAME) report(t(ctx.locale, 'streetTooLong', { max: MAX_NAME }), ['street']);
    if (!number) report(t(ctx.locale, 'houseNumberRequired'), ['number']);
    else if (!HOUSE_NUMBER.test(number)) report(t(ctx.locale, 'houseNumberInvalid'), ['number']);
    if (!cap) report(t(ctx.locale, 'capRequired'), ['cap']);
    else if (!isValidCap(cap)) report(t(ctx.locale, 'capInvalid'), ['cap']);
    if (!city) report(t(ctx.locale, 'cityRequired'), ['city']);
    else if (charCount(city) > MAX_NAME) report(t(ctx.locale, 'cityTooLong', { max: MAX_NAME }), ['city']);
    if (!province) report(t(ctx.locale, 'provinceRequired'), ['province']);
    else if (!/^[A-Za-z]{2}$/.test(province)) report(t(ctx.locale, 'provinceInvalid'), ['province']);
    const houseNumber = /^s\.?\s?n\.?\s?c\.?$/i.test(number) ? 'snc' : number.toUpperCase();
    return { street, number: houseNumber, cap: normalizeCap(cap), city, province: province.toUpperCase() };
  },
  toInput: (answer) => ({ ...answer }),
  partViews: (input) => [
    partView(input, 'street', t(input.locale, 'street'), { autocomplete: 'address-line1' }),
    partView(input, 'number', t(input.locale, 'houseNumber'), { widthClass: 'w-auto', spellcheck: false }),
    partView(input, 'cap', t(input.locale, 'cap'), { inputMode: 'numeric', autocomplete: 'postal-code', widthClass: 'w-auto', spellcheck: false }),
    partView(input, 'city', t(input.locale, 'city'), { autocomplete: 'address-level2' }),
    partView(input, 'province', t(input.locale, 'province'), { widthClass: 'w-auto', autocapitalize: 'characters', spellcheck: false }),
  ],
  summary: (answer, locale) => [t(locale, 'addressSummary', { ...answer })],
});
