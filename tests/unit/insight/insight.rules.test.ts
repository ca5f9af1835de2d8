// The rules of service insight: the time buckets, the suppression of small counts (never a
// number below the threshold, no percentage over a small base or of a small part), the funnel,
// the refusals by field, the median bucket, the message keys read back from their text, and
// the in-memory buffer that merges increments until a flush.
import { describe, expect, it } from 'vitest';
import { completionBucket, completionView, fieldKey, fieldMessages, funnelSteps, messageKeyOf, OTHER_MESSAGE, shownCount, shownPercent } from '../../../src/insight/insight.rules.ts';
import { createCounterBuffer } from '../../../src/insight/insight.buffer.ts';
import { journeyPages } from '../../../src/insight/insight.service.ts';

const K = 5;
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

describe('time to complete buckets', () => {
  it.each([
    [0, 'lt5m'],
    [-1000, 'lt5m'],
    [5 * MIN - 1, 'lt5m'],
    [5 * MIN, 'm5to15'],
    [14 * MIN, 'm5to15'],
    [15 * MIN, 'm15to60'],
    [HOUR, 'h1to24'],
    [23 * HOUR, 'h1to24'],
    [DAY, 'd1to7'],
    [7 * DAY - 1, 'd1to7'],
    [7 * DAY, 'gt7d'],
    [400 * DAY, 'gt7d'],
  ])('%i ms is %s', (ms, bucket) => {
    expect(completionBucket(ms)).toBe(bucket);
  });
});

describe('suppression of small counts', () => {
  it('never shows a count below the threshold', () => {
    for (let n = 0; n < K; n++) expect(shownCount(n, K)).toEqual({ value: null, suppressed: true });
    expect(shownCount(K, K)).toEqual({ value: K, suppressed: false });
    expect(shownCount(120, K)).toEqual({ value: 120, suppressed: false });
  });

  it('shows no percentage over a small base or of a small part', () => {
    expect(shownPercent(2, 4, K)).toBeNull();
    expect(shownPercent(3, 100, K)).toBeNull();
    expect(shownPercent(0, 0, K)).toBeNull();
    expect(shownPercent(5, 10, K)).toBe(50);
    expect(shownPercent(10, 30, K)).toBe(33);
  });

  it('the funnel sums days and versions, keeps the journey’s order and suppresses small figures', () => {
    const rows = [
      { procedure_version: 1, step_id: 'dati-generali', reached: 3, abandoned: 1 },
      { procedure_version: 2, step_id: 'dati-generali', reached: 4, abandoned: 3 },
      { procedure_version: 2, step_id: 'informativa', reached: 9, abandoned: 0 },
      { procedure_version: 1, step_id: 'vecchio-passo', reached: 2, abandoned: 2 },
    ];
    const steps = funnelSteps(rows, journeyPages(undefined), K);
    expect(steps.map((s) => s.stepId)).toEqual(['informativa', 'dati-generali', 'riepilogo', 'inviata', 'vecchio-passo']);
    expect(steps[0]).toEqual({ stepId: 'informativa', reached: { value: 9, suppressed: false }, abandoned: { value: null, suppressed: true }, abandonedPercent: null });
    expect(steps[1]).toEqual({ stepId: 'dati-generali', reached: { value: 7, suppressed: false }, abandoned: { value: null, suppressed: true }, abandonedPercent: null });
    for (const step of steps) {
      for (const shown of [step.reached, step.abandoned]) if (shown.value !== null) expect(shown.value).toBeGreaterThanOrEqual(K);
    }
  });

  it('per field, messages below the threshold are left out and no total gives them away', () => {
    const rows = [
      { step_id: 'a', field: 'uso', message_key: 'chooseOne', count: 4 },
      { step_id: 'a', field: 'uso', message_key: 'chooseOne', count: 4 },
      { step_id: 'a', field: 'uso', message_key: 'chooseValid', count: 2 },
      { step_id: 'a', field: 'cf', message_key: 'cfFormat', count: 3 },
      { step_id: 'b', field: 'iban', message_key: 'ibanCheck', count: 6 },
      { step_id: 'b', field: 'iban', message_key: 'ibanFormat', count: 5 },
    ];
    const fields = fieldMessages(rows, K);
    expect(fields.map((f) => f.field)).toEqual(['iban', 'uso', 'cf']);
    expect(fields[0]).toEqual({ stepId: 'b', field: 'iban', messages: [{ key: 'ibanCheck', count: 6 }, { key: 'ibanFormat', count: 5 }], others: null });
    expect(fields[1]).toEqual({ stepId: 'a', field: 'uso', messages: [{ key: 'chooseOne', count: 8 }], others: { value: null, suppressed: true } });
    expect(fields[2]).toEqual({ stepId: 'a', field: 'cf', messages: [], others: { value: null, suppressed: true } });
    expect(JSON.stringify(fields)).not.toMatch(/"count":[0-4][,}]/);
  });

  it('the time to complete shows the median bucket only over enough filings', () => {
    const view = completionView(
      [
        { bucket: 'lt5m', count: 2 },
        { bucket: 'm5to15', count: 6 },
        { bucket: 'h1to24', count: 5 },
        { bucket: 'm5to15', count: 1 },
      ],
      K,
    );
    expect(view.total).toEqual({ value: 14, suppressed: false });
    expect(view.median).toBe('m5to15');
    expect(view.buckets.find((b) => b.id === 'lt5m')).toEqual({ id: 'lt5m', count: { value: null, suppressed: true }, percent: null });
    expect(view.buckets.find((b) => b.id === 'm5to15')).toEqual({ id: 'm5to15', count: { value: 7, suppressed: false }, percent: 50 });
    const few = completionView([{ bucket: 'lt5m', count: 4 }], K);
    expect(few.median).toBeNull();
    expect(few.total.suppressed).toBe(true);
    expect(few.buckets.every((b) => b.count.value === null && b.percent === null)).toBe(true);
  });
});

describe('what a refusal is counted as', () => {
  it('reads the message back to its key in either language, never keeping the text', () => {
    expect(messageKeyOf('Compila il campo «Uso del certificato»', 'it')).toBe('required');
    expect(messageKeyOf('Il codice fiscale deve avere 16 caratteri tra lettere e numeri, come riportato sulla tessera sanitaria', 'it')).toBe('cfFormat');
    expect(messageKeyOf('«Importo» deve essere almeno 3', 'it')).toMatch(/^(numberMin|moneyMin)$/);
    expect(messageKeyOf('Il file «mario-rossi-isee.pdf» è troppo grande', 'it')).toBe(OTHER_MESSAGE);
    expect(messageKeyOf('Fill in "Purpose of the certificate"', 'en')).toBe('required');
    expect(messageKeyOf('The tax code must be 16 letters and digits, as printed on the health insurance card', 'en')).toBe('cfFormat');
  });

  it('drops the item numbers of a group’s fields', () => {
    expect(fieldKey('figli[2].nome')).toBe('figli.nome');
    expect(fieldKey('a[0].b[11].c')).toBe('a.b.c');
    expect(fieldKey('uso')).toBe('uso');
  });
});

describe('the buffer of counters', () => {
  it('merges increments by key, drains empty, and takes a failed batch back', () => {
    const buffer = createCounterBuffer();
    const place = { day: '2026-12-04', procedure_id: 1, procedure_version: 2, step_id: 'a' };
    buffer.addStep({ ...place, reached: 1, abandoned: 0 });
    buffer.addStep({ ...place, reached: 1, abandoned: 0 });
    buffer.addFieldError({ ...place, field: 'uso', message_key: 'required', count: 1 });
    buffer.addFieldError({ ...place, field: 'uso', message_key: 'required', count: 1 });
    buffer.addFieldError({ ...place, field: 'uso', message_key: 'chooseOne', count: 1 });
    buffer.addCompletion({ day: place.day, procedure_id: 1, procedure_version: 2, bucket: 'lt5m', count: 1 });
    expect(buffer.size).toBe(4);
    const batch = buffer.drain();
    expect(buffer.size).toBe(0);
    expect(batch.steps).toEqual([{ ...place, reached: 2, abandoned: 0 }]);
    expect(batch.fieldErrors.map((e) => [e.message_key, e.count])).toEqual([
      ['required', 2],
      ['chooseOne', 1],
    ]);
    buffer.addStep({ ...place, reached: 1, abandoned: 0 });
    buffer.restore(batch);
    expect(buffer.drain().steps).toEqual([{ ...place, reached: 3, abandoned: 0 }]);
  });
});
