import { describe, expect, it } from 'vitest';
import {
  applyAction,
  firstStepId,
  mergeStepAnswers,
  nextStepId,
  previousStepId,
  pruneAnswers,
  readAction,
  stepIndicator,
  stepView,
  summaryView,
  validateAll,
  validateStep,
  valuesFromAnswers,
  visibleSteps,
  FormStepError,
} from '../../../src/forms/index.ts';
import { form, L, OPTIONS, TODAY } from './helpers.ts';

// A small certificate request: the tax code only for someone else, the stamp step only when
// stamp duty is due, a household that repeats.
const definition = form([
  {
    id: 'richiesta',
    title: L('Richiesta', 'Request'),
    fields: [
      {
        name: 'perChi',
        type: 'radio',
        label: L('Per chi chiedi?', 'Who is it for?'),
        required: true,
        options: [
          { value: 'me', label: L('Per me', 'For me') },
          { value: 'altri', label: L('Per un’altra persona', 'For someone else') },
        ],
      },
      { name: 'cfAltri', type: 'codiceFiscale', label: L('Codice fiscale della persona'), required: true, showIf: { field: 'perChi', equals: 'altri' } },
      { name: 'uso', type: 'select', label: L('Uso'), required: true, options: OPTIONS },
    ],
  },
  {
    id: 'bollo',
    title: L('Bollo', 'Stamp'),
    showIf: { field: 'uso', equals: 'alfa' },
    fields: [{ name: 'marca', type: 'marcaDaBollo', label: L('Marca da bollo'), required: true }],
  },
  {
    id: 'famiglia',
    title: L('Famiglia', 'Household'),
    fields: [
      { name: 'conAltri', type: 'yesno', label: L('Vive con altri?'), required: true },
      {
        name: 'membri',
        type: 'group',
        label: L('Membri', 'Members'),
        required: true,
        max: 3,
        showIf: { field: 'conAltri', equals: true },
        fields: [{ name: 'nome', type: 'text', label: L('Nome'), required: true }],
      },
      { name: 'note', type: 'textarea', label: L('Note') },
    ],
  },
]);

const marca = { serial: '01234567890123', issuedOn: '2026-11-01' };

describe('steps that apply', () => {
  it('skips a step whose condition is false, both ways', () => {
    const exempt = { perChi: 'me', uso: 'beta' };
    expect(visibleSteps(definition, exempt).map((s) => s.id)).toEqual(['richiesta', 'famiglia']);
    expect(firstStepId(definition, {})).toBe('richiesta');
    expect(nextStepId(definition, 'richiesta', exempt)).toBe('famiglia');
    expect(previousStepId(definition, 'famiglia', exempt)).toBe('richiesta');
    expect(nextStepId(definition, 'richiesta', { uso: 'alfa' })).toBe('bollo');
    expect(nextStepId(definition, 'famiglia', exempt)).toBeNull(); // then the summary
    expect(previousStepId(definition, 'richiesta', exempt)).toBeNull();
  });

  it('gives the position for a step indicator', () => {
    const indicator = stepIndicator(definition, 'famiglia', { uso: 'alfa' }, 'it');
    expect(indicator).toMatchObject({ current: 3, total: 3, label: 'Passo 3 di 3' });
    expect(indicator.steps.map((s) => s.status)).toEqual(['done', 'done', 'current']);
    expect(stepIndicator(definition, 'famiglia', { uso: 'beta' }, 'en').label).toBe('Step 2 of 2');
  });

  it('refuses unknown steps and steps that do not apply', () => {
    expect(() => validateStep(definition, 'nope', {}, {}, 'it')).toThrow(FormStepError);
    expect(() => validateStep(definition, 'bollo', {}, { uso: 'beta' }, 'it')).toThrowError(/does not apply/);
  });
});

describe('validateStep', () => {
  it('drops the answers of hidden fields, even when they were posted', () => {
    const result = validateStep(definition, 'richiesta', { perChi: 'me', cfAltri: 'CSRGGL44L13H501E', uso: 'beta' }, {}, 'it', { today: TODAY });
    expect(result).toEqual({ ok: true, answers: { perChi: 'me', uso: 'beta' } });
  });

  it('validates a field shown by an answer on the same page', () => {
    const result = validateStep(definition, 'richiesta', { perChi: 'altri', uso: 'beta' }, {}, 'it', { today: TODAY });
    expect(result).toMatchObject({ ok: false, errors: [{ field: 'cfAltri', inputId: 'f-cfAltri', message: 'Inserisci il codice fiscale' }] });
  });

  it('lists errors in field order and keeps what was typed', () => {
    const body = { perChi: 'altri', cfAltri: 'csrggl44l13h501a', uso: 'zeta' };
    const result = validateStep(definition, 'richiesta', body, {}, 'en', { today: TODAY });
    if (result.ok) throw new Error('expected errors');
    expect(result.errors.map((e) => e.inputId)).toEqual(['f-cfAltri', 'f-uso']);
    expect(result.values).toEqual(body);
    const view = stepView(definition, 'richiesta', result.values, result.errors, 'en');
    expect(view.errorSummary).toEqual({
      title: 'There is a problem',
      items: [
        { href: '#f-cfAltri', text: 'The tax code is not valid: check the last character' },
        { href: '#f-uso', text: 'Choose one of the answers given for "Uso (en)"' },
      ],
    });
    const cf = view.fields.find((f) => f.name === 'cfAltri');
    expect(cf).toMatchObject({ value: 'csrggl44l13h501a', invalid: true, errorId: 'f-cfAltri-error' });
  });

  it('replaces the step answers in the draft and prunes answers that no longer apply', () => {
    const draft = { perChi: 'altri', cfAltri: 'CSRGGL44L13H501E', uso: 'alfa', marca, conAltri: false };
    const result = validateStep(definition, 'richiesta', { perChi: 'me', uso: 'beta' }, draft, 'it', { today: TODAY });
    if (!result.ok) throw new Error('expected success');
    // cfAltri hidden now; the stamp step no longer applies
    expect(mergeStepAnswers(definition, 'richiesta', draft, result.answers)).toEqual({ perChi: 'me', uso: 'beta', conAltri: false });
  });
});

describe('the step page', () => {
  it('shows a same-page conditional field with the sentence saying when to answer it', () => {
    const view = stepView(definition, 'richiesta', {}, [], 'it');
    const cf = view.fields.find((f) => f.name === 'cfAltri');
    expect(cf?.conditionText).toBe('Rispondi solo se a «Per chi chiedi?» hai risposto «Per un’altra persona».');
    expect(cf?.describedBy).toBe('f-cfAltri-condition');
    expect(cf?.optionalText).toBeNull();
    // the condition as the reveal script decides it over the inputs
    expect(JSON.parse(cf?.revealRule ?? 'null')).toEqual({ input: 'perChi', oneOf: ['altri'] });
  });

  it('shows stored answers as the person typed them', () => {
    const values = valuesFromAnswers(definition, 'bollo', { marca }, 'it');
    const view = stepView(definition, 'bollo', values, [], 'it', { uso: 'alfa' });
    const field = view.fields[0];
    expect(field?.kind === 'composite' && field.parts.map((p) => [p.name, p.value])).toEqual([
      ['marca.serial', '01234567890123'],
      ['marca.issuedOn', '2026-11-01'],
    ]);
  });

  it('marks optional fields, not required ones', () => {
    const view = stepView(definition, 'famiglia', {}, [], 'it');
    expect(view.fields.map((f) => [f.name, f.optionalText])).toEqual([
      ['conAltri', null],
      ['membri', null], // conditional on this page: required when it applies
      ['note', '(facoltativo)'],
    ]);
  });
});

describe('repeatable groups without JavaScript', () => {
  it('reads the engine buttons', () => {
    expect(readAction({ _action: 'add:membri' })).toEqual({ kind: 'add', field: 'membri' });
    expect(readAction({ _action: 'remove:membri:1' })).toEqual({ kind: 'remove', field: 'membri', index: 1 });
    expect(readAction({ _action: 'removeFile:allegati:u-1' })).toEqual({ kind: 'removeFile', field: 'allegati', fileId: 'u-1' });
    expect(readAction({})).toBeNull();
    expect(readAction({ _action: 'drop table' })).toBeNull();
  });

  it('adds an empty item, keeping what was typed, up to max', () => {
    const body = { conAltri: 'yes', 'membri._items': '1', 'membri[0].nome': 'Ada' };
    const values = applyAction(definition, 'famiglia', body, {}, { kind: 'add', field: 'membri' });
    expect(values.membri).toEqual([{ nome: 'Ada' }, {}]);
    const view = stepView(definition, 'famiglia', values, [], 'it');
    const group = view.fields.find((f) => f.kind === 'group');
    if (group?.kind !== 'group') throw new Error('no group');
    expect(group.count).toBe(2);
    expect(group.items.map((i) => i.legend)).toEqual(['Membri 1', 'Membri 2']);
    expect(group.items[1]?.fields[0]).toMatchObject({ name: 'membri[1].nome', id: 'f-membri-1-nome', value: '' });
    expect(group.items[0]?.remove).toMatchObject({ name: '_action', value: 'remove:membri:0' });
    expect(group.add).toMatchObject({ name: '_action', value: 'add:membri', label: 'Aggiungi un altro elemento' });

    const full = applyAction(definition, 'famiglia', { 'membri._items': '3' }, {}, { kind: 'add', field: 'membri' });
    expect(full.membri).toHaveLength(3);
    const fullView = stepView(definition, 'famiglia', full, [], 'it').fields.find((f) => f.kind === 'group');
    expect(fullView?.kind === 'group' && fullView.add).toBeNull();
  });

  it('removes an item and renumbers the others', () => {
    const body = { 'membri._items': '3', 'membri[0].nome': 'A', 'membri[1].nome': 'B', 'membri[2].nome': 'C' };
    expect(applyAction(definition, 'famiglia', body, {}, { kind: 'remove', field: 'membri', index: 1 }).membri).toEqual([{ nome: 'A' }, { nome: 'C' }]);
  });
});

describe('validateAll at submission', () => {
  it('accepts a complete journey, dropping answers of steps and fields that do not apply', () => {
    const answers = { perChi: 'me', cfAltri: 'CSRGGL44L13H501E', uso: 'beta', marca, conAltri: true, membri: [{ nome: 'Ada' }], stray: 'x' };
    expect(validateAll(definition, answers, 'it', { today: TODAY })).toEqual({
      ok: true,
      answers: { perChi: 'me', uso: 'beta', conAltri: true, membri: [{ nome: 'Ada' }] },
    });
  });

  it('reports missing required answers with the step to go back to', () => {
    const result = validateAll(definition, { perChi: 'altri', uso: 'alfa', conAltri: true }, 'en', { today: TODAY });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors.map((e) => [e.stepId, e.field, e.message])).toEqual([
      ['richiesta', 'cfAltri', 'Enter the tax code'],
      ['bollo', 'marca.serial', 'Enter the identification number of the revenue stamp'],
      ['bollo', 'marca.issuedOn', 'Enter the date of issue of the revenue stamp'],
      ['famiglia', 'membri', 'Add at least one item to "Members"'],
    ]);
  });

  it('checks stored answers again (a stamp dated after today is refused)', () => {
    const answers = { perChi: 'me', uso: 'alfa', marca: { ...marca, issuedOn: '2026-12-01' }, conAltri: false };
    const result = validateAll(definition, answers, 'it', { today: TODAY });
    expect(!result.ok && result.errors.map((e) => e.inputId)).toEqual(['f-marca-issuedOn']);
  });
});

describe('summary', () => {
  it('lists the steps that apply with their answers in words, and the step id for "change"', () => {
    const answers = { perChi: 'me', uso: 'alfa', marca, conAltri: false, note: 'Grazie' };
    const summary = summaryView(definition, answers, 'it');
    expect(summary.steps.map((s) => [s.stepId, s.rows.map((r) => [r.label, r.text])])).toEqual([
      [
        'richiesta',
        [
          ['Per chi chiedi?', 'Per me'],
          ['Uso', 'Alfa'],
        ],
      ],
      ['bollo', [['Marca da bollo', 'Marca da bollo n. 01234567890123 del 01/11/2026']]],
      [
        'famiglia',
        [
          ['Vive con altri?', 'No'],
          ['Note', 'Grazie'],
        ],
      ],
    ]);
    expect(summary.steps[0]?.changeLabel).toBe('Modifica');
  });

  it('says "not provided" for optional questions left empty', () => {
    const rows = summaryView(definition, { perChi: 'me', uso: 'beta', conAltri: false }, 'en').steps[1]?.rows;
    expect(rows?.at(-1)).toMatchObject({ label: 'Note (en)', text: 'Not provided', answered: false });
  });

  it('prunes before summarising', () => {
    expect(pruneAnswers(definition, { perChi: 'me', cfAltri: 'X', uso: 'beta', marca })).toEqual({ perChi: 'me', uso: 'beta' });
  });
});
