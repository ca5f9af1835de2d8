// Field type "cadastral": the cadastral identifiers of a property (foglio, particella and,
// for a unit inside a building, subalterno), as written on a visura catastale.
import type { CadastralAnswer } from '../answers.ts';
import { t } from '../messages.ts';
import { compositeField } from './factories.ts';
import { partView } from './shared.ts';

export const cadastralType = compositeField<CadastralAnswer>({
  parts: ['foglio', 'particella', 'subalterno'],
  required: 'foglioRequired',
  sample: { foglio: '12', particella: '345', subalterno: '6' },
  parse: (raw, report, ctx) => {
    const clean = (part: string) => (raw[part] ?? '').replace(/\s+/g, '').toUpperCase();
    const foglio = clean('foglio').replace(/^0+(?=\d)/, '');
    const particella = clean('particella');
    const subalterno = clean('subalterno').replace(/^0+(?=\d)/, '');
    if (!foglio) report(t(ctx.locale, 'foglioRequired'), ['foglio']);
    else if (!/^\d{1,4}[A-Z]?$/.test(foglio)) report(t(ctx.locale, 'foglioInvalid'), ['foglio']);
    if (!particella) report(t(ctx.locale, 'particellaRequired'), ['particella']);
    else if (!/^[0-9A-Z]{1,6}$/.test(particella)) report(t(ctx.locale, 'particellaInvalid'), ['particella']);
    if (subalterno && !/^\d{1,4}$/.test(subalterno)) report(t(ctx.locale, 'subalternoInvalid'), ['subalterno']);
    return subalterno ? { foglio, particella, subalterno } : { foglio, particella };
  },
  toInput: (answer) => ({ foglio: answer.foglio, particella: answer.particella, subalterno: answer.subalterno ?? '' }),
  partViews: (input) => [
    partView(input, 'foglio', t(input.locale, 'foglio'), { widthClass: 'w-auto', spellcheck: false }),
    partView(input, 'particella', t(input.locale, 'particella'), { widthClass: 'w-auto', spellcheck: false }),
    partView(input, 'subalterno', t(input.locale, 'subalterno'), { inputMode: 'numeric', widthClass: 'w-auto', spellcheck: false }),
  ],
  summary: (answer, locale) => [
    answer.subalterno ? t(locale, 'cadastralSummarySub', { ...answer, subalterno: answer.subalterno }) : t(locale, 'cadastralSummary', { ...answer }),
  ],
});
