// What the funnel pages print: a count below the threshold is never printed, in the tables'
// texts or beside the chart's bars, and the refused messages are the form's own words.
import { describe, expect, it } from 'vitest';
import { completionView, fieldMessages, funnelSteps } from '../../../src/insight/insight.rules.ts';
import { journeyPages, type Funnel } from '../../../src/insight/insight.service.ts';
import { funnelView } from '../../../src/insight/insight.view.ts';
import { translator } from '../../../src/platform/i18n.ts';

const K = 5;

function funnel(): Funnel {
  const steps = [
    { procedure_version: 1, step_id: 'informativa', reached: 12, abandoned: 3 },
    { procedure_version: 1, step_id: 'dati-generali', reached: 9, abandoned: 0 },
    { procedure_version: 1, step_id: 'riepilogo', reached: 4, abandoned: 1 },
  ];
  return {
    procedure: { id: 1, slug: 'x', title_it: 'Prova', title_en: 'Test' },
    from: '2026-11-05',
    to: '2026-12-04',
    days: 30,
    minCount: K,
    definition: undefined,
    hasData: true,
    steps: funnelSteps(steps, journeyPages(undefined), K),
    fields: fieldMessages([{ step_id: 'a', field: 'iban', message_key: 'ibanCheck', count: 8 }, { step_id: 'a', field: 'iban', message_key: 'ibanFormat', count: 3 }], K),
    completion: completionView([{ bucket: 'lt5m', count: 3 }, { bucket: 'h1to24', count: 6 }], K),
  };
}

describe('the funnel as shown', () => {
  it('prints "meno di 5" for small counts and no number below the threshold', () => {
    const view = funnelView(funnel(), translator('it'), 'it');
    expect(view.steps.map((s) => [s.label, s.reached, s.abandoned, s.share])).toEqual([
      ['Informativa sulla privacy', '12', 'meno di 5', 'non mostrato'],
      ['Dati del richiedente', '9', 'meno di 5', 'non mostrato'],
      ['Riepilogo', 'meno di 5', 'meno di 5', 'non mostrato'],
      ['Domanda inviata', 'meno di 5', 'meno di 5', 'non mostrato'],
    ]);
    const shown = JSON.stringify({ steps: view.steps.map(({ raw: _raw, ...s }) => s), fields: view.fields, buckets: view.buckets.map(({ raw: _raw, ...b }) => b) });
    expect(shown).not.toMatch(/"[0-4]"/);
    expect(view.fields).toEqual([{ step: 'a', field: 'iban', messages: [{ text: 'L’IBAN non è valido: controlla di averlo copiato senza errori', count: '8' }], others: 'meno di 5' }]);
    expect(view.completionTotal).toBe('9');
    // the values beside the bars: none of the small ones
    for (const chart of [view.funnelChart, view.timeChart]) expect(chart).not.toMatch(/>[0-4]<\/text>/);
    expect(view.timeChart).toContain('>meno di 5</text>');
  });

  it('speaks English too', () => {
    const view = funnelView(funnel(), translator('en'), 'en');
    expect(view.steps[0]!.abandoned).toBe('fewer than 5');
    expect(view.median).toBe('Half of the applications were sent within: 1-24 hours.');
  });
});
