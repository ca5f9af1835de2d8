// A generated document as a PDF (pdf-lib, like the filing's receipt): the comune and office at
// the top, the protocol stamp (segnatura: number, date, "uscita"), the title, the body laid out
// from its Markdown (headings, paragraphs, lists, bold and italics), the responsible person's
// signature line. Standard fonts, black on white, document title and language set.
import type { PDFDocument, PDFFont, PDFPage } from 'pdf-lib';
import { formatDate } from '../platform/format.ts';
import type { Locale } from '../platform/i18n.ts';
import { romeDate } from '../platform/time.ts';
import { protocolNumberText, segnaturaText, winAnsi, type Segnatura } from '../submissions/receipt.ts';
import { parseMarkdown, type Run } from './markdown.ts';

export interface DocumentPdfInput {
  comuneName: string;
  officeName: string;
  title: string;
  body: string;
  /** null in a preview: the stamp says the number comes when it is sent */
  protocol: { year: number; number: number; registeredAt: Date } | null;
  segnatura: Segnatura;
  signer: string;
  locale: Locale;
}

const WORDS = {
  it: { protocol: 'Prot. n.', of: 'del', out: 'in uscita', preview: 'ANTEPRIMA - il numero di protocollo è assegnato all’invio', signer: 'Il responsabile del procedimento' },
  en: { protocol: 'Ref. no.', of: 'of', out: 'outgoing', preview: 'PREVIEW - the protocol number is given when it is sent', signer: 'The officer responsible' },
};

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 56;

class Layout {
  page: PDFPage;
  y: number;
  constructor(
    private readonly doc: PDFDocument,
    readonly fonts: { regular: PDFFont; bold: PDFFont; italic: PDFFont; boldItalic: PDFFont },
  ) {
    this.page = doc.addPage(A4);
    this.y = A4[1] - MARGIN;
  }

  private ensure(height: number) {
    if (this.y - height < MARGIN) {
      this.page = this.doc.addPage(A4);
      this.y = A4[1] - MARGIN;
    }
  }

  private fontOf(run: { bold: boolean; italic: boolean }) {
    if (run.bold) return run.italic ? this.fonts.boldItalic : this.fonts.bold;
    return run.italic ? this.fonts.italic : this.fonts.regular;
  }

  /** Runs wrapped to the width, word by word, each word in its run's font. */
  runs(runs: Run[], options: { size?: number; indent?: number; gap?: number; prefix?: string } = {}) {
    const size = options.size ?? 11;
    const left = MARGIN + (options.indent ?? 0);
    const right = A4[0] - MARGIN;
    const words: Array<{ text: string; font: PDFFont }> = [];
    for (const run of runs) for (const w of winAnsi(run.text).split(/\s+/).filter(Boolean)) words.push({ text: w, font: this.fontOf(run) });
    const space = this.fonts.regular.widthOfTextAtSize(' ', size);
    this.ensure(size + 5);
    if (options.prefix) this.page.drawText(options.prefix, { x: left - 14, y: this.y - size, size, font: this.fonts.regular });
    // a line is drawn as one text per run of words in the same font, so a reader copies phrases
    let line: Array<{ text: string; font: PDFFont }> = [];
    let width = 0;
    const draw = () => {
      let x = left;
      for (const segment of line) {
        this.page.drawText(segment.text, { x, y: this.y - size, size, font: segment.font });
        x += segment.font.widthOfTextAtSize(segment.text, size) + space;
      }
      line = [];
      width = 0;
    };
    for (const word of words) {
      const w = word.font.widthOfTextAtSize(word.text, size);
      if (width > 0 && left + width + w > right) {
        draw();
        this.y -= size + 5;
        this.ensure(size + 5);
      }
      const last = line[line.length - 1];
      if (last && last.font === word.font) last.text += ` ${word.text}`;
      else line.push({ ...word });
      width += w + space;
    }
    draw();
    this.y -= size + 5 + (options.gap ?? 6);
  }

  text(text: string, options: { size?: number; bold?: boolean; gap?: number; indent?: number } = {}) {
    this.runs([{ text, bold: options.bold ?? false, italic: false }], options);
  }

  box(lines: string[], size = 9) {
    const width = Math.max(...lines.map((l) => this.fonts.bold.widthOfTextAtSize(winAnsi(l), size))) + 16;
    const height = lines.length * (size + 4) + 10;
    const x = A4[0] - MARGIN - width;
    this.page.drawRectangle({ x, y: this.y - height, width, height, borderWidth: 0.8 });
    lines.forEach((line, i) => this.page.drawText(winAnsi(line), { x: x + 8, y: this.y - 8 - (i + 1) * (size + 4) + 4, size, font: i === 0 ? this.fonts.bold : this.fonts.regular }));
    this.y -= height + 14;
  }
}

export async function renderDocumentPdf(input: DocumentPdfInput): Promise<Uint8Array> {
  const w = WORDS[input.locale];
  // loaded at the first document, as the receipt does: pdf-lib is large
  const { PDFDocument, StandardFonts } = await import('pdf-lib');
  const doc = await PDFDocument.create();
  doc.setTitle(input.protocol ? `${input.title} - ${w.protocol} ${protocolNumberText(input.protocol.number)}/${input.protocol.year}` : input.title, { showInWindowTitleBar: true });
  doc.setAuthor(input.comuneName);
  doc.setSubject(input.officeName);
  doc.setCreator('Sportello');
  doc.setLanguage(input.locale === 'it' ? 'it-IT' : 'en-GB');
  const layout = new Layout(doc, {
    regular: await doc.embedFont(StandardFonts.Helvetica),
    bold: await doc.embedFont(StandardFonts.HelveticaBold),
    italic: await doc.embedFont(StandardFonts.HelveticaOblique),
    boldItalic: await doc.embedFont(StandardFonts.HelveticaBoldOblique),
  });
  layout.text(input.comuneName, { size: 14, bold: true, gap: 0 });
  layout.text(input.officeName, { size: 10, gap: 10 });
  if (input.protocol) {
    const p = input.protocol;
    layout.box([
      `${w.protocol} ${protocolNumberText(p.number)}/${p.year} ${w.of} ${formatDate(romeDate(p.registeredAt), input.locale)} - ${w.out}`,
      segnaturaText(input.segnatura, p.year, p.number, p.registeredAt),
    ]);
  } else {
    layout.box([w.preview]);
  }
  layout.text(input.title, { size: 16, bold: true, gap: 10 });
  for (const block of parseMarkdown(input.body)) {
    if (block.kind === 'heading') layout.runs(block.runs.map((r) => ({ ...r, bold: true })), { size: block.level === 1 ? 14 : block.level === 2 ? 12.5 : 11.5, gap: 4 });
    else if (block.kind === 'paragraph') layout.runs(block.runs);
    else block.items.forEach((item, i) => layout.runs(item, { indent: 18, gap: i === block.items.length - 1 ? 6 : 1, prefix: block.ordered ? `${i + 1}.` : '•' }));
  }
  layout.text('', { gap: 16 });
  layout.text(w.signer, { indent: 260, gap: 0 });
  layout.text(input.signer, { indent: 260, bold: true });
  return doc.save();
}
