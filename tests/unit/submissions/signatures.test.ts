// Signature verification over signatures made here (keys generated on the fly): each kind of
// signed file, good and broken, and what the verification says of it; the file field's
// `signature` option; the trusted CAs read from the configuration.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type * as pkijs from 'pkijs';
import { summaryView, validateStep } from '../../../src/forms/index.ts';
import { describeCertificate, parseCertificates } from '../../../src/submissions/signatures/certificates.ts';
import { signaturesConfig } from '../../../src/submissions/signatures/signatures.config.ts';
import { oneStep } from '../forms/helpers.ts';
import { verifySignedFile, type SignatureVerification } from '../../../src/submissions/signatures/verify.ts';
import { asPem, makeCa, makeSigner, samplePdf, signCades, signPades, tamperedContent, tamperedPdf, tamperedSignature, testPki, type TestCertificate } from '../../helpers/signatures.ts';

const NOW = new Date('2026-03-02T09:00:00Z');
const DAY = 86_400_000;
const person = { givenName: 'Mario', surname: 'Rossi', fiscalCode: 'RSSMRA80A01H501U' };

let pki: Awaited<ReturnType<typeof testPki>>;
let trusted: pkijs.Certificate[];
let other: TestCertificate;

beforeAll(async () => {
  pki = await testPki(NOW);
  trusted = [pki.root.certificate];
  other = await makeCa('Unknown CA', { at: NOW });
});

const verify = (bytes: Uint8Array, pdf = false) => verifySignedFile(bytes, { trustedCas: trusted, now: NOW, pdf });
const pdf = samplePdf();

describe('signature verification', () => {
  const cases: [string, () => Promise<{ bytes: Uint8Array; pdf?: boolean }>, Pick<SignatureVerification, 'status' | 'problem'> & { format?: string }][] = [
    ['a good CAdES .p7m', async () => ({ bytes: await signCades(pdf, pki.signer, { chain: pki.chain, signingTime: NOW }) }), { status: 'valid', problem: null, format: 'cades' }],
    ['a good .p7m in base64 with PEM armour', async () => ({ bytes: asPem(await signCades(pdf, pki.signer, { chain: pki.chain })) }), { status: 'valid', problem: null }],
    ['a .p7m whose content was changed', async () => ({ bytes: await tamperedContent(pdf, pki.signer) }), { status: 'invalid', problem: 'digest' }],
    ['a .p7m whose signature value was changed', async () => ({ bytes: await tamperedSignature(pdf, pki.signer) }), { status: 'invalid', problem: 'signature' }],
    ['a .p7m by an expired certificate', async () => {
      const signer = await makeSigner(pki.intermediate, person, { notBefore: new Date(NOW.getTime() - 800 * DAY), notAfter: new Date(NOW.getTime() - DAY) });
      return { bytes: await signCades(pdf, signer, { chain: pki.chain, signingTime: new Date(NOW.getTime() - 10 * DAY) }) };
    }, { status: 'expired', problem: 'expired' }],
    ['a .p7m by a certificate not valid yet', async () => {
      const signer = await makeSigner(pki.intermediate, person, { notBefore: new Date(NOW.getTime() + DAY), notAfter: new Date(NOW.getTime() + 800 * DAY) });
      return { bytes: await signCades(pdf, signer, { chain: pki.chain }) };
    }, { status: 'not_yet_valid', problem: 'notYetValid' }],
    ['a .p7m by a CA not trusted', async () => ({ bytes: await signCades(pdf, await makeSigner(other, person, { at: NOW })) }), { status: 'untrusted', problem: 'untrusted' }],
    ['a .p7m without its intermediate CA', async () => ({ bytes: await signCades(pdf, pki.signer) }), { status: 'untrusted', problem: 'untrusted' }],
    ['a good PAdES PDF', async () => ({ bytes: await signPades(pki.signer, { chain: pki.chain }), pdf: true }), { status: 'valid', problem: null, format: 'pades' }],
    ['a PAdES PDF changed after signing', async () => ({ bytes: tamperedPdf(await signPades(pki.signer, { chain: pki.chain })), pdf: true }), { status: 'invalid', problem: 'digest' }],
    ['a PAdES PDF with bytes added past the signed range', async () => ({ bytes: new Uint8Array(Buffer.concat([await signPades(pki.signer, { chain: pki.chain }), Buffer.from('1 0 obj\n')])), pdf: true }), { status: 'invalid', problem: 'partial' }],
  ];

  it.each(cases)('%s', async (_name, make, expected) => {
    const file = await make();
    const result = await verify(file.bytes, file.pdf);
    expect(result).toMatchObject(expected);
  });

  it('reads the signer: name, codice fiscale, issuer, validity, signing time; and the content of a .p7m', async () => {
    const result = (await verify(await signCades(pdf, pki.signer, { chain: pki.chain, signingTime: new Date('2026-03-01T10:00:00Z') })))!;
    expect(result.signer).toMatchObject({ name: 'Mario Rossi', fiscalCode: 'RSSMRA80A01H501U', issuer: 'Test Qualified CA', notAfter: pki.signer.certificate.notAfter.value });
    expect(result.signingTime?.toISOString()).toBe('2026-03-01T10:00:00.000Z');
    expect(Buffer.from(result.content!).equals(Buffer.from(pdf))).toBe(true);
  });

  it('finds no signature in an unsigned PDF or in other bytes', async () => {
    expect(await verify(pdf, true)).toBeNull();
    expect(await verify(new Uint8Array(Buffer.from('just some text')))).toBeNull();
    expect(await verify(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a]))).toBeNull();
  });

  it('calls every signature untrusted when no CA is configured', async () => {
    const result = await verifySignedFile(await signCades(pdf, pki.signer, { chain: pki.chain }), { trustedCas: [], now: NOW, pdf: false });
    expect(result).toMatchObject({ status: 'untrusted' });
  });

  it('calls a broken envelope invalid', async () => {
    const good = await signCades(pdf, pki.signer, { chain: pki.chain });
    const cut = good.slice(0, good.length - 40);
    expect(await verify(cut)).toMatchObject({ status: 'invalid' });
  });
});

describe('a file field with `signature`', () => {
  const field = { name: 'relazione', type: 'file', label: { it: 'Relazione', en: 'Report' }, required: true, accept: ['application/pdf'], signature: 'required' };
  const plain = { id: 'u1', name: 'relazione.pdf', size: 1200, contentType: 'application/pdf', sha256: 'a'.repeat(64) };
  const signed = { ...plain, name: 'relazione.pdf.p7m', contentType: 'application/pkcs7-mime', signature: { status: 'untrusted' as const, signer: 'Mario Rossi', contentType: 'application/pdf' } };
  const check = (files: unknown[]) => validateStep(oneStep(field), 's', {}, { relazione: files as never }, 'it', { today: '2026-03-02' });

  it('takes a signed file (its content checked against accept) and refuses an unsigned one', () => {
    expect(check([signed]).ok).toBe(true);
    const refused = check([plain]);
    expect(refused.ok ? [] : refused.errors.map((e) => e.message)).toEqual(['Il file «relazione.pdf» per «Relazione» deve essere firmato digitalmente (.p7m o PDF firmato)']);
  });

  it('says who signed in the summary, and how the signature was found', () => {
    const row = summaryView(oneStep(field), { relazione: [signed] }, 'it').steps[0]?.rows[0];
    expect(row?.text).toBe('relazione.pdf.p7m (1 KB), firmato da Mario Rossi (emittente non attendibile: l’ufficio verificherà la firma)');
    const valid = summaryView(oneStep(field), { relazione: [{ ...signed, signature: { ...signed.signature, status: 'valid' } }] }, 'en').steps[0]?.rows[0];
    expect(valid?.text).toBe('relazione.pdf.p7m (1 KB), signed by Mario Rossi');
  });

  it('is refused by the definition schema with an unknown value', () => {
    expect(() => oneStep({ ...field, signature: 'maybe' })).toThrow();
  });
});

describe('SIGNATURE_TRUSTED_CAS', () => {
  it('reads a PEM bundle or a folder of certificates, and refuses what holds none', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'sportello-cas-'));
    await writeFile(path.join(dir, 'bundle.pem'), pki.root.pem + pki.intermediate.pem);
    await writeFile(path.join(dir, 'other.der'), Buffer.from(other.certificate.toSchema().toBER(false)));
    await writeFile(path.join(dir, 'readme.txt'), 'not a certificate');
    expect(signaturesConfig({ SIGNATURE_TRUSTED_CAS: path.join(dir, 'bundle.pem') }).config.trustedCas).toHaveLength(2);
    const folder = signaturesConfig({ SIGNATURE_TRUSTED_CAS: dir });
    expect(folder.problems).toEqual([]);
    expect(parseCertificates(folder.config.trustedCas).map((c) => describeCertificate(c).name)).toEqual(['Test Root CA', 'Test Qualified CA', 'Unknown CA']);
    expect(signaturesConfig({}).config.trustedCas).toEqual([]);
    expect(signaturesConfig({ SIGNATURE_TRUSTED_CAS: path.join(dir, 'readme.txt') }).problems[0]).toMatch(/no certificate/);
    expect(signaturesConfig({ SIGNATURE_TRUSTED_CAS: path.join(dir, 'missing.pem') }).problems[0]).toMatch(/cannot be read/);
  });
});
