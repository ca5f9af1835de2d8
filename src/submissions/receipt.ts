// The receipt of a filing (ricevuta) as a PDF made in process with pdf-lib: the segnatura of
// the protocol register, the procedure, the applicant, every answer as the summary showed it,
// the attachments with their SHA-256 fingerprints, the legal deadline for the answer (Law
// 241/1990 art. 18-bis) and the responsible office.
import { partiesView } from './parties-view.ts';
import type { Color, PDFDocument, PDFFont, PDFPage } from 'pdf-lib';
import { formatDate, formatTimestamp } from '../platform/format.ts';
import { translator, type Locale } from '../platform/i18n.ts';
import { romeDate } from '../platform/time.ts';
import type { AttachmentRow, SubmissionRow } from './submissions.table.ts';

export interface Segnatura {
  administrationCode: string;
  aooCode: string;
  registerCode: string;
}

export interface ReceiptInput {
  submission: SubmissionRow;
  protocol: { year: number; number: number; registered_at: Date } | undefined;
  procedureTitle: string;
  procedureVersion: number;
  officeName: string;
  attachments: AttachmentRow[];
  segnatura: Segnatura;
  comuneName: string;
  locale: Locale;
}

/** "0000042" — at least seven digits (DPR 445/2000). */
export function protocolNumberText(number: number): string {
  return String(number).padStart(7, '0');
}

export function segnaturaText(s: Segnatura, year: number, number: number, registeredAt: Date): string {
  return `${s.administrationCode}|${s.aooCode}|${s.registerCode}|${protocolNumberText(number)}|${romeDate(registeredAt)}`;
}

// The standard PDF fonts speak WinAnsi: keep what it has (accents, €, «»), replace the rest.
export function winAnsi(text: string): string {
  return text.normalize('NFC').replace(/[^\u0020-\u007e\u00a0-\u00ff€‘’“”–—…«»•\n]/g, '?');
}

class Writer {
  private page: PDFPage;
  private y: number;
  private readonly margin = 50;

  constructor(
    private readonly doc: PDFDocument,
    private readonly font: PDFFont,
    private readonly bold: PDFFont,
    private readonly colors: { text: Color; rule: Color },
  ) {
    this.page = doc.addPage([595.28, 841.89]);
    this.y = this.page.getHeight() - this.margin;
  }

  private ensure(height: number) {
    if (this.y - height < this.margin) {
      this.page = this.doc.addPage([595.28, 841.89]);
      this.y = this.page.getHeight() - this.margin;
    }
  }

  private wrap(text: string, font: PDFFont, size: number, width: number): string[] {
    const lines: string[] = [];
    for (const paragraph of winAnsi(text).split('\n')) {
      let line = '';
      for (const word of paragraph.split(/\s+/)) {
        const candidate = line ? `${line} ${word}` : word;
        if (font.widthOfTextAtSize(candidate, size) <= width) {
          line = candidate;
        } else {
          if (line) lines.push(line);
          // a single word wider than the line (a hash): cut it
          let rest = word;
          while (font.widthOfTextAtSize(rest, size) > width) {
            let cut = rest.length;
            while (cut > 1 && font.widthOfTextAtSize(rest.slice(0, cut), size) > width) cut--;
            lines.push(rest.slice(0, cut));
            rest = rest.slice(cut);
          }
          line = rest;
        }
      }
      lines.push(line);
    }
    return lines;
  }

  text(text: string, options: { size?: number; bold?: boolean; indent?: number; gap?: number } = {}) {
    const size = options.size ?? 10;
    const font = options.bold ? this.bold : this.font;
    const indent = options.indent ?? 0;
    const width = this.page.getWidth() - 2 * this.margin - indent;
    for (const line of this.wrap(text, font, size, width)) {
      this.ensure(size + 4);
      this.page.drawText(line, { x: this.margin + indent, y: this.y - size, size, font, color: this.colors.text });
      this.y -= size + 4;
    }
    this.y -= options.gap ?? 2;
  }

  rule() {
    this.ensure(12);
    this.page.drawLine({ start: { x: this.margin, y: this.y - 4 }, end: { x: this.page.getWidth() - this.margin, y: this.y - 4 }, thickness: 0.5, color: this.colors.rule });
    this.y -= 14;
  }
}

export async function renderReceipt(input: ReceiptInput): Promise<Uint8Array> {
  const t = translator(input.locale);
  const s = input.submission;
  // loaded at the first receipt: pdf-lib is large (some 20 MB resident) and a process at rest needs none
  const { PDFDocument, StandardFonts, rgb } = await import('pdf-lib');
  const doc = await PDFDocument.create();
  doc.setTitle(`${t('receipt.title')} ${input.protocol ? protocolNumberText(input.protocol.number) : ''}`.trim());
  doc.setSubject(input.procedureTitle);
  doc.setCreator('Sportello');
  doc.setLanguage(input.locale === 'it' ? 'it-IT' : 'en-GB');
  const w = new Writer(doc, await doc.embedFont(StandardFonts.Helvetica), await doc.embedFont(StandardFonts.HelveticaBold), {
    text: rgb(0.1, 0.1, 0.1),
    rule: rgb(0.6, 0.6, 0.6),
  });
  const dateTime = (d: Date) => formatTimestamp(d, input.locale);
  const date = (day: string) => formatDate(day, input.locale, { style: 'long' });

  w.text(input.comuneName, { size: 12, bold: true });
  w.text(t('receipt.title'), { size: 18, bold: true, gap: 8 });
  if (input.protocol) {
    w.text(`${t('receipt.protocol')}: ${protocolNumberText(input.protocol.number)}/${input.protocol.year} - ${dateTime(input.protocol.registered_at)}`, { bold: true });
    w.text(`${t('receipt.segnatura')}: ${segnaturaText(input.segnatura, input.protocol.year, input.protocol.number, input.protocol.registered_at)}`);
  } else {
    w.text(t('receipt.protocolPending'), { bold: true });
  }
  w.rule();
  w.text(`${t('receipt.procedure')}: ${input.procedureTitle} (${t('receipt.version')} ${input.procedureVersion})`);
  w.text(`${t('receipt.receivedAt')}: ${dateTime(s.received_at)}`);
  w.text(`${t('receipt.applicant')}: ${s.applicant.givenName} ${s.applicant.familyName} - ${t('receipt.fiscalCode')} ${s.applicant.fiscalCode}`);
  if (s.company) w.text(`${t('receipt.company')}: ${s.company.name} - ${s.company.fiscalCode}${s.company.vatNumber ? ` - ${t('receipt.vat')} ${s.company.vatNumber}` : ''}`);
  // who pressed "Invia" when it was not the applicant, and on what ground (parties-view.ts)
  const parties = partiesView(s, t);
  if (parties.filer && s.filer && s.filer.basis.kind !== 'self') w.text(`${t('parties.filer')}: ${parties.filer}`);
  if (parties.coApplicants) w.text(`${t('parties.coApplicantsLine')}: ${parties.coApplicants}`);
  if (parties.desk) w.text(t('parties.desk'), { bold: true });
  w.text(`${t('receipt.office')}: ${input.officeName}`);
  w.text(`${t('receipt.deadline', { date: date(s.due_date) })}`, { bold: true, gap: 6 });
  w.rule();
  w.text(t('receipt.answers'), { size: 13, bold: true, gap: 6 });
  for (const step of s.summary.steps) {
    w.text(step.title, { size: 11, bold: true });
    for (const row of step.rows) {
      w.text(row.label, { bold: true, indent: 8, gap: 0 });
      w.text(row.lines.join('\n') || '-', { indent: 16 });
    }
    w.text('', { gap: 4 });
  }
  w.rule();
  w.text(t('receipt.attachments'), { size: 13, bold: true, gap: 6 });
  if (input.attachments.length === 0) w.text(t('receipt.noAttachments'));
  for (const file of input.attachments) {
    w.text(`${file.original_name} (${file.content_type}, ${file.size_bytes} byte)`, { bold: true, gap: 0 });
    w.text(`SHA-256: ${file.sha256}`, { indent: 8, size: 8 });
  }
  w.rule();
  w.text(t('receipt.selfDeclaration'), { size: 8 });
  return doc.save();
}
