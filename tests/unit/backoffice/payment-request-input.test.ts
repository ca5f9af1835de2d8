// The clerk's payment request form as the schema reads it: amounts in euro as people write them
// (comma or dot, thousands separators) turned into integer cents, never through a float; the
// due date between today and the latest allowed; the taxonomy code optional; the one-time key.
import { describe, expect, it } from 'vitest';
import { paymentRequestInput } from '../../../src/backoffice/backoffice.inputs.ts';

const schema = paymentRequestInput('2025-03-10', '2027-03-10');
const valid = { importo: '80', causale: 'Diritti di istruttoria', scadenza: '2025-04-09', tassonomia: '', chiave: '6f1c2f0e-6d1b-4c55-9a3e-2b8f1f0f8e11' };

describe('the payment request input', () => {
  it.each([
    ['80', 8000],
    ['80,5', 8050],
    ['80,50', 8050],
    ['80.50', 8050],
    ['0,01', 1],
    ['1.234,56', 123456],
    ['1234.56', 123456],
    ['€ 16,00', 1600],
    [' 16 ', 1600],
    ['0,29', 29],
  ])('reads %s as %i cents', (importo, cents) => {
    const parsed = schema.safeParse({ ...valid, importo });
    expect(parsed.success && parsed.data.importo).toBe(cents);
  });

  it.each(['', '0', '0,00', '-5', 'ottanta', '10,555', '1e3', '12,3,4', '10000000000'])('refuses the amount %j', (importo) => {
    const parsed = schema.safeParse({ ...valid, importo });
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues.map((i) => i.path[0])).toEqual(['importo']);
  });

  it('takes due dates from today to the latest, real days only', () => {
    for (const scadenza of ['2025-03-10', '2027-03-10', '2026-02-28']) expect(schema.safeParse({ ...valid, scadenza }).success, scadenza).toBe(true);
    for (const scadenza of ['2025-03-09', '2027-03-11', '2026-02-30', '10/04/2025', '']) expect(schema.safeParse({ ...valid, scadenza }).success, scadenza).toBe(false);
  });

  it('takes a blank taxonomy code as none, and a code in any case', () => {
    expect(schema.parse(valid).tassonomia).toBeNull();
    expect(schema.parse({ ...valid, tassonomia: ' 0101108ts ' }).tassonomia).toBe('0101108TS');
    expect(schema.safeParse({ ...valid, tassonomia: '0101108XX' }).success).toBe(false);
  });

  it('needs the form\'s key and a reason of 3 to 140 characters', () => {
    expect(schema.safeParse({ ...valid, chiave: 'abc' }).success).toBe(false);
    expect(schema.safeParse({ ...valid, chiave: undefined }).success).toBe(false);
    expect(schema.safeParse({ ...valid, causale: 'x'.repeat(141) }).success).toBe(false);
    expect(schema.safeParse({ ...valid, causale: 'x'.repeat(140) }).success).toBe(true);
  });
});
