import { describe, expect, it } from 'vitest';
import { ioMarkdown, ioMessageBody, escapeMarkdown } from '../../../src/notifications/channels/app-io.ts';
import { compose, formatNoticeNumber, IO_LIMITS, type ComposeContext } from '../../../src/notifications/compose.ts';
import { PUBLIC_NOTIFICATION_KINDS, type NotificationKind } from '../../../src/notifications/kinds.ts';
import type { ClaimedDelivery } from '../../../src/notifications/notifications.repository.ts';
import { SAMPLES } from './samples.ts';

const context = (over: Partial<ComposeContext> = {}): ComposeContext => ({
  locale: 'it',
  channel: 'email',
  baseUrl: 'https://sportello.comune.example.it',
  comuneName: 'Comune di Esempio',
  ...over,
});

function delivery(kind: NotificationKind, data: Record<string, unknown>): ClaimedDelivery {
  return { id: 1, notificationId: 1, channel: 'io', attempts: 1, kind, recipientFiscalCode: 'RSSMRA80A01H501U', locale: 'it', data };
}

describe('composing notifications', () => {
  for (const kind of Object.keys(SAMPLES) as NotificationKind[]) {
    for (const locale of ['it', 'en'] as const) {
      it(`${kind} in ${locale}: subject, text and an absolute link in the language`, () => {
        const message = compose(kind, SAMPLES[kind], context({ locale }));
        expect(message.subject.length).toBeGreaterThanOrEqual(IO_LIMITS.subjectMin);
        expect(message.subject.length).toBeLessThanOrEqual(IO_LIMITS.subjectMax);
        expect(message.paragraphs.length).toBeGreaterThan(0);
        expect(message.action?.url).toMatch(new RegExp(`^https://sportello\\.comune\\.example\\.it/(area-personale|backoffice|segnalazioni)/.+lang=${locale}`));
        const all = JSON.stringify(message);
        if ('protocolNumber' in SAMPLES[kind] && kind !== 'payment.received') expect(all).toContain('0000042/2026');
        expect(all).not.toMatch(/\{\w+\}/);
      });
    }
  }

  it('speaks each language', () => {
    const it_ = compose('submission.received', SAMPLES['submission.received'], context({ locale: 'it' }));
    const en = compose('submission.received', SAMPLES['submission.received'], context({ locale: 'en' }));
    expect(it_.subject).toBe('Richiesta ricevuta, protocollo n. 0000042/2026: Cambio di residenza');
    expect(en.subject).toBe('Request received, protocol no. 0000042/2026: Change of residence');
    expect(it_.facts).toContainEqual({ label: 'Termine per la risposta dell\'ufficio', value: '1 aprile 2026' });
    expect(en.facts).toContainEqual({ label: 'Deadline for the office\'s answer', value: '1 April 2026' });
  });

  it('keeps links relative in the inbox and mentions the attachment only when there is one', () => {
    const inbox = compose('submission.received', SAMPLES['submission.received'], context({ channel: 'inbox' }));
    expect(inbox.action?.url).toBe('/area-personale/richieste/7f0c');
    expect(inbox.footer).toEqual([]);
    expect(inbox.notes.join(' ')).toContain('dalla pagina della richiesta');
    const mail = compose('submission.received', SAMPLES['submission.received'], context({ hasAttachment: true }));
    expect(mail.notes.join(' ')).toContain('In allegato');
  });

  it('shows the notice number in groups of four and the amount in euro', () => {
    expect(formatNoticeNumber('302032002700000251')).toBe('3020 3200 2700 0002 51');
    const message = compose('payment.requested', SAMPLES['payment.requested'], context());
    expect(message.facts).toContainEqual({ label: 'Codice avviso pagoPA', value: '3020 3200 2700 0002 51' });
    expect(message.facts.find((f) => f.label === 'Importo')?.value).toMatch(/16,00\s€/);
  });

  it('says that an expired payment was not made and that a filing waiting for it can be filed again', () => {
    const it_ = compose('payment.expired', SAMPLES['payment.expired'], context({ channel: 'inbox' }));
    expect(it_.subject).toBe('Pagamento scaduto: Cambio di residenza');
    expect(it_.paragraphs[0]).toMatch(/^Il pagamento di 16,00\s€ per «Cambio di residenza» è scaduto senza essere stato effettuato\.$/);
    expect(it_.notes).toEqual(['Se la domanda attendeva questo pagamento, non è stata inviata: puoi presentarla di nuovo.']);
    expect(it_.facts).toContainEqual({ label: 'Scadenza', value: '30 aprile 2026' });
    expect(it_.action).toEqual({ label: 'Vedi il pagamento', url: '/area-personale/pagamenti/9' });
    const en = compose('payment.expired', SAMPLES['payment.expired'], context({ locale: 'en' }));
    expect(en.subject).toBe('Payment expired: Change of residence');
    expect(en.notes).toEqual(['If your application was waiting for this payment, it was not sent: you can file it again.']);
  });

  it('shortens a long procedure title to fit the subject limit', () => {
    const long = { it: 'Domanda '.repeat(60).trim(), en: 'Application '.repeat(40).trim() };
    for (const locale of ['it', 'en'] as const) {
      const message = compose('submission.received', { ...SAMPLES['submission.received'], procedureTitle: long }, context({ locale }));
      expect(message.subject.length).toBeLessThanOrEqual(120);
      expect(message.subject).toContain('0000042/2026');
      expect(message.subject.endsWith('…')).toBe(true);
    }
  });

  it('refuses data that does not fit the kind', () => {
    expect(() => compose('payment.requested', { ...SAMPLES['payment.requested'], noticeNumber: '12345' }, context())).toThrow();
    expect(() => compose('submission.received', { ...SAMPLES['submission.received'], link: 'https://evil.example/' }, context())).toThrow();
    expect(() => compose('decision', { ...SAMPLES.decision, outcome: 'maybe' }, context())).toThrow();
  });

  it('every public kind has a sample', () => {
    expect(PUBLIC_NOTIFICATION_KINDS.every((kind) => kind in SAMPLES)).toBe(true);
  });
});

describe('App IO bodies', () => {
  it('keep subject and markdown within the API limits, with the longest inputs', () => {
    const data = {
      ...SAMPLES['integration.requested'],
      procedureTitle: { it: 'T'.repeat(500), en: 'T'.repeat(500) },
      message: 'Riga di testo con *asterischi* e [parentesi].\n'.repeat(120).slice(0, 5000),
    };
    const body = ioMessageBody(delivery('integration.requested', data), compose('integration.requested', data, context({ channel: 'io' })));
    expect(body.content.subject.length).toBeLessThanOrEqual(120);
    expect(body.content.markdown.length).toBeLessThanOrEqual(10_000);
    expect(body.content.markdown.length).toBeGreaterThanOrEqual(80);
  });

  it('pad a short markdown to the minimum', () => {
    const message = { kind: 'office.message' as const, subject: 'Oggetto lungo abbastanza', greeting: 'Ciao', paragraphs: ['Breve.'], facts: [], notes: [], footer: ['Messaggio inviato dal Comune.'] };
    expect(ioMarkdown(message).length).toBeGreaterThanOrEqual(80);
  });

  it('carry payment data with the notice number when a payment is due', () => {
    const data = SAMPLES['payment.requested'];
    const body = ioMessageBody(delivery('payment.requested', data), compose('payment.requested', data, context({ channel: 'io' })));
    expect(body.content.payment_data).toEqual({ amount: 1600, notice_number: '302032002700000251', invalid_after_due_date: false, payee: { fiscal_code: '03334231200' } });
    // the end of 30 April in Italy (summer time)
    expect(body.content.due_date).toBe('2026-04-30T21:59:59.000Z');
    expect(body.fiscal_code).toBe('RSSMRA80A01H501U');
  });

  it('escape markdown in texts from the office', () => {
    expect(escapeMarkdown('a *b* [c](d) <e>')).toBe('a \\*b\\* \\[c\\](d) \\<e\\>');
  });
});
