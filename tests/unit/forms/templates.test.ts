// Renders every field type through its Nunjucks macro and checks, on the HTML, what assistive
// technology relies on: each control has a label tied by for/id, errors are in the page and
// referenced by aria-describedby, invalid controls say so, no placeholder stands in for a label.
import nunjucks from 'nunjucks';
import { describe, expect, it } from 'vitest';
import { FIELD_TYPES } from '../../../src/forms/definition.ts';
import { stepView, validateStep } from '../../../src/forms/index.ts';
import { L, OPTIONS, oneStep, TODAY } from './helpers.ts';

const env = new nunjucks.Environment(new nunjucks.FileSystemLoader('views'), { autoescape: true });

const render = (template: string, context: Record<string, unknown>) => env.renderString(template, context);
const renderFields = (fields: unknown) => render('{% from "forms/field.njk" import formFields %}{{ formFields(fields) }}', { fields });

type Tag = { name: string; attrs: Record<string, string> };
function tags(html: string, names: string): Tag[] {
  const found: Tag[] = [];
  for (const match of html.matchAll(new RegExp(`<(${names})\\b([^>]*)>`, 'g'))) {
    const attrs: Record<string, string> = {};
    for (const a of (match[2] ?? '').matchAll(/([\w-]+)(?:="([^"]*)")?/g)) attrs[a[1] ?? ''] = a[2] ?? '';
    found.push({ name: match[1] ?? '', attrs });
  }
  return found;
}
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/\s+/g, ' ');

/** The controls a person fills in (not hidden inputs, not buttons). */
const controls = (html: string) =>
  tags(html, 'input|select|textarea').filter((t) => t.name !== 'input' || !['hidden', 'submit'].includes(t.attrs.type ?? ''));

function expectAccessibleMarkup(html: string): void {
  const ids = new Set(tags(html, '[a-z]+').map((t) => t.attrs.id).filter(Boolean));
  expect(controls(html).length, "no controls rendered").toBeGreaterThan(0);
  const labelled = new Set(tags(html, 'label').map((t) => t.attrs.for));
  for (const control of controls(html)) {
    expect(control.attrs.id, `a ${control.name} without id`).toBeTruthy();
    expect(labelled.has(control.attrs.id), `no <label for="${control.attrs.id}">`).toBe(true);
    expect(control.attrs.placeholder, 'placeholder used').toBeUndefined();
  }
  for (const element of tags(html, '[a-z]+')) {
    for (const id of (element.attrs['aria-describedby'] ?? '').split(' ').filter(Boolean)) {
      expect(ids.has(id), `aria-describedby names missing #${id}`).toBe(true);
    }
  }
  expect([...ids].length, 'duplicate ids').toBe(tags(html, '[a-z]+').filter((t) => t.attrs.id).length);
}

const pdf = { id: 'u1', name: 'pianta.pdf', size: 2048, contentType: 'application/pdf', sha256: 'c'.repeat(64) };
const fieldsByType: Record<(typeof FIELD_TYPES)[number], Record<string, unknown>> = {
  text: {},
  textarea: {},
  integer: {},
  decimal: {},
  money: {},
  date: {},
  email: {},
  phone: {},
  radio: { options: OPTIONS },
  select: { options: OPTIONS },
  checkboxes: { options: OPTIONS },
  yesno: {},
  declaration: { declaration: L('Dichiaro che è tutto vero') },
  codiceFiscale: {},
  partitaIva: {},
  iban: {},
  cap: {},
  address: {},
  cadastral: {},
  marcaDaBollo: {},
  file: {},
  group: { min: 1, max: 3, fields: [{ name: 'nome', type: 'text', label: L('Nome'), required: true }, { name: 'ruolo', type: 'radio', label: L('Ruolo'), options: OPTIONS }] },
  comune: {},
  street: {},
  time: { earliest: '08:00', latest: '18:00', stepMinutes: 15 },
  targa: {},
};

describe('field macros', () => {
  it.each(FIELD_TYPES.map((type) => [type]))('%s: label tied to its input, error shown and described', (type) => {
    const label = `Domanda ${type}`;
    const definition = oneStep({ name: 'campo', type, label: L(label, `Question ${type}`), hint: L(`Suggerimento ${type}`), required: true, ...fieldsByType[type] });
    const result = validateStep(definition, 's', {}, {}, 'it', { today: TODAY });
    if (result.ok) throw new Error(`${type}: an empty required field should fail`);
    const view = stepView(definition, 's', result.values, result.errors, 'it');
    const html = renderFields(view.fields);

    expectAccessibleMarkup(html);
    const field = view.fields[0];
    if (!field) throw new Error('no field');
    // the question is the <label> of the input, or the <legend> of the fieldset
    expect(text(html)).toContain(label);
    if (field.kind === 'input' || field.kind === 'textarea' || field.kind === 'select') {
      expect(html).toMatch(new RegExp(`<label[^>]*for="${field.id}"[^>]*>\\s*${label}`));
    } else {
      expect(html).toMatch(new RegExp(`<legend>\\s*${label}`));
    }
    // every error of the step is on the page, by the input the summary links to
    for (const error of result.errors) {
      expect(text(html)).toContain(error.message);
      expect(tags(html, 'input|select|textarea').some((t) => t.attrs.id === error.inputId), `no input #${error.inputId}`).toBe(true);
    }
    expect(html).toContain('aria-invalid="true"');
    expect(html).toMatch(/class="[^"]*invalid-feedback/);
    // the hint is announced too
    expect(html).toMatch(new RegExp(`id="f-campo-hint"[^>]*>Suggerimento ${type}<`));
  });

  it('renders values, checked options and the file list', () => {
    const definition = oneStep(
      { name: 'scelte', type: 'checkboxes', label: L('Scelte'), options: OPTIONS },
      { name: 'importo', type: 'money', label: L('Importo') },
      { name: 'allegati', type: 'file', label: L('Allegati') },
    );
    const view = stepView(definition, 's', { scelte: ['beta'], importo: '12,50', allegati: [pdf] }, [], 'it');
    const html = renderFields(view.fields);
    expectAccessibleMarkup(html);
    const boxes = tags(html, 'input').filter((t) => t.attrs.name === 'scelte');
    expect(boxes.map((b) => [b.attrs.value, 'checked' in b.attrs])).toEqual([
      ['alfa', false],
      ['beta', true],
      ['gamma', false],
    ]);
    expect(tags(html, 'input').find((t) => t.attrs.name === 'importo')?.attrs.value).toBe('12,50');
    expect(text(html)).toContain('€');
    expect(text(html)).toContain('pianta.pdf 2 KB');
    expect(html).toContain('value="removeFile:allegati:u1"');
    expect(view.hasFileFields).toBe(true);
  });

  it('renders a repeatable group that works without JavaScript', () => {
    const definition = oneStep({ name: 'membri', type: 'group', label: L('Membri'), max: 3, fields: [{ name: 'nome', type: 'text', label: L('Nome') }] });
    const view = stepView(definition, 's', { membri: [{ nome: 'Ada' }, { nome: '' }] }, [], 'it');
    const html = renderFields(view.fields);
    expectAccessibleMarkup(html);
    expect(tags(html, 'input').find((t) => t.attrs.type === 'hidden')?.attrs).toMatchObject({ name: 'membri._items', value: '2' });
    expect(tags(html, 'input').filter((t) => t.attrs.name?.startsWith('membri[')).map((t) => [t.attrs.name, t.attrs.value])).toEqual([
      ['membri[0].nome', 'Ada'],
      ['membri[1].nome', ''],
    ]);
    const buttons = tags(html, 'button');
    // first an unnamed submit, so that Enter in a text box continues instead of removing an item
    expect(buttons[0]?.attrs.name).toBeUndefined();
    expect(buttons.slice(1).map((b) => b.attrs.value)).toEqual(['remove:membri:0', 'remove:membri:1', 'add:membri']);
    expect(text(html)).toContain('Rimuovi Membri 2');
    expect(text(html)).toContain('Aggiungi un altro elemento');
  });

  it('escapes what people typed', () => {
    const definition = oneStep({ name: 'nome', type: 'text', label: L('Nome') });
    const html = renderFields(stepView(definition, 's', { nome: '"><script>alert(1)</script>' }, [], 'it').fields);
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;');
  });
});

describe('error summary macro', () => {
  it('renders a heading and one link per error, to inputs that exist', () => {
    const definition = oneStep(
      { name: 'nome', type: 'text', label: L('Nome'), required: true },
      { name: 'residenza', type: 'address', label: L('Residenza'), required: true },
    );
    const result = validateStep(definition, 's', { 'residenza.street': 'Via Roma' }, {}, 'en', { today: TODAY });
    if (result.ok) throw new Error('expected errors');
    const view = stepView(definition, 's', result.values, result.errors, 'en');
    const html = render('{% from "forms/error-summary.njk" import errorSummary %}{{ errorSummary(summary) }}', { summary: view.errorSummary });
    expect(html).toContain('role="alert"');
    expect(html).toMatch(/<h2[^>]*>There is a problem<\/h2>/);
    const links = tags(html, 'a').map((a) => a.attrs.href);
    expect(links).toEqual(['#f-nome', '#f-residenza-number', '#f-residenza-cap', '#f-residenza-city', '#f-residenza-province']);
    const page = renderFields(view.fields);
    for (const href of links) expect(page).toContain(`id="${href?.slice(1)}"`);
  });

  it('renders nothing without errors', () => {
    expect(render('{% from "forms/error-summary.njk" import errorSummary %}{{ errorSummary(null) }}', {}).trim()).toBe('');
  });
});
