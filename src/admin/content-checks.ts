// The plain-language checks of a draft: every text a person reads (service page, step titles
// and descriptions, labels, hints, declarations, option labels, and any other {it, en} text the
// definition holds, such as exit pages) is read in BOTH languages with that language's word
// lists, rule by rule (RULES below): link text that says nothing, words in capitals, sentences
// too long to read in one go, bureaucratic jargon, instructions that rely on colour or on the
// position on the page; and each field whose type the registry says has a format to explain
// (a code, an amount...) is asked for a hint. All of them are warnings: the text can be read,
// just not easily; publishing with warnings needs the administrator's confirmation. Missing
// translations and lengths stay in checks.ts, as errors that block publishing. Pure.
import { fieldCapabilities, type LocalizedText } from '../forms/index.ts';
import type { DraftDefinition, DraftField } from './draft.ts';

export type Lang = 'it' | 'en';

/** One hit of a rule in a text: what was found and, when there is one, what to write instead. */
export interface Hit {
  found: string;
  suggestion?: string;
}

export interface TextRule {
  id: 'vagueLink' | 'allCaps' | 'longSentence' | 'jargon' | 'sensory';
  find(text: string, lang: Lang): Hit[];
}

/** One finding, in the shape of checks.ts's items (which turns the path into a link). */
export interface ContentFinding {
  severity: 'warning';
  key: string;
  params: Record<string, string | number>;
  path: Array<string | number>;
}

/**
 * GOV.UK's style guide asks for sentences of at most 25 words, and Designers Italia's writing
 * guide ("Linguaggio" in the content guidelines) for short sentences with one idea each; past
 * 25 words most readers need to read a sentence twice. The same limit in both languages: the
 * Italian sentence is a little longer for the same content, which keeps this generous there.
 */
export const MAX_SENTENCE_WORDS = 25;

/** Capitals that are names, not shouting: acronyms of Italian public administration, formats, units. */
export const ACRONYMS: ReadonlySet<string> = new Set(
  (
    'ISEE ISEEU DSU SPID CIE CNS IMU TARI TASI TARES COSAP TOSAP CANONE SCIA CILA CIL SUAP SUE PEC IBAN BIC SWIFT CAP ZTL INPS INAIL IVA IRPEF ' +
    'ANPR AIRE DPR DPCM DLGS TUEL TUIR DURC ASL ATS ASP CAF UE EU PDF URL OTP PIN PUK GDPR CUP CIG RUP CUD ISTAT ATECO APE ADI RSA SAD ' +
    'AGID PDND CAD SEND IPA SPA SRL SRLS SNC SAS ONLUS ETS APS ASD ODV CONI FAQ SMS XML JPG JPEG PNG ODT DOC DOCX EUR RAEE ARPA ACI PRA ' +
    'SIAE NUE ANAC MEPA PAGOPA USA UK NB PS OK VAT USL AUSL DIA RUNTS IUV CCIAA REA INPDAP NASPI ICI IUC TEFA IRES IRAP'
  ).split(' '),
);

// ---------------------------------------------------------------- word lists, per language

/** Link texts that do not say where the link leads (compared whole, lowercase, without punctuation). */
const VAGUE_LINK_TEXT: Record<Lang, ReadonlySet<string>> = {
  it: new Set(['qui', 'qua', 'clicca', 'clicca qui', 'clicca qua', 'premi qui', 'link', 'questo link', 'leggi', 'leggi di più', 'di più', 'scopri di più', 'approfondisci', 'vai', 'pagina', 'questa pagina']),
  en: new Set(['here', 'click', 'click here', 'press here', 'link', 'this link', 'read more', 'more', 'learn more', 'find out more', 'go', 'page', 'this page']),
};

/** Phrases that are link talk wherever they appear, with or without a link around them. */
const LINK_PHRASES: Record<Lang, readonly string[]> = {
  it: ['clicca qui', 'clicca qua', 'premi qui', 'leggi di più'],
  en: ['click here', 'press here', 'read more'],
};

/** Bureaucratic words and the plain word to use; `pattern` is a regular expression for one word or phrase. */
export const JARGON: Record<Lang, ReadonlyArray<{ pattern: string; suggestion: string }>> = {
  it: [
    { pattern: 'istant[ei]', suggestion: 'richiedente, chi presenta la domanda' },
    { pattern: 'istanz[ae]', suggestion: 'domanda' },
    { pattern: 'codest[oaie]', suggestion: 'questo, il Comune' },
    { pattern: 'ivi', suggestion: 'lì, in quel luogo' },
    { pattern: 'suddett[oaie]', suggestion: 'questo, già indicato' },
    { pattern: "all['’]uopo", suggestion: 'a questo scopo' },
    { pattern: 'espletament[oi]', suggestion: 'svolgimento' },
    { pattern: 'esplet(?:are|ato|ata|ati|ate)', suggestion: 'svolgere, fare' },
    { pattern: 'inoltr(?:are|arla|arlo|arle|arli|ata|ate|ati|ato|ando|ano|a|o|er\\p{L}*)', suggestion: 'inviare, mandare' },
    { pattern: 'qualora', suggestion: 'se' },
    { pattern: 'laddove', suggestion: 'se, dove' },
    { pattern: 'previ[oa]', suggestion: 'dopo, con' },
    { pattern: 'in ottemperanza', suggestion: 'per rispettare' },
    { pattern: 'nelle more', suggestion: 'in attesa' },
    { pattern: 'fattispecie', suggestion: 'caso' },
    { pattern: 'esperire', suggestion: 'fare, provare' },
    { pattern: 'con la presente', suggestion: 'con questa domanda' },
    { pattern: 'si rende noto', suggestion: 'ti informiamo' },
    { pattern: 'entro e non oltre', suggestion: 'entro' },
    { pattern: 'sottoscritt[oa]', suggestion: 'io' },
  ],
  en: [
    { pattern: 'hereby', suggestion: '(leave it out)' },
    { pattern: 'afore(?:mentioned|said)', suggestion: 'this, that' },
    { pattern: 'pursuant to', suggestion: 'under' },
    { pattern: 'herein', suggestion: 'here, in this form' },
    { pattern: 'thereof', suggestion: 'of it' },
    { pattern: 'forthwith', suggestion: 'now, at once' },
    { pattern: 'in lieu of', suggestion: 'instead of' },
    { pattern: 'prior to', suggestion: 'before' },
    { pattern: 'commenc(?:e|es|ed|ing|ement)', suggestion: 'start' },
    { pattern: 'utili[sz](?:e|es|ed|ing|ation)', suggestion: 'use' },
    { pattern: 'in accordance with', suggestion: 'under, following' },
    { pattern: 'notwithstanding', suggestion: 'despite' },
    { pattern: 'henceforth', suggestion: 'from now on' },
    { pattern: 'the undersigned', suggestion: 'I' },
  ],
};

const COLOURS: Record<Lang, string> = {
  it: '(?:ross[oaie]|verd[ei]|blu|gialli|giall[oaie]|arancion[ei]|grigi[oae]?|azzurr[oaie])',
  en: '(?:red|green|blue|yellow|orange|grey|gray)',
};

/** Instructions that only work for someone who sees the colours or the layout of the page. */
export const SENSORY: Record<Lang, ReadonlyArray<{ pattern: string; suggestion: string }>> = {
  it: [
    { pattern: `(?:in|di colore|evidenziat[oaie] in|scritt[oaie] in) ${COLOURS.it}`, suggestion: 'nomina l\'elemento con il suo testo, non con il colore' },
    { pattern: `(?:pulsante|bottone|tasto|riquadro|casella|campo|scritta|icona|testo|link) ${COLOURS.it}`, suggestion: 'nomina il pulsante con la sua scritta' },
    { pattern: '(?:a|sulla|in) (?:destra|sinistra)', suggestion: 'nomina la sezione o il pulsante con il suo titolo' },
    { pattern: 'in (?:alto|basso)', suggestion: 'nomina la sezione con il suo titolo' },
    { pattern: 'qui (?:sotto|sopra)', suggestion: '«nel passo seguente», «nella sezione …»' },
    // "sotto la propria responsabilità" is the wording of every self-declaration, not a position
    { pattern: '(?:sotto|sopra)(?! (?:la|sua|mia|propria|vostra|nostra) (?:propria |sua |mia )?responsabilit)(?! (?:i |gli |le |il |l\'|ai |agli )?[€\\d])', suggestion: '«nel passo seguente», «nella sezione …»' },
  ],
  en: [
    { pattern: `(?:in|the) ${COLOURS.en}(?: (?:button|box|link|text|icon|field|mark))?`, suggestion: 'name the element by its text, not its colour' },
    { pattern: `${COLOURS.en} (?:button|box|link|text|icon|field|mark)`, suggestion: 'name the button by its text' },
    { pattern: '(?:on|to) the (?:right|left)', suggestion: 'name the section or button by its title' },
    { pattern: 'at the (?:top|bottom)', suggestion: 'name the section by its title' },
    // "below 18", "above €500" are amounts, not places on the page
    { pattern: '(?:below|above)(?!\\s*[€$£\\d])', suggestion: '"in the next step", "in the section …"' },
  ],
};

// ---------------------------------------------------------------- the rules

const NOT_WORD_BEFORE = '(?<![\\p{L}\\p{N}])';
const NOT_WORD_AFTER = '(?![\\p{L}\\p{N}])';

/** A phrase as a whole-word, case-insensitive expression (spaces match any run of spaces). */
function wordRegex(pattern: string): RegExp {
  return new RegExp(`${NOT_WORD_BEFORE}(?:${pattern.replace(/ /g, '\\s+')})${NOT_WORD_AFTER}`, 'giu');
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const compiled = <T extends { pattern: string }>(list: Record<Lang, readonly T[]>) => ({
  it: list.it.map((entry) => ({ ...entry, regex: wordRegex(entry.pattern) })),
  en: list.en.map((entry) => ({ ...entry, regex: wordRegex(entry.pattern) })),
});
const JARGON_RE = compiled(JARGON);
const SENSORY_RE = compiled(SENSORY);
const LINK_PHRASES_RE = { it: LINK_PHRASES.it.map((p) => wordRegex(escape(p))), en: LINK_PHRASES.en.map((p) => wordRegex(escape(p))) };

/** The texts of the links in a text: markdown [text](url) and HTML <a ...>text</a>. */
export function linkTexts(text: string): string[] {
  const markdown = [...text.matchAll(/\[([^\]]*)\]\([^)]*\)/g)].map((m) => m[1]!);
  const html = [...text.matchAll(/<a\b[^>]*>([\s\S]*?)<\/a>/gi)].map((m) => m[1]!.replace(/<[^>]*>/g, ''));
  return [...markdown, ...html];
}

const normalizeLinkText = (text: string) => text.toLowerCase().replace(/[^\p{L}\p{N}\s]/gu, ' ').replace(/\s+/g, ' ').trim();

/** The text without link targets (a URL is neither a sentence nor a word in capitals). */
const withoutUrls = (text: string) => text.replace(/\]\([^)]*\)/g, ']').replace(/<[^>]*>/g, ' ').replace(/\bhttps?:\/\/\S+/gi, ' ').replace(/\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g, ' ');

const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}\p{N}]+)*/gu;

/** The sentences of a text: ended by . ! ? ; or a line break (list items are sentences of their own). */
export function sentences(text: string): string[] {
  return withoutUrls(text)
    .split(/(?<=[.!?;])\s+|\n+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

export const wordCount = (sentence: string): number => (sentence.match(WORD) ?? []).length;

function isShouting(token: string): boolean {
  if ([...token].length < 3 || /\p{N}/u.test(token)) return false; // short words and codes (RSSMRA80A01...) are not shouting
  if (token !== token.toUpperCase() || token === token.toLowerCase()) return false;
  if (/^[IVXLCDM]+$/.test(token)) return false; // roman numerals: Titolo III
  return !ACRONYMS.has(token);
}

const uniqueHits = (hits: Hit[]): Hit[] => {
  const seen = new Set<string>();
  return hits.filter((hit) => {
    const key = hit.found.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
};

/** The hits of a word list in reading order; a hit inside a longer one ("red button" in "the red button") counts once. */
function matches(text: string, list: ReadonlyArray<{ regex: RegExp; suggestion: string }>): Hit[] {
  const spans: Array<Hit & { start: number; end: number }> = [];
  for (const entry of list) for (const m of text.matchAll(entry.regex)) spans.push({ found: m[0], suggestion: entry.suggestion, start: m.index, end: m.index + m[0].length });
  spans.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: typeof spans = [];
  for (const span of spans) if (!kept.some((k) => span.start >= k.start && span.end <= k.end)) kept.push(span);
  return kept.map(({ found, suggestion }) => ({ found, suggestion }));
}

/** The rules run on each text, in each language, in this order. */
export const RULES: readonly TextRule[] = [
  {
    id: 'vagueLink',
    find: (text, lang) => [
      ...linkTexts(text)
        .filter((link) => VAGUE_LINK_TEXT[lang].has(normalizeLinkText(link)))
        .map((found) => ({ found })),
      ...LINK_PHRASES_RE[lang].flatMap((regex) => [...text.matchAll(regex)].map((m) => ({ found: m[0] }))),
    ],
  },
  {
    id: 'allCaps',
    find: (text) => [...withoutUrls(text).matchAll(/[\p{L}\p{N}]+/gu)].map((m) => m[0]).filter(isShouting).map((found) => ({ found })),
  },
  {
    id: 'longSentence',
    find: (text) =>
      sentences(text)
        .filter((s) => wordCount(s) > MAX_SENTENCE_WORDS)
        .map((s) => ({ found: `${(s.match(WORD) ?? []).slice(0, 8).join(' ')}… (${wordCount(s)})` })),
  },
  { id: 'jargon', find: (text, lang) => matches(withoutUrls(text), JARGON_RE[lang]) },
  { id: 'sensory', find: (text, lang) => matches(withoutUrls(text), SENSORY_RE[lang]) },
];

/** What a rule finds in a text, each thing once. */
export const hitsOf = (rule: TextRule, text: string, lang: Lang): Hit[] => uniqueHits(rule.find(text, lang));

// ---------------------------------------------------------------- the draft

type Path = Array<string | number>;

const isLocalized = (value: unknown): value is LocalizedText =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && typeof (value as LocalizedText).it === 'string' && typeof (value as LocalizedText).en === 'string';

/** Every {it, en} text of the definition with its path; conditions and routing hold none a person reads. */
export function textsOf(draft: DraftDefinition): Array<{ path: Path; text: LocalizedText }> {
  const found: Array<{ path: Path; text: LocalizedText }> = [];
  const walk = (value: unknown, path: Path) => {
    if (isLocalized(value)) {
      found.push({ path, text: value });
      return;
    }
    if (Array.isArray(value)) value.forEach((item, i) => walk(item, [...path, i]));
    else if (typeof value === 'object' && value !== null) {
      for (const [key, item] of Object.entries(value)) if (key !== 'showIf' && key !== 'routing') walk(item, [...path, key]);
    }
  };
  walk(draft, []);
  return found;
}

/** The property a path ends on ("label", "hint", "title"...; an option's label is "option"), for the finding's wording. */
function property(path: Path): string {
  const names = path.filter((part): part is string => typeof part === 'string');
  const last = names[names.length - 1] ?? '';
  return last === 'label' && names.includes('options') ? 'option' : last;
}

const KNOWN_PROPERTIES = new Set(['title', 'summary', 'description', 'whoCanApply', 'howTo', 'requirements', 'documents', 'label', 'hint', 'declaration', 'option']);

const blank = (text: string | undefined) => !text || text.trim() === '';

function formatHintFindings(draft: DraftDefinition): ContentFinding[] {
  const findings: ContentFinding[] = [];
  const visit = (field: DraftField, path: Path) => {
    // the registry says which types have a format to explain; a type that shows its own hint says 'built-in'
    if (fieldCapabilities(field.type)?.formatHint === 'needed' && (!field.hint || (blank(field.hint.it) && blank(field.hint.en)))) {
      findings.push({ severity: 'warning', key: 'contentChecks.formatHint', params: { field: field.name, what: `admin.type.${field.type}` }, path: [...path, 'hint'] });
    }
    (field.fields ?? []).forEach((sub, i) => visit(sub, [...path, 'fields', i]));
  };
  (draft.form?.steps ?? []).forEach((step, s) => (step.fields ?? []).forEach((field, i) => visit(field, ['form', 'steps', s, 'fields', i])));
  return findings;
}

/** The plain-language findings of a draft, in the order of its texts. */
export function contentFindings(draft: DraftDefinition): ContentFinding[] {
  const findings: ContentFinding[] = [];
  for (const { path, text } of textsOf(draft)) {
    const prop = property(path);
    for (const lang of ['it', 'en'] as const) {
      const value = text[lang];
      if (blank(value)) continue; // a missing text is checks.ts's error
      for (const rule of RULES) {
        const hits = hitsOf(rule, value, lang);
        if (hits.length === 0) continue;
        findings.push({
          severity: 'warning',
          key: `contentChecks.rule.${rule.id}`,
          params: {
            what: KNOWN_PROPERTIES.has(prop) ? `contentChecks.prop.${prop}` : 'contentChecks.prop.other',
            lang: lang.toUpperCase(),
            found: hits.map((h) => h.found).join(', '),
            suggestion: hits
              .filter((h) => h.suggestion)
              .map((h) => `${h.found} → ${h.suggestion}`)
              .join('; '),
            max: MAX_SENTENCE_WORDS,
          },
          path: [...path, lang],
        });
      }
    }
  }
  return [...findings, ...formatHintFindings(draft)];
}
