import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { checkFeesReferences, computeFees, feesSchema, rateAmount } from '../../../src/payments/fees.ts';
import { formSchema } from '../../../src/forms/definition.ts';
import { procedureDefinitionSchema } from '../../../src/catalogue/definition.ts';
import { loadOffices, loadProcedureDefinitions } from '../../../src/catalogue/definition-files.ts';

const label = (it: string) => ({ it, en: it });

const form = formSchema.parse({
  steps: [
    {
      id: 'dati',
      title: label('Dati'),
      fields: [
        { name: 'tipo', type: 'radio', label: label('Tipo'), required: true, options: [{ value: 'ordinaria', label: label('Ordinaria') }, { value: 'urgente', label: label('Urgente') }] },
        { name: 'copie', type: 'checkboxes', label: label('Copie'), options: [{ value: 'carta', label: label('Carta') }, { value: 'bollo', label: label('Bollo') }] },
        { name: 'superficie', type: 'decimal', label: label('Superficie') },
        { name: 'lavoriIniziati', type: 'yesno', label: label('Lavori iniziati') },
        { name: 'marca', type: 'marcaDaBollo', label: label('Marca da bollo') },
      ],
    },
  ],
});

const fees = feesSchema.parse(
  parse(`
timing: before-submission
taxonomyCode: 0101108TS
dueDays: 30
items:
  - id: diritti
    type: fixed
    label: { it: Diritti di segreteria, en: Secretarial fees }
    amountCents: 8000
  - id: urgenza
    type: perOption
    label: { it: Urgenza, en: Urgency }
    field: tipo
    amounts: { urgente: 2500 }
  - id: copie
    type: perOption
    label: { it: Copie, en: Copies }
    field: copie
    amounts: { carta: 100, bollo: 1600 }
  - id: istruttoria
    type: rate
    label: { it: Istruttoria, en: Review }
    field: superficie
    rateCents: 150
    minimumCents: 5000
    maximumCents: 50000
  - id: sanzione
    type: fixed
    label: { it: Sanzione CILA tardiva, en: Late CILA fine }
    amountCents: 100000
    when: { field: lavoriIniziati, equals: true }
  - id: bollo
    type: stampDuty
    label: { it: Marca da bollo, en: Stamp duty }
    declaredBy: marca
`),
);

describe('fees schema', () => {
  it('parses the YAML shape with its defaults', () => {
    expect(fees.items).toHaveLength(6);
    const bollo = fees.items[5]!;
    expect(bollo.type === 'stampDuty' && bollo.amountCents).toBe(1600);
    expect(checkFeesReferences(fees, form)).toEqual([]);
  });

  it('refuses what cannot be computed', () => {
    expect(feesSchema.safeParse({ taxonomyCode: '0101108TS', items: [] }).success).toBe(false);
    expect(feesSchema.safeParse({ taxonomyCode: '0101108XX', items: [{ id: 'a', type: 'fixed', label: label('A'), amountCents: 100 }] }).success).toBe(false);
    expect(feesSchema.safeParse({ taxonomyCode: '0101108TS', items: [{ id: 'a', type: 'fixed', label: label('A'), amountCents: 12.5 }] }).success).toBe(false);
    expect(feesSchema.safeParse({ taxonomyCode: '0101108TS', items: [{ id: 'a', type: 'stampDuty', label: label('A'), online: false }] }).success).toBe(false);
    const twice = { id: 'a', type: 'fixed', label: label('A'), amountCents: 100 };
    expect(feesSchema.safeParse({ taxonomyCode: '0101108TS', items: [twice, twice] }).success).toBe(false);
    expect(feesSchema.safeParse({ taxonomyCode: '0101108TS', timing: 'on-request' }).success).toBe(false);
    expect(feesSchema.safeParse({ taxonomyCode: '0101108TS', timing: 'on-request', description: label('Oneri calcolati dall\'ufficio') }).success).toBe(true);
  });

  it('finds fees that name missing fields, wrong types or unknown options', () => {
    const bad = feesSchema.parse({
      taxonomyCode: '0101108TS',
      items: [
        { id: 'a', type: 'perOption', label: label('A'), field: 'tipo', amounts: { lampo: 100 } },
        { id: 'b', type: 'rate', label: label('B'), field: 'tipo', rateCents: 100 },
        { id: 'c', type: 'stampDuty', label: label('C'), declaredBy: 'nessuno' },
        { id: 'd', type: 'fixed', label: label('D'), amountCents: 100, when: { field: 'fantasma', equals: true } },
      ],
    });
    const messages = checkFeesReferences(bad, form).map((i) => i.message);
    expect(messages).toEqual([
      '"lampo" is not an option of "tipo"',
      'field "tipo" is a radio; use a integer or decimal field',
      'no field named "nessuno" in the form',
      'the condition names "fantasma", which is not in the form',
    ]);
  });

  it('is the optional fees key of a procedure definition', async () => {
    const offices = await loadOffices();
    const [definition] = await loadProcedureDefinitions(undefined, new Set(offices.map((o) => o.code)));
    const withFees = { ...definition!, fees: { taxonomyCode: '0101108TS', items: [{ id: 'diritti', type: 'fixed', label: label('Diritti'), amountCents: 1000 }] } };
    const parsed = procedureDefinitionSchema.parse(withFees);
    expect(parsed.fees?.timing).toBe('before-submission');
    expect(procedureDefinitionSchema.safeParse({ ...withFees, fees: { taxonomyCode: 'nope', items: [] } }).success).toBe(false);
    expect(procedureDefinitionSchema.parse({ ...definition!, fees: undefined }).fees).toBeUndefined();
  });
});

describe('computeFees', () => {
  it('adds fixed, option, rate with its minimum, and online stamp duty', () => {
    const result = computeFees(fees, { tipo: 'ordinaria', superficie: 12 });
    expect(result.items.map((i) => [i.id, i.amountCents, i.settlement])).toEqual([
      ['diritti', 8000, 'online'],
      ['istruttoria', 5000, 'online'],
      ['bollo', 1600, 'online'],
    ]);
    expect(result.onlineCents).toBe(14600);
    expect(result.totalCents).toBe(14600);
    expect(result.timing).toBe('before-submission');
  });

  it('prices the option chosen and each box ticked, and applies conditions', () => {
    const result = computeFees(fees, { tipo: 'urgente', copie: ['carta', 'bollo'], superficie: 100, lavoriIniziati: true });
    expect(Object.fromEntries(result.items.map((i) => [i.id, i.amountCents]))).toEqual({
      diritti: 8000,
      urgenza: 2500,
      copie: 1700,
      istruttoria: 15000,
      sanzione: 100000,
      bollo: 1600,
    });
  });

  it('caps the rate at its maximum and rounds half up to the cent, without float drift', () => {
    expect(computeFees(fees, { superficie: 1000 }).items.find((i) => i.id === 'istruttoria')?.amountCents).toBe(50000);
    expect(rateAmount(150, 33.33)).toBe(5000); // 4999.5 -> 5000
    expect(rateAmount(333, 0.1)).toBe(33); // 33.3
    expect(rateAmount(10, 0.35)).toBe(4); // 3.5 -> 4, where 0.35 * 10 in floats is 3.4999...
    expect(rateAmount(1000, 2.5, 10)).toBe(250);
    expect(rateAmount(100, -1)).toBe(0);
  });

  it('leaves a declared stamp out of the online amount and keeps its serial', () => {
    const result = computeFees(fees, { tipo: 'ordinaria', superficie: 40, marca: { serial: '0123456789012345', issuedOn: '2025-01-10' } });
    const bollo = result.items.find((i) => i.id === 'bollo')!;
    expect(bollo.settlement).toBe('declared');
    expect(bollo.stampSerial).toBe('0123456789012345');
    expect(result.onlineCents).toBe(8000 + 6000);
    expect(result.totalCents).toBe(8000 + 6000 + 1600);
  });

  it('has nothing to pay online when there is nothing to compute', () => {
    const onRequest = feesSchema.parse({ taxonomyCode: '0101108TS', timing: 'on-request', description: label('Oneri') });
    expect(computeFees(onRequest, {})).toEqual({ timing: 'on-request', items: [], onlineCents: 0, totalCents: 0 });
  });
});

describe('shipped procedures', () => {
  it('every fees block names fields of its own form', async () => {
    const offices = await loadOffices();
    const definitions = await loadProcedureDefinitions(undefined, new Set(offices.map((o) => o.code)));
    for (const definition of definitions) {
      if (!definition.fees) continue;
      expect(checkFeesReferences(definition.fees, definition.form), definition.slug).toEqual([]);
    }
  });
});
