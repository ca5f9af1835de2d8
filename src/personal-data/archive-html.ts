// The readable page of the data export (`index.html`): one self-contained HTML file (no script,
// no external style, font or image) that shows each section's JSON as nested lists and tables,
// so the person can read their data offline in any browser; the JSON files are the same data.
import type { Locale } from '../platform/i18n.ts';

export interface RenderedSection {
  name: string;
  title: string;
  about: string;
  count: number;
  data: unknown;
}

const TEXT = {
  it: {
    title: 'I miei dati',
    intro: 'Questo archivio contiene i dati che il Comune conserva su di te nel portale dei servizi online, alla data indicata. Gli stessi dati sono nei file JSON accanto a questa pagina, leggibili da un programma.',
    generated: 'Generato il',
    person: 'Codice fiscale',
    records: 'elementi',
    none: 'Nessun dato.',
    contents: 'Indice',
  },
  en: {
    title: 'My data',
    intro: 'This archive holds the data the comune keeps about you in the online services portal, at the date shown. The same data is in the JSON files beside this page, readable by a program.',
    generated: 'Generated on',
    person: 'Fiscal code',
    records: 'records',
    none: 'No data.',
    contents: 'Contents',
  },
} as const;

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function scalar(value: unknown): string {
  if (value === null || value === undefined || value === '') return '<span class="none">-</span>';
  if (value instanceof Date) return escapeHtml(value.toISOString());
  return escapeHtml(String(value));
}

function isPlain(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/** Any JSON value as HTML: objects as definition lists, arrays as numbered lists. */
function render(value: unknown, depth: number): string {
  if (Array.isArray(value)) {
    if (value.length === 0) return '<span class="none">-</span>';
    if (value.every((v) => !isPlain(v) && !Array.isArray(v))) return value.map(scalar).join(', ');
    return `<ol>${value.map((v) => `<li>${render(v, depth + 1)}</li>`).join('')}</ol>`;
  }
  if (isPlain(value)) {
    const entries = Object.entries(value);
    if (entries.length === 0) return '<span class="none">-</span>';
    return `<dl>${entries.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${render(v, depth + 1)}</dd>`).join('')}</dl>`;
  }
  return scalar(value);
}

export function archiveHtml(options: { locale: Locale; fiscalCode: string; generatedAt: Date; comune: string; sections: readonly RenderedSection[] }): string {
  const t = TEXT[options.locale];
  const toc = options.sections.map((s) => `<li><a href="#${s.name}">${escapeHtml(s.title)}</a> (${s.count} ${t.records})</li>`).join('');
  const body = options.sections
    .map(
      (s) => `<section id="${s.name}" aria-labelledby="h-${s.name}">
<h2 id="h-${s.name}">${escapeHtml(s.title)}</h2>
<p>${escapeHtml(s.about)}</p>
<p class="file"><code>${s.name}.json</code> · ${s.count} ${t.records}</p>
${s.count === 0 && (Array.isArray(s.data) ? s.data.length === 0 : false) ? `<p>${t.none}</p>` : render(s.data, 0)}
</section>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="${options.locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${t.title} - ${escapeHtml(options.comune)}</title>
<style>
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;color:#1a1a1a;max-width:60rem;margin:0 auto;padding:1rem;line-height:1.5}
h1,h2{color:#003366}section{border-top:2px solid #0066cc;margin-top:2rem}
dl{margin:.25rem 0 .25rem 1rem;display:grid;grid-template-columns:max-content 1fr;gap:.1rem 1rem}
dt{font-weight:600}dd{margin:0;overflow-wrap:anywhere}ol{padding-left:1.5rem}.none{color:#5c5c5c}.file{font-size:.9rem;color:#404040}
a{color:#0055aa}
</style>
</head>
<body>
<main>
<h1>${t.title}</h1>
<p>${t.intro}</p>
<p>${t.person}: <strong>${escapeHtml(options.fiscalCode)}</strong> · ${t.generated} ${escapeHtml(options.generatedAt.toISOString())} · ${escapeHtml(options.comune)}</p>
<nav aria-label="${t.contents}"><h2>${t.contents}</h2><ol>${toc}</ol></nav>
${body}
</main>
</body>
</html>
`;
}
