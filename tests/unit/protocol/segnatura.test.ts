// The segnatura the portal emits, against the AgID schema (Allegato 6, SegnaturaInformatica
// 3.0.0): a filing by a person, by a company with files, an outgoing document; and a broken
// segnatura refused by the same validation. The registry's answer is parsed back.
import { describe, expect, it } from 'vitest';
import { answerXml, parseAnswer } from '../../../src/protocol/registry-client.ts';
import { buildSegnatura, messageId, validateSegnatura, type SegnaturaInput } from '../../../src/protocol/segnatura.ts';
import { TEST_IDENTITY } from './identity.ts';

const identity = TEST_IDENTITY;

const filing: SegnaturaInput = {
  direction: 'entrata',
  number: 42,
  at: new Date('2026-03-02T10:15:00Z'),
  subject: 'Certificato di residenza - Mario Rossi',
  sender: { kind: 'person', givenName: 'Mario', familyName: 'Rossi', fiscalCode: 'RSSMRA80A01H501U' },
  recipient: { kind: 'comune' },
  primary: { name: 'domanda-1.json', mimeType: 'application/json', sha256: 'ab'.repeat(32), description: 'Certificato di residenza' },
  attachments: [],
};

describe('segnatura', () => {
  it('builds a filing by a person that the AgID schema accepts', async () => {
    const xml = buildSegnatura(identity, filing);
    expect(await validateSegnatura(xml)).toEqual({ valid: true, errors: [] });
    expect(xml).toContain('<prot:NumeroRegistrazione>0000042</prot:NumeroRegistrazione>');
    expect(xml).toContain('<prot:DataRegistrazione>2026-03-02</prot:DataRegistrazione>');
    // the SHA-256 of each document, in base64 as the schema's Impronta wants it
    expect(xml).toContain(`<prot:Impronta prot:algoritmo="SHA-256">${Buffer.from('ab'.repeat(32), 'hex').toString('base64')}</prot:Impronta>`);
    expect(messageId(identity, 'entrata', 42)).toBe('c_x000/AOO_01/PORTALE/0000042');
  });

  it('builds a filing by a company with files, and an outgoing document, both valid', async () => {
    const company = buildSegnatura(identity, {
      ...filing,
      number: 12_345_678,
      sender: { kind: 'company', name: 'Neri Forniture S.r.l. & figli', vatOrFiscalCode: '01199250158', person: { givenName: 'Giovanna', familyName: 'Neri', fiscalCode: 'NREGNN70H70F205U' } },
      attachments: [
        { name: 'planimetria.pdf', mimeType: 'application/pdf', sha256: 'cd'.repeat(32) },
        { name: 'foto <1>.jpg', mimeType: 'image/jpeg', sha256: 'ef'.repeat(32) },
      ],
    });
    expect(await validateSegnatura(company)).toEqual({ valid: true, errors: [] });
    expect(company).toContain('<prot:NumeroRegistrazione>12345678</prot:NumeroRegistrazione>');
    const outgoing = buildSegnatura(identity, { ...filing, direction: 'uscita', sender: { kind: 'comune' }, recipient: { kind: 'person', givenName: 'Mario', familyName: 'Rossi', fiscalCode: 'RSSMRA80A01H501U' } });
    expect(await validateSegnatura(outgoing)).toEqual({ valid: true, errors: [] });
    expect(outgoing).toContain('<prot:CodiceRegistro>PORTALE-U</prot:CodiceRegistro>');
  });

  it('refuses a broken segnatura', async () => {
    const xml = buildSegnatura(identity, filing);
    const noSubject = xml.replace(/<prot:Oggetto>[^<]*<\/prot:Oggetto>/, '');
    const badNumber = xml.replace('<prot:NumeroRegistrazione>0000042<', '<prot:NumeroRegistrazione>42<');
    const unsigned = xml.replace(/<ds:Signature>.*<\/ds:Signature>/, '');
    for (const broken of [noSubject, badNumber, unsigned]) {
      const check = await validateSegnatura(broken);
      expect(check.valid).toBe(false);
      expect(check.errors.length).toBeGreaterThan(0);
    }
  });

  it('reads the registry\'s answer back', () => {
    const xml = answerXml({ administrationCode: 'c_x000', aooCode: 'AOO_01', registerCode: 'REG_UFF', number: '0000007', date: '2026-03-02', messageId: 'c_x000/AOO_01/PORTALE/0000042', duplicate: true });
    expect(parseAnswer(xml)).toEqual({ registerCode: 'REG_UFF', number: '0000007', date: '2026-03-02', messageId: 'c_x000/AOO_01/PORTALE/0000042', duplicate: true });
    expect(() => parseAnswer('<RegistrazioneProtocollo/>')).toThrow(/without a registration/);
  });
});
