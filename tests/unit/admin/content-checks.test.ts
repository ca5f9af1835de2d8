// The plain-language rules of the content checks, one table per rule, in both languages: what
// each finds, what it leaves alone, and the edges (acronyms, exactly 25 words, "qui" inside a
// word); then a draft read as a whole, with the paths that lead to the inputs and the format
// hints asked of the field registry.
import { describe, expect, it } from 'vitest';
import { checkDraft } from '../../../src/admin/checks.ts';
import { contentFindings, hitsOf, MAX_SENTENCE_WORDS, RULES, type Lang, type TextRule } from '../../../src/admin/content-checks.ts';
import { addField, newDraft, type DraftDefinition, type DraftField } from '../../../src/admin/draft.ts';

const rule = (id: TextRule['id']) => RULES.find((r) => r.id === id)!;
const found = (id: TextRule['id'], text: string, lang: Lang) => hitsOf(rule(id), text, lang).map((h) => h.found);
const words = (n: number) => Array.from({ length: n }, (_, i) => `parola${i}`).join(' ');

type Row = [lang: Lang, text: string, expected: string[]];

const TABLES: Record<TextRule['id'], Row[]> = {
  vagueLink: [
    ['it', 'Per sapere di più [clicca qui](https://comune.example.it).', ['clicca qui']],
    ['it', 'Il modulo è [qui](https://comune.example.it/modulo).', ['qui']],
    ['it', 'Leggi il [regolamento per lo sport](https://comune.example.it/sport).', []],
    ['it', 'Quindi compila qui sotto la domanda.', []], // "qui" as a word of a sentence, not a link
    ['it', 'Il [quinto modulo](https://x.it) e [qualunque](https://y.it).', []], // "qui" inside a word
    ['it', '<a href="https://x.it">Leggi di più</a>', ['Leggi di più']],
    ['en', 'For details [click here](https://example.org).', ['click here']],
    ['en', 'The form is [here](https://example.org) or <a href="/x">read more</a>.', ['here', 'read more']],
    ['en', 'Read the [sport regulation](https://example.org).', []],
    ['en', 'Everywhere and [thereafter](https://example.org).', []], // "here" inside a word
    ['en', 'Click the [link](https://example.org).', ['link']],
  ],
  allCaps: [
    ['it', 'ATTENZIONE: allega il documento.', ['ATTENZIONE']],
    ['it', 'Serve l\'ISEE in corso di validità, lo SPID o la CIE.', []],
    ['it', 'Pagamento IMU e TARI con PEC o IBAN, CAP e ZTL.', []],
    ['it', 'Codice fiscale RSSMRA80A01G535J, Titolo III.', []],
    ['it', 'NON dimenticare la FIRMA.', ['NON', 'FIRMA']],
    ['it', 'Il DL e la UE: due lettere sono sempre una sigla.', []],
    ['en', 'DO NOT FORGET the SCIA or the CILA.', ['NOT', 'FORGET']],
    ['en', 'IMPORTANT: bring your ID.', ['IMPORTANT']],
    ['en', 'Pay via pagoPA with your IBAN.', []],
  ],
  longSentence: [
    ['it', `${words(MAX_SENTENCE_WORDS)}.`, []],
    ['it', `${words(MAX_SENTENCE_WORDS + 1)}.`, ['parola0 parola1 parola2 parola3 parola4 parola5 parola6 parola7… (26)']],
    ['it', `${words(20)}. ${words(20)}.`, []],
    ['it', `${words(20)}\n${words(20)}`, []], // list lines are sentences of their own
    ['en', `${words(MAX_SENTENCE_WORDS)}`, []],
    ['en', `${words(30)}; ${words(3)}`, ['parola0 parola1 parola2 parola3 parola4 parola5 parola6 parola7… (30)']],
  ],
  jargon: [
    ['it', 'L\'istante deve inoltrare l\'istanza entro e non oltre il 30 giugno.', ['istante', 'inoltrare', 'istanza', 'entro e non oltre']],
    ['it', 'Codesto ufficio, ai fini dell\'espletamento della pratica, all\'uopo richiede il suddetto modulo.', ['Codesto', 'espletamento', 'all\'uopo', 'suddetto']],
    ['it', 'Inoltre, qualora serva, ivi compreso il modulo.', ['qualora', 'ivi']],
    ['it', 'Invia la domanda e allega la ricevuta.', []],
    ['it', 'Il servizio è attivo.', []], // "attivo" is not "ivi"
    ['en', 'I hereby declare, pursuant to the aforementioned rules, that...', ['hereby', 'pursuant to', 'aforementioned']],
    ['en', 'Prior to submission, utilise the form herein.', ['Prior to', 'utilise', 'herein']],
    ['en', 'Send the form before 30 June.', []],
    ['en', 'Where is the hereafter?', []],
  ],
  sensory: [
    ['it', 'Premi il pulsante verde in basso a destra.', ['pulsante verde', 'in basso', 'a destra']],
    ['it', 'Le voci in rosso sono obbligatorie.', ['in rosso']],
    ['it', 'Compila i campi qui sotto.', ['qui sotto']],
    ['it', 'Dichiaro sotto la mia responsabilità che i dati sono veri.', []],
    ['it', 'Dichiara sotto la propria responsabilità.', []],
    ['it', 'Per i bambini sotto i 6 anni la retta è ridotta.', []],
    ['it', 'Scegli la destinazione del contributo.', []],
    ['en', 'Press the red button on the right.', ['the red button', 'on the right']],
    ['en', 'Fill in the fields below.', ['below']],
    ['en', 'For children below 6 the fee is lower; incomes above €20,000 pay more.', []],
    ['en', 'Choose the right option.', []],
  ],
};

describe('plain-language rules', () => {
  for (const [id, rows] of Object.entries(TABLES) as Array<[TextRule['id'], Row[]]>) {
    describe(id, () => {
      it.each(rows)('%s: %s', (lang, text, expected) => {
        expect(found(id, text, lang)).toEqual(expected);
      });
    });
  }
});

// ---------------------------------------------------------------- a whole draft

const text = (it: string, en = `${it} (en)`) => ({ it, en });
const f = (name: string, extra: Partial<DraftField> = {}): DraftField => ({ name, type: 'text', label: text(`Etichetta ${name}`), required: true, ...extra });

function complete(): DraftDefinition {
  let d = newDraft({ slug: 'prova', title: text('Prova'), area: 'cultura-sport', audience: 'citizens', office: 'cultura-sport' });
  d = { ...d, summary: text('Breve'), description: text('Descrizione'), whoCanApply: text('Tutti'), howTo: text('Online') };
  return addField(d, { stepId: 'dati' }, f('nome'));
}

describe('the content findings of a draft', () => {
  it('read every text in both languages and point at its input', () => {
    const d = complete();
    d.howTo = { it: 'Clicca sul pulsante rosso.', en: 'Press the red button.' };
    d.form.steps[0]!.fields.push(f('scelta', { type: 'radio', options: [{ value: 'a', label: text('URGENTE', 'URGENT') }, { value: 'b', label: text('Normale', 'Normal') }] }));
    const items = checkDraft(d, new Set(['cultura-sport']), new Date('2026-01-01T00:00:00Z')).items;
    expect(items.map((i) => [i.severity, i.key, i.path, i.params.found, i.params.what])).toEqual([
      ['warning', 'contentChecks.rule.sensory', 'howTo.it', 'pulsante rosso', 'contentChecks.prop.howTo'],
      ['warning', 'contentChecks.rule.sensory', 'howTo.en', 'the red button', 'contentChecks.prop.howTo'],
      ['warning', 'contentChecks.rule.allCaps', 'form.steps[0].fields[1].options[0].label.it', 'URGENTE', 'contentChecks.prop.option'],
      ['warning', 'contentChecks.rule.allCaps', 'form.steps[0].fields[1].options[0].label.en', 'URGENT', 'contentChecks.prop.option'],
    ]);
    expect(items[0]!.target).toEqual({ page: 'metadata', input: 'howToIt' });
    expect(items[3]!.target).toEqual({ page: 'field', stepId: 'dati', field: 'scelta', input: 'options' });
  });

  it('ask for a hint where the field registry says the type has a format, also inside groups', () => {
    const d = complete();
    d.form.steps[0]!.fields.push(
      f('iban', { type: 'iban' }),
      f('importo', { type: 'money', hint: text('Ad esempio 120,50', 'For example 120.50') }),
      f('nascita', { type: 'date' }), // the date field shows its own hint
      f('figli', { type: 'group', fields: [f('cf', { type: 'codiceFiscale' })] }),
    );
    expect(contentFindings(d).map((x) => [x.key, x.path.join('.'), x.params.what])).toEqual([
      ['contentChecks.formatHint', 'form.steps.0.fields.1.hint', 'admin.type.iban'],
      ['contentChecks.formatHint', 'form.steps.0.fields.4.fields.0.hint', 'admin.type.codiceFiscale'],
    ]);
  });

  it('leave missing texts to the blocking checks and warn only: publishing is blocked by errors alone', () => {
    const d = complete();
    d.summary = { it: 'LEGGERE ATTENTAMENTE', en: '' };
    const result = checkDraft(d, new Set(['cultura-sport']), new Date('2026-01-01T00:00:00Z'));
    expect(result.items.map((i) => [i.severity, i.key, i.path])).toEqual([
      ['error', 'admin.check.missingEnglish', 'summary.en'],
      ['warning', 'contentChecks.rule.allCaps', 'summary.it'],
    ]);
    expect(result).toMatchObject({ errors: 1, warnings: 1 });
  });
});
