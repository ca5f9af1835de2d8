import { describe, expect, it } from 'vitest';
import { describeCondition, evaluateCondition } from '../../../src/forms/conditions.ts';
import type { Condition } from '../../../src/forms/conditions.ts';
import { L, OPTIONS } from './helpers.ts';

const answers = { uso: 'bollo', figli: 2, residente: true, servizi: ['mensa', 'trasporto'], note: '', importo: 1600 };

describe('evaluateCondition', () => {
  it.each<[Condition, boolean]>([
    [{ field: 'uso', equals: 'bollo' }, true],
    [{ field: 'uso', equals: 'esente' }, false],
    [{ field: 'residente', equals: true }, true],
    [{ field: 'residente', equals: 'true' }, false], // no coercion between types
    [{ field: 'uso', equals: ' BOLLO' }, true], // strings compare trimmed and case-insensitively
    [{ field: 'uso', in: ['Esente', 'Bollo'] }, true],
    [{ field: 'servizi', includes: 'MENSA' }, true],
    [{ field: 'figli', atLeast: 2 }, true],
    [{ field: 'figli', below: 2 }, false],
    [{ field: 'uso', atLeast: 2 }, false], // a text is no number
    [{ field: 'figli', equals: 2 }, true],
    [{ field: 'importo', equals: 1600 }, true], // money compares in cents
    [{ field: 'uso', notEquals: 'esente' }, true],
    [{ field: 'mancante', notEquals: 'x' }, true], // a missing answer equals nothing
    [{ field: 'mancante', equals: 'x' }, false],
    [{ field: 'uso', in: ['esente', 'bollo'] }, true],
    [{ field: 'uso', in: ['esente'] }, false],
    [{ field: 'servizi', includes: 'mensa' }, true],
    [{ field: 'servizi', includes: 'pre-scuola' }, false],
    [{ field: 'uso', includes: 'bol' }, false], // includes is for lists, not substrings
    [{ field: 'note', filled: false }, true], // blank text is not filled
    [{ field: 'servizi', filled: true }, true],
    [{ field: 'mancante', filled: false }, true],
    [{ all: [{ field: 'uso', equals: 'bollo' }, { field: 'residente', equals: true }] }, true],
    [{ all: [{ field: 'uso', equals: 'bollo' }, { field: 'residente', equals: false }] }, false],
    [{ any: [{ field: 'uso', equals: 'esente' }, { field: 'figli', equals: 2 }] }, true],
    [{ not: { field: 'uso', equals: 'bollo' } }, false],
    [{ not: { any: [{ field: 'uso', equals: 'x' }, { field: 'uso', equals: 'y' }] } }, true],
  ])('%j -> %s', (condition, expected) => {
    expect(evaluateCondition(condition, answers)).toBe(expected);
  });
});

describe('facts a caller plugs in', () => {
  type Fact = { applicant: 'citizen' | 'business' };
  /** The applicant is a business. */
  const business = (fact: Fact) => fact.applicant === 'business';

  it('are decided by the caller, and are false where no one decides them', () => {
    const condition: Condition<Fact> = { all: [{ applicant: 'business' }, { field: 'uso', equals: 'bollo' }] };
    expect(evaluateCondition(condition, answers, business)).toBe(true);
    expect(evaluateCondition(condition, answers)).toBe(false);
    expect(evaluateCondition<Fact>({ not: { applicant: 'business' } }, answers, business)).toBe(false);
    expect(evaluateCondition<Fact>({ any: [{ applicant: 'citizen' }, { field: 'figli', atLeast: 3 }] }, answers, business)).toBe(false);
  });
});

describe('describeCondition', () => {
  const fields = {
    scelta: { name: 'scelta', type: 'radio' as const, label: L('Per chi?', 'For whom?'), required: true, options: OPTIONS },
    residente: { name: 'residente', type: 'yesno' as const, label: L('Sei residente?', 'Are you resident?'), required: true },
  };
  const find = (name: string) => fields[name as keyof typeof fields];

  it('names the question and the answer, with option labels', () => {
    expect(describeCondition({ field: 'scelta', equals: 'beta' }, find, 'it')).toBe('Rispondi solo se a «Per chi?» hai risposto «Beta».');
    expect(describeCondition({ field: 'residente', equals: true }, find, 'en')).toBe('Answer only if your answer to "Are you resident?" was "Yes".');
    expect(describeCondition({ field: 'scelta', in: ['alfa', 'gamma'] }, find, 'it')).toBe(
      'Rispondi solo se a «Per chi?» hai risposto una di queste: «Alfa», «Gamma».',
    );
  });

  it('falls back to a general sentence for combinations', () => {
    expect(describeCondition({ not: { field: 'scelta', equals: 'beta' } }, find, 'it')).toBe('Rispondi solo se ti riguarda, in base alle risposte precedenti.');
  });
});
