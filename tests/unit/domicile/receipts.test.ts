// Reading PEC receipts (the headers of DM 2 November 2005) as the stand-in provider writes them,
// other mail left alone; and the digital domicile settings (production refuses the stand-ins).
import { describe, expect, it } from 'vitest';
import { domicileConfig, type DomicileEnv } from '../../../src/domicile/domicile.config.ts';
import { receiptMessage } from '../../../src/domicile/pec-provider.stand-in.ts';
import { parseHeaders, readReceipt } from '../../../src/domicile/pec-receipts.ts';

const head = (raw: string) => parseHeaders(raw.slice(0, raw.indexOf('\r\n\r\n')));

describe('PEC receipts', () => {
  const at = new Date('2026-03-02T09:00:00Z');
  it('reads the kind, the message referred to and the date', () => {
    const raw = receiptMessage({ kind: 'avvenuta-consegna', refMessageId: '<pec-7@sportello.localhost>', subject: 'Esito della richiesta', from: 'protocollo@pec.comune.localhost', to: 'ada@pec.example.it', recipient: 'ada@pec.example.it', at });
    expect(readReceipt(head(raw))).toMatchObject({ kind: 'avvenuta-consegna', refMessageId: '<pec-7@sportello.localhost>', receiptDate: at, subject: 'CONSEGNA: Esito della richiesta' });
    expect(head(raw)['x-trasporto']).toBe('posta-certificata');
  });

  it('names a failed delivery as the rules do', () => {
    const raw = receiptMessage({ kind: 'errore-consegna', refMessageId: '<x@y>', subject: 'S', from: 'a@b.it', to: 'c@d.it', recipient: 'c@d.it', at });
    expect(readReceipt(head(raw))).toMatchObject({ kind: 'errore-consegna', subject: 'AVVISO DI MANCATA CONSEGNA: S' });
  });

  it('joins folded header lines and leaves other mail alone', () => {
    expect(parseHeaders('Subject: a\r\n b\r\nX-Ricevuta: accettazione')).toEqual({ subject: 'a b', 'x-ricevuta': 'accettazione' });
    expect(readReceipt({ subject: 'Hello' })).toBeNull();
    expect(readReceipt({ 'x-ricevuta': 'something-else', 'x-riferimento-message-id': '<x@y>' })).toBeNull();
    expect(readReceipt({ 'x-ricevuta': 'accettazione' })).toBeNull();
  });
});

describe('digital domicile settings', () => {
  const base: DomicileEnv = { NODE_ENV: 'production', DOMICILE_CACHE_SECONDS: 300, DOMICILE_TIMEOUT_MS: 5000, PDND_AUDIENCE: 'aud' };
  it('is off in production unless configured, and refuses the stand-in there', () => {
    expect(domicileConfig(base)).toMatchObject({ problems: [], config: { registry: 'none', pec: null } });
    expect(domicileConfig({ ...base, DOMICILE_REGISTRY: 'stand-in' }).problems.join()).toMatch(/stand-in is for testing only/);
  });

  it('needs the registers, the purposes, the PDND client and the PEC mailbox for pdnd', () => {
    const problems = domicileConfig({ ...base, DOMICILE_REGISTRY: 'pdnd' }).problems.join(' ');
    for (const key of ['INAD_URL', 'INIPEC_URL', 'INAD_PDND_PURPOSE_ID', 'INIPEC_PDND_PURPOSE_ID', 'PDND_CLIENT_ID', 'PEC_SMTP_URL']) expect(problems).toContain(key);
  });

  it('runs the stand-ins on their ports outside production, any port in tests', () => {
    expect(domicileConfig({ ...base, NODE_ENV: 'development' }).config).toMatchObject({ registry: 'stand-in', standInPort: 2630, pecSmtpPort: 2625, pecImapPort: 2643, receiptsPollSeconds: 60 });
    expect(domicileConfig({ ...base, NODE_ENV: 'test' }).config).toMatchObject({ standInPort: 0, pecSmtpPort: 0, pecImapPort: 0, receiptsPollSeconds: 0 });
  });
});
