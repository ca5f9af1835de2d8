import nodemailer, { type SendMailOptions } from 'nodemailer';
import { describe, expect, it } from 'vitest';
import { decodeWords, parseMail } from '../../../src/notifications/mime.ts';

async function build(options: SendMailOptions): Promise<Buffer> {
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  const info = await transport.sendMail(options);
  return info.message as unknown as Buffer;
}

describe('reading the e-mails the development server receives', () => {
  it('reads subject, text, HTML and attachments of a nodemailer message', async () => {
    const pdf = Buffer.from('%PDF-1.7\n' + 'x'.repeat(3000));
    const raw = await build({
      from: '"Comune di Esempio" <noreply@example.it>',
      to: 'mario.rossi@example.it',
      subject: 'Richiesta ricevuta, protocollo n. 0000042/2026: «Cambio di residenza» è così',
      text: 'Città: Forlì\n' + 'lunga riga '.repeat(30) + '\nFine',
      html: '<p>Città: <strong>Forlì</strong></p>',
      attachments: [{ filename: 'ricevuta è.pdf', content: pdf, contentType: 'application/pdf' }],
    });
    const mail = parseMail(raw);
    expect(mail.subject).toBe('Richiesta ricevuta, protocollo n. 0000042/2026: «Cambio di residenza» è così');
    expect(mail.to).toBe('mario.rossi@example.it');
    expect(mail.text).toContain('Città: Forlì');
    expect(mail.text).toContain('lunga riga lunga riga');
    expect(mail.text?.trim().endsWith('Fine')).toBe(true);
    expect(mail.html).toContain('<strong>Forlì</strong>');
    expect(mail.attachments).toHaveLength(1);
    expect(mail.attachments[0]!.filename).toBe('ricevuta è.pdf');
    expect(mail.attachments[0]!.content.equals(pdf)).toBe(true);
  });

  it('decodes encoded words', () => {
    expect(decodeWords('=?UTF-8?Q?Citt=C3=A0?= =?UTF-8?B?IGRpIEZvcmzDrA==?=')).toBe('Città di Forlì');
  });
});
