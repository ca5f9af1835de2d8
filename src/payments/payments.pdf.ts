// The payment notice (avviso di pagamento) and the payment receipt as PDF. The notice carries
// what a person needs to pay anywhere in the pagoPA network: creditor, debtor, amount, due
// date, the notice number in groups of four and the QR code PAGOPA|002|... (ECC level M).
import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import QRCode from 'qrcode';
import { formatDate, formatMoney } from '../platform/format.ts';
import { localize, type Locale, type Translate } from '../platform/i18n.ts';
import { systemClock } from '../platform/time.ts';
import { QR_ERROR_CORRECTION, formatNoticeNumber, qrPayload } from './notice-number.ts';
import type { PositionView } from './payments.service.ts';

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 50;
const BLUE = rgb(0, 0.4, 0.8);
const GREY = rgb(0.35, 0.35, 0.35);

// the PDF's standard fonts lack the narrow and non-breaking spaces of the locale's formats
const euro = (cents: number, locale: Locale) => formatMoney(cents, locale, { plainSpaces: true });
const day = (date: string | Date, locale: Locale, withTime = false) => formatDate(date, locale, { style: 'numeric', withTime });

/** The QR code of a notice: its payload and modules, ECC level M. */
export function noticeQr(position: Pick<PositionView, 'noticeNumber' | 'creditor' | 'amountCents'>) {
  const payload = qrPayload(position.noticeNumber, position.creditor.fiscalCode, position.amountCents);
  const code = QRCode.create(payload, { errorCorrectionLevel: QR_ERROR_CORRECTION });
  return { payload, code };
}

class Writer {
  y = A4[1] - MARGIN;
  constructor(
    readonly page: PDFPage,
    readonly regular: PDFFont,
    readonly bold: PDFFont,
  ) {}

  /** Standard fonts speak WinAnsi: other letters lose their accents, or become "?". */
  safe(text: string): string {
    return [...text]
      .map((ch) => {
        try {
          this.regular.encodeText(ch);
          return ch;
        } catch {
          const plain = ch.normalize('NFD').replace(/\p{M}/gu, '');
          try {
            this.regular.encodeText(plain);
            return plain;
          } catch {
            return '?';
          }
        }
      })
      .join('');
  }

  text(value: string, options: { size?: number; bold?: boolean; color?: ReturnType<typeof rgb>; x?: number; width?: number; gap?: number } = {}) {
    const size = options.size ?? 10;
    const font = options.bold ? this.bold : this.regular;
    const width = options.width ?? A4[0] - 2 * MARGIN - ((options.x ?? MARGIN) - MARGIN);
    const words = this.safe(value).split(/\s+/);
    let line = '';
    const lines: string[] = [];
    for (const word of words) {
      const candidate = line ? `${line} ${word}` : word;
      if (font.widthOfTextAtSize(candidate, size) > width && line) {
        lines.push(line);
        line = word;
      } else line = candidate;
    }
    if (line) lines.push(line);
    for (const l of lines) {
      this.page.drawText(l, { x: options.x ?? MARGIN, y: this.y - size, size, font, color: options.color ?? rgb(0, 0, 0) });
      this.y -= size * 1.35;
    }
    this.y -= options.gap ?? 4;
  }

  field(label: string, value: string, options: { size?: number } = {}) {
    this.text(label, { size: 8, color: GREY, gap: 0 });
    this.text(value, { size: options.size ?? 11, bold: true, gap: 8 });
  }

  rule() {
    this.page.drawLine({ start: { x: MARGIN, y: this.y }, end: { x: A4[0] - MARGIN, y: this.y }, thickness: 0.8, color: BLUE });
    this.y -= 14;
  }
}

async function start(title: string, subject: string, locale: Locale) {
  const pdf = await PDFDocument.create();
  pdf.setTitle(title);
  pdf.setSubject(subject);
  pdf.setLanguage(locale === 'it' ? 'it-IT' : 'en-GB');
  pdf.setCreator('Sportello');
  pdf.setProducer('Sportello (pdf-lib)');
  const page = pdf.addPage(A4);
  const writer = new Writer(page, await pdf.embedFont(StandardFonts.Helvetica), await pdf.embedFont(StandardFonts.HelveticaBold));
  return { pdf, writer };
}

export async function noticePdf(position: PositionView, t: Translate, locale: Locale): Promise<Uint8Array> {
  const grouped = formatNoticeNumber(position.noticeNumber);
  const { pdf, writer: w } = await start(`${t('payments.notice.title')} ${grouped}`, localize(position.reasonText, locale), locale);
  w.text(t('payments.notice.title'), { size: 18, bold: true, color: BLUE });
  w.text(position.creditor.name, { size: 12, bold: true, gap: 10 });
  w.rule();
  w.field(t('payments.notice.subject'), localize(position.reasonText, locale));
  w.field(t('payments.creditor'), position.creditor.name);
  w.field(t('payments.creditorFiscalCode'), position.creditor.fiscalCode);
  w.field(t('payments.debtor'), position.debtor.name);
  w.field(t('payments.debtorFiscalCode'), position.debtor.fiscalCode);
  w.rule();
  w.field(t('payments.notice.amountDue'), `${euro(position.amountCents, locale)}  ${t('payments.notice.within')} ${day(position.dueDate, locale)}`, { size: 16 });
  w.field(t('payments.noticeNumber'), grouped, { size: 16 });
  w.text(t('payments.notice.amountNote'), { size: 8, color: GREY, gap: 10 });

  const { code } = noticeQr(position);
  const modules = code.modules;
  const cell = 3.2;
  const side = modules.size * cell;
  const qrTop = w.y;
  const x0 = MARGIN + 4 * cell;
  for (let row = 0; row < modules.size; row++) {
    for (let col = 0; col < modules.size; col++) {
      if (modules.get(row, col)) w.page.drawRectangle({ x: x0 + col * cell, y: qrTop - 4 * cell - (row + 1) * cell, width: cell, height: cell, color: rgb(0, 0, 0) });
    }
  }
  const textX = MARGIN + side + 12 * cell;
  w.y = qrTop - 4 * cell;
  w.text(t('payments.notice.qr'), { size: 9, x: textX });
  w.y = Math.min(w.y, qrTop - side - 8 * cell);
  w.rule();
  w.text(t('payments.notice.howTitle'), { size: 12, bold: true });
  w.text(t('payments.notice.howOnline'), { size: 9 });
  w.text(t('payments.notice.howOffline'), { size: 9 });
  return pdf.save();
}

/** `now` is the time of printing, written at the foot (callers with a clock pass it). */
export async function receiptPdf(position: PositionView, t: Translate, locale: Locale, now: Date = systemClock()): Promise<Uint8Array> {
  const receipt = position.receipt;
  const { pdf, writer: w } = await start(`${t('payments.receipt.title')} ${formatNoticeNumber(position.noticeNumber)}`, localize(position.reasonText, locale), locale);
  w.text(t('payments.receipt.title'), { size: 18, bold: true, color: BLUE });
  w.text(position.creditor.name, { size: 12, bold: true, gap: 10 });
  w.text(t('payments.receipt.intro'), { size: 10, gap: 10 });
  w.rule();
  w.field(t('payments.reason'), localize(position.reasonText, locale));
  w.field(t('payments.creditor'), `${position.creditor.name} (${position.creditor.fiscalCode})`);
  w.field(t('payments.debtor'), `${position.debtor.name} (${position.debtor.fiscalCode})`);
  w.field(t('payments.receipt.amountPaid'), euro(position.paidAmountCents ?? position.amountCents, locale), { size: 16 });
  if (position.paidAt) w.field(t('payments.paidOn'), day(position.paidAt, locale, true));
  w.field(t('payments.noticeNumber'), formatNoticeNumber(position.noticeNumber));
  w.field(t('payments.iuv'), position.iuv);
  if (receipt) {
    w.field(t('payments.receiptId'), receipt.receiptId);
    if (receipt.pspCompanyName) w.field(t('payments.psp'), receipt.pspCompanyName);
    if (receipt.paymentMethod) w.field(t('payments.receipt.method'), receipt.paymentMethod);
  }
  w.rule();
  w.text(t('payments.receipt.generated', { date: day(now, locale, true) }), { size: 8, color: GREY });
  return pdf.save();
}
