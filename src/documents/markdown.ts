// The Markdown a document is written in, the small part of it a letter needs: headings (#, ##,
// ###), paragraphs, bulleted and numbered lists, bold (**...**) and italics (*...*). Parsed into
// blocks of runs that the PDF (pdf.ts) and the HTML preview both lay out; everything else is
// text. No raw HTML, no links, no images: what a template writes cannot reach the page as markup.
export interface Run {
  text: string;
  bold: boolean;
  italic: boolean;
}

export type Block =
  | { kind: 'heading'; level: 1 | 2 | 3; runs: Run[] }
  | { kind: 'paragraph'; runs: Run[] }
  | { kind: 'list'; ordered: boolean; items: Run[][] };

/** The runs of one line or paragraph: ** toggles bold, a lone * toggles italics. */
export function inlineRuns(text: string): Run[] {
  const runs: Run[] = [];
  let bold = false;
  let italic = false;
  let current = '';
  const push = () => {
    if (current) runs.push({ text: current, bold, italic });
    current = '';
  };
  for (let i = 0; i < text.length; i++) {
    if (text.startsWith('**', i)) {
      push();
      bold = !bold;
      i++;
    } else if (text[i] === '*' && /\S/.test(text[i + 1] ?? '') !== /\S/.test(text[i - 1] ?? '') ) {
      push();
      italic = !italic;
    } else {
      current += text[i];
    }
  }
  push();
  return runs;
}

const BULLET = /^\s*[-*+]\s+(.*)$/;
const NUMBERED = /^\s*\d+[.)]\s+(.*)$/;

export function parseMarkdown(source: string): Block[] {
  const blocks: Block[] = [];
  let paragraph: string[] = [];
  let list: { ordered: boolean; items: string[] } | null = null;
  const flush = () => {
    if (paragraph.length > 0) blocks.push({ kind: 'paragraph', runs: inlineRuns(paragraph.join(' ')) });
    paragraph = [];
    if (list) blocks.push({ kind: 'list', ordered: list.ordered, items: list.items.map(inlineRuns) });
    list = null;
  };
  for (const raw of source.replace(/\r\n?/g, '\n').split('\n')) {
    const line = raw.trimEnd();
    const heading = /^(#{1,3})\s+(.*)$/.exec(line);
    const bullet = BULLET.exec(line);
    const numbered = bullet ? null : NUMBERED.exec(line);
    if (line.trim() === '') flush();
    else if (heading) {
      flush();
      blocks.push({ kind: 'heading', level: heading[1]!.length as 1 | 2 | 3, runs: inlineRuns(heading[2]!) });
    } else if (bullet || numbered) {
      const ordered = !bullet;
      if (paragraph.length > 0 || (list && list.ordered !== ordered)) flush();
      list ??= { ordered, items: [] };
      list.items.push((bullet ?? numbered)![1]!);
    } else if (list && /^\s+\S/.test(raw)) {
      // an indented line continues the list item
      list.items[list.items.length - 1] += ` ${line.trim()}`;
    } else {
      if (list) flush();
      paragraph.push(line.trim());
    }
  }
  flush();
  return blocks;
}

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

function runsHtml(runs: Run[]): string {
  return runs
    .map((r) => {
      let html = escapeHtml(r.text);
      if (r.italic) html = `<em>${html}</em>`;
      if (r.bold) html = `<strong>${html}</strong>`;
      return html;
    })
    .join('');
}

/** The preview's HTML; `headingBase` is the level the document's # maps to on the page. */
export function markdownHtml(source: string, headingBase = 2): string {
  return parseMarkdown(source)
    .map((b) => {
      if (b.kind === 'heading') {
        const level = Math.min(6, headingBase + b.level - 1);
        return `<h${level}>${runsHtml(b.runs)}</h${level}>`;
      }
      if (b.kind === 'paragraph') return `<p>${runsHtml(b.runs)}</p>`;
      const tag = b.ordered ? 'ol' : 'ul';
      return `<${tag}>${b.items.map((item) => `<li>${runsHtml(item)}</li>`).join('')}</${tag}>`;
    })
    .join('\n');
}
