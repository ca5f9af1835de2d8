// The form logic of issue 18, table by table: comparisons of numbers and dates (with today and
// offsets, between fields, with computed values), date arithmetic, computed expressions, exits,
// date limits, and the definition checks (unknown names, wrong types, cycles).
import { describe, expect, it } from 'vitest';
import { conditionSchema, describeCondition, evaluateCondition, renameConditionField, type Condition } from '../../../src/forms/conditions.ts';
import { evaluateExpression, formEnv, formatComputed, type ComputedDefinition, type Expression } from '../../../src/forms/computed.ts';
import { dateLimitProblem } from '../../../src/forms/date-limits.ts';
import { shiftDate, yearsBetween } from '../../../src/forms/dates.ts';
import { formSchema } from '../../../src/forms/definition.ts';
import { applicableExit } from '../../../src/forms/exits.ts';
import { validateStep } from '../../../src/forms/journey.ts';
import { checkFeesReferences, computeFees, feesSchema } from '../../../src/payments/fees.ts';
import { checkRouting, routeFiling, routingSchema } from '../../../src/routing/index.ts';

const TODAY = '2026-12-04';
const L = (it: string) => ({ it, en: it });
const computed: ComputedDefinition[] = [
  { name: 'totale', label: L('Totale'), format: 'money', expression: { sum: [{ field: 'reddito' }, { field: 'altro', ifEmpty: 0 }] } },
  { name: 'eta', label: L('Età'), format: 'integer', expression: { age: 'nascita' } },
];
const env = formEnv(computed, TODAY);
const answers = { reddito: 1_500_000, altro: 20_000, nascita: '2008-12-05', evento: '2026-12-14', figli: 2, fine: '2026-12-20', nome: 'x' };

describe('comparisons', () => {
  it.each<[string, Condition, boolean]>([
    ['atLeast on the limit', { field: 'reddito', atLeast: 1_500_000 }, true],
    ['atMost on the limit', { field: 'reddito', atMost: 1_500_000 }, true],
    ['above on the limit', { field: 'reddito', above: 1_500_000 }, false],
    ['above one cent under', { field: 'reddito', above: 1_499_999 }, true],
    ['below on the limit', { field: 'reddito', below: 1_500_000 }, false],
    ['a text is no number', { field: 'nome', atLeast: 0 }, false],
    ['missing answer', { field: 'mancante', atMost: 10 }, false],
    ['date before a literal', { field: 'evento', before: '2026-12-15' }, true],
    ['date on the literal is not before', { field: 'evento', before: '2026-12-14' }, false],
    ['onOrBefore on the literal', { field: 'evento', onOrBefore: '2026-12-14' }, true],
    ['onOrAfter today + 10 days (exactly)', { field: 'evento', onOrAfter: { today: { days: 10 } } }, true],
    ['after today + 10 days (exactly) is false', { field: 'evento', after: { today: { days: 10 } } }, false],
    ['not yet 18 the day before the birthday', { field: 'nascita', onOrBefore: { today: { years: -18 } } }, false],
    ['born after today - 18 years', { field: 'nascita', after: { today: { years: -18 } } }, true],
    ['field against field (dates)', { field: 'evento', before: { field: 'fine' } }, true],
    ['field against field (numbers)', { field: 'figli', below: { field: 'reddito' } }, true],
    ['field against a computed value', { field: 'reddito', below: { computed: 'totale' } }, true],
    ['computed subject', { computed: 'totale', equals: 1_520_000 }, true],
    ['computed subject compared', { computed: 'eta', atLeast: 18 }, false],
    ['computed filled', { computed: 'eta', filled: true }, true],
    ['all / any / not', { all: [{ any: [{ field: 'figli', above: 5 }, { field: 'figli', atLeast: 2 }] }, { not: { computed: 'eta', atLeast: 18 } }] }, true],
  ])('%s', (_name, condition, expected) => {
    expect(conditionSchema.safeParse(condition).success).toBe(true);
    expect(evaluateCondition(condition, answers, undefined, env)).toBe(expected);
  });

  it('is false against today when no today is given (the engine never reads the clock)', () => {
    expect(evaluateCondition({ field: 'evento', after: { today: {} } }, answers)).toBe(false);
    expect(evaluateCondition({ not: { field: 'evento', after: { today: {} } } }, answers)).toBe(true);
  });

  it.each<[string, unknown]>([
    ['a date for a number comparison', { field: 'x', atLeast: { today: 5 } }],
    ['an unknown offset unit', { field: 'x', before: { today: { weeks: 1 } } }],
    ['a date comparison of a computed value with a field path', { computed: 'x', before: '2026-01-01' }],
    ['a non-integer offset', { field: 'x', before: { today: { days: 1.5 } } }],
  ])('refuses %s', (_name, condition) => {
    expect(conditionSchema.safeParse(condition).success).toBe(false);
  });

  it('renames a field as subject and as operand', () => {
    expect(renameConditionField({ field: 'a', before: { field: 'b' } }, 'b', 'c')).toEqual({ field: 'a', before: { field: 'c' } });
  });

  it.each<[Condition, 'it' | 'en', string]>([
    [{ field: 'reddito', above: 1_716_000 }, 'it', 'Rispondi solo se «Reddito» è più di € 17.160,00.'],
    [{ field: 'nascita', onOrBefore: { today: { years: -18 } } }, 'en', 'Answer only if "Nascita" is on or before today\'s date minus 18 years.'],
    [{ field: 'evento', after: '2026-12-13' }, 'it', 'Rispondi solo se «Evento» è dopo il 13/12/2026.'],
  ])('describes %j in %s', (condition, locale, text) => {
    const fields: Record<string, { type: string; label: { it: string; en: string } }> = {
      reddito: { type: 'money', label: L('Reddito') },
      nascita: { type: 'date', label: L('Nascita') },
      evento: { type: 'date', label: L('Evento') },
    };
    expect(describeCondition(condition, (n) => fields[n] as never, locale)).toBe(text);
  });
});

describe('date arithmetic', () => {
  it.each<[string, Parameters<typeof shiftDate>[1], string]>([
    ['2026-01-31', { months: 1 }, '2026-02-28'],
    ['2028-01-31', { months: 1 }, '2028-02-29'],
    ['2028-02-29', { years: 1 }, '2029-02-28'],
    ['2026-12-04', { years: -18 }, '2008-12-04'],
    ['2026-12-25', { days: 10 }, '2027-01-04'],
    ['2026-03-31', { months: -1 }, '2026-02-28'],
    ['2026-12-04', {}, '2026-12-04'],
  ])('%s shifted by %j is %s', (from, offset, to) => expect(shiftDate(from, offset)).toBe(to));

  it.each<[string, string, number]>([
    ['2008-12-04', '2026-12-04', 18],
    ['2008-12-05', '2026-12-04', 17],
    ['2008-02-29', '2026-02-28', 17],
    ['2008-02-29', '2026-03-01', 18],
  ])('born %s, on %s: %i years', (born, on, years) => expect(yearsBetween(born, on)).toBe(years));
});

describe('computed expressions', () => {
  const data = { a: 1000, b: 250, zero: 0, membri: [{}, {}, {}], scelte: ['x', 'y'], nato: '2000-06-15', scelta: 'si' };
  it.each<[string, Expression, number | null]>([
    ['constant', 42, 42],
    ['sum', { sum: [{ field: 'a' }, { field: 'b' }, 5] }, 1255],
    ['difference', { difference: [{ field: 'a' }, { field: 'b' }] }, 750],
    ['product', { product: [{ field: 'b' }, 3] }, 750],
    ['quotient', { quotient: [{ field: 'a' }, 4] }, 250],
    ['division by zero is unknown', { quotient: [{ field: 'a' }, { field: 'zero' }] }, null],
    ['min / max', { max: [0, { min: [{ field: 'a' }, 300] }] }, 300],
    ['round', { round: { quotient: [10, 4] } }, 3],
    ['percent', { percent: 20, of: { field: 'a' } }, 200],
    ['count of items', { count: 'membri' }, 3],
    ['count of options ticked', { count: 'scelte' }, 2],
    ['count of nothing', { count: 'mancante' }, 0],
    ['age at today', { age: 'nato' }, 26],
    ['missing field is unknown', { sum: [{ field: 'a' }, { field: 'mancante' }] }, null],
    ['missing field with ifEmpty', { sum: [{ field: 'a' }, { field: 'mancante', ifEmpty: 0 }] }, 1000],
    ['if then', { if: { field: 'scelta', equals: 'si' }, then: 1, else: 2 }, 1],
    ['if else', { if: { field: 'a', above: 5000 }, then: 1, else: 2 }, 2],
  ])('%s', (_name, expression, value) => expect(evaluateExpression(expression, data, formEnv([], TODAY))).toBe(value));

  it('rounds money to the cent and formats it in both languages', () => {
    const e = formEnv([{ name: 'q', label: L('q'), format: 'money', expression: { quotient: [1000, 3] } }], TODAY);
    expect(e.computed!('q', {})).toBe(333);
    expect(formatComputed(123450, 'money', 'it')).toBe('€ 1.234,50');
    expect(formatComputed(12.5, 'number', 'en')).toBe('12.5');
  });
});

describe('date limits', () => {
  const limits = { minDate: { today: { days: 10 } }, maxDate: { today: { years: 1 } } };
  it.each<[string, string | null]>([
    ['2026-12-13', "«Data»: la data non può essere precedente al 14/12/2026"],
    ['2026-12-14', null], // exactly on the lower limit
    ['2027-12-04', null], // exactly on the upper limit
    ['2027-12-05', "«Data»: la data non può essere successiva al 04/12/2027"],
  ])('%s -> %s', (date, problem) => expect(dateLimitProblem(date, limits, TODAY, 'it', 'Data')).toBe(problem));

  it('fixed limits and English', () => {
    expect(dateLimitProblem('2026-12-13', { minDate: '2026-12-14' }, TODAY, 'en', 'Date')).toBe('"Date": the date cannot be earlier than 14/12/2026');
    expect(dateLimitProblem('2028-02-29', { maxDate: '2028-02-29' }, TODAY, 'en', 'Date')).toBeNull();
  });

  it.each<[unknown, boolean]>([
    [{ minDate: '2026-01-01', maxDate: '2026-12-31' }, true],
    [{ minDate: '2026-12-31', maxDate: '2026-01-01' }, false],
    [{ minDate: '2026-02-30' }, false],
    [{ maxDate: { today: { weeks: 1 } } }, false],
    [{ minDate: { today: { years: -120 } }, maxDate: { today: {} } }, true],
  ])('date limits %j are valid: %s', (limits, valid) => {
    const form = { steps: [{ id: 'a', title: L('A'), fields: [{ name: 'd', type: 'date', label: L('D'), ...(limits as object) }] }] };
    expect(formSchema.safeParse(form).success).toBe(valid);
  });

  it('a date field refuses a birth date in the future, with the step validation', () => {
    const form = formSchema.parse({
      steps: [{ id: 'a', title: L('A'), fields: [{ name: 'nascita', type: 'date', label: L('Nascita'), required: true, maxDate: { today: {} } }] }],
    });
    expect(validateStep(form, 'a', { nascita: '2026-12-04' }, {}, 'it', { today: TODAY }).ok).toBe(true);
    const refused = validateStep(form, 'a', { nascita: '05/12/2026' }, {}, 'it', { today: TODAY });
    expect(refused.ok ? null : refused.errors[0]!.message).toBe('«Nascita»: la data non può essere successiva al 04/12/2026');
  });
});

const grantForm = (extra: Record<string, unknown> = {}) => ({
  steps: [
    { id: 'isee', title: L('ISEE'), fields: [{ name: 'isee', type: 'money', label: L('ISEE'), required: true }, { name: 'canone', type: 'money', label: L('Canone'), required: true }] },
    { id: 'altro', title: L('Altro'), fields: [{ name: 'nascita', type: 'date', label: L('Nascita'), required: true }, { name: 'nome', type: 'text', label: L('Nome') }] },
  ],
  computed: [{ name: 'contributo', label: L('Contributo'), format: 'money', expression: { min: [{ product: [{ field: 'canone' }, 3] }, 150000] } }],
  exits: [
    { id: 'isee-alto', when: { field: 'isee', above: 1716000 }, title: L('ISEE alto'), reason: L('Non puoi presentare la domanda perché...'), instead: L('Chiedi un ISEE corrente') },
    { id: 'minorenne', when: { field: 'nascita', after: { today: { years: -18 } } }, title: L('Minorenne'), reason: L('...'), instead: L('...') },
  ],
  ...extra,
});

describe('definition checks', () => {
  it('accepts a grant with an ISEE exit and a computed amount', () => {
    expect(formSchema.safeParse(grantForm()).success).toBe(true);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['unknown field in an expression', { computed: [{ name: 'c', label: L('c'), format: 'number', expression: { field: 'nessuno' } }] }, 'no field named "nessuno"'],
    ['type mismatch: sum of a text', { computed: [{ name: 'c', label: L('c'), format: 'number', expression: { sum: [{ field: 'nome' }, 1] } }] }, '"nome" is a text field'],
    ['type mismatch: age of a number', { computed: [{ name: 'c', label: L('c'), format: 'integer', expression: { age: 'isee' } }] }, 'age needs a date'],
    ['a cycle', { computed: [{ name: 'a', label: L('a'), format: 'number', expression: { computed: 'b' } }, { name: 'b', label: L('b'), format: 'number', expression: { sum: [{ computed: 'a' }, 1] } }] }, 'in a circle: a -> b -> a'],
    ['a name taken by a field', { computed: [{ name: 'isee', label: L('a'), format: 'number', expression: 1 }] }, 'already the name of a field'],
    ['unknown computed in an exit', { exits: [{ id: 'x', when: { computed: 'nulla', atLeast: 1 }, title: L('x'), reason: L('x'), instead: L('x') }] }, 'no computed value named "nulla"'],
    ['date comparison on money', { exits: [{ id: 'x', when: { field: 'isee', before: '2026-01-01' }, title: L('x'), reason: L('x'), instead: L('x') }] }, 'is not a date'],
    ['number comparison on a date', { exits: [{ id: 'x', when: { field: 'nascita', atLeast: 3 }, title: L('x'), reason: L('x'), instead: L('x') }] }, 'is not a number'],
    ['a date against a number field', { exits: [{ id: 'x', when: { field: 'nascita', before: { field: 'isee' } }, title: L('x'), reason: L('x'), instead: L('x') }] }, '"isee" is a money field'],
    ['unknown field in an exit', { exits: [{ id: 'x', when: { field: 'boh', equals: 1 }, title: L('x'), reason: L('x'), instead: L('x') }] }, 'names "boh"'],
  ])('refuses %s', (_name, extra, message) => {
    const result = formSchema.safeParse(grantForm(extra));
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => i.message).join('\n')).toContain(message);
  });
});

describe('exits and fees', () => {
  const form = formSchema.parse(grantForm());
  const e = formEnv(form.computed, TODAY);
  it.each<[string, Record<string, unknown>, string | undefined, string | null]>([
    ['ISEE above the threshold, after its step', { isee: 1716001 }, 'isee', 'isee-alto'],
    ['ISEE exactly on the threshold', { isee: 1716000 }, 'isee', null],
    ['an exit on a later step is not looked at yet', { isee: 1000, nascita: '2010-01-01' }, 'isee', null],
    ['the same exit after its step', { isee: 1000, nascita: '2010-01-01' }, 'altro', 'minorenne'],
    ['every exit when filing', { isee: 1000, nascita: '2010-01-01' }, undefined, 'minorenne'],
    ['adult on the day of the 18th birthday', { isee: 1000, nascita: '2008-12-04' }, undefined, null],
  ])('%s', (_name, answers, after, exit) => expect(applicableExit(form, answers as never, e, after)?.id ?? null).toBe(exit));

  it('a fee item takes the amount of a computed value, and the checks know it', () => {
    const fees = feesSchema.parse({ taxonomyCode: '0101108TS', items: [{ id: 'quota', label: L('Quota'), type: 'computed', computed: 'contributo' }] });
    expect(computeFees(fees, { canone: 40000 }, e).onlineCents).toBe(120000);
    expect(computeFees(fees, { canone: 90000 }, e).onlineCents).toBe(150000);
    expect(checkFeesReferences(fees, form)).toEqual([]);
    const wrong = feesSchema.parse({ taxonomyCode: '0101108TS', items: [{ id: 'quota', label: L('Quota'), type: 'computed', computed: 'nessuno' }] });
    expect(checkFeesReferences(wrong, form)[0]!.message).toContain('no computed value named "nessuno"');
  });
});

describe('routing rules read the same comparisons and computed values', () => {
  const form = formSchema.parse(grantForm());
  const check = (when: unknown) => checkRouting(routingSchema.parse({ rules: [{ id: 'r', when, office: 'tributi' }] }), form).map((i) => i.message);
  it.each<[string, unknown, string | null]>([
    ['a number comparison', { field: 'isee', above: 1000 }, null],
    ['a computed value', { computed: 'contributo', atLeast: 100 }, null],
    ['a date against today', { field: 'nascita', before: { today: { years: -65 } } }, null],
    ['a date operand for a number', { field: 'isee', above: '2026-01-01' }, 'above compares numbers'],
    ['an unknown computed value', { computed: 'nessuno', atLeast: 1 }, 'no computed value named "nessuno"'],
  ])('%s', (_name, when, problem) => {
    const problems = check(when);
    if (problem === null) expect(problems).toEqual([]);
    else expect(problems.join('\n')).toContain(problem);
  });

  it('routes on a computed value', () => {
    const decision = routeFiling({
      defaultOffice: 'anagrafe',
      routing: routingSchema.parse({ rules: [{ id: 'alto', when: { computed: 'contributo', atLeast: 100000 }, office: 'tributi' }] }),
      answers: { canone: 50000 },
      applicantType: 'citizen',
      env: formEnv(form.computed, TODAY),
    });
    expect(decision.office).toBe('tributi');
  });
});
