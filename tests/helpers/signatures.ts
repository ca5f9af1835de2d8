// Digital signatures made in the test itself: a CA (and optionally an intermediate) and a
// signer with keys generated on the fly (ECDSA P-256, quick), the signer's certificate carrying
// a codice fiscale as Italian qualified certificates do (serialNumber "TINIT-..."); a PDF
// signed as CAdES attached (.p7m, DER or base64) and as PAdES (a minimal PDF whose signature
// dictionary's /Contents holds the detached CMS over its /ByteRange); and the broken variants
// the verification must catch.
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';

const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const DAY = 86_400_000;
let serial = 1000;

export interface TestCertificate {
  certificate: pkijs.Certificate;
  keys: CryptoKeyPair;
  /** PEM text, as a trusted-CA bundle holds it */
  pem: string;
}

function name(target: pkijs.RelativeDistinguishedNames, parts: Record<string, string>) {
  for (const [type, value] of Object.entries(parts)) {
    target.typesAndValues.push(new pkijs.AttributeTypeAndValue({ type, value: type === '2.5.4.5' ? new asn1js.PrintableString({ value }) : new asn1js.Utf8String({ value }) }));
  }
}

function keyUsage(bits: number, unused: number): pkijs.Extension {
  const value = new asn1js.BitString({ valueHex: new Uint8Array([bits]).buffer, unusedBits: unused });
  return new pkijs.Extension({ extnID: '2.5.29.15', critical: true, extnValue: value.toBER(false), parsedValue: value });
}

export function toPem(der: ArrayBuffer | Uint8Array, label = 'CERTIFICATE'): string {
  const base64 = Buffer.from(der instanceof Uint8Array ? der : new Uint8Array(der)).toString('base64');
  return `-----BEGIN ${label}-----\n${base64.replace(/(.{64})/g, '$1\n').trim()}\n-----END ${label}-----\n`;
}

async function makeCertificate(subject: Record<string, string>, options: { issuer?: TestCertificate; ca: boolean; notBefore: Date; notAfter: Date }): Promise<TestCertificate> {
  const keys = (await crypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify'])) as CryptoKeyPair;
  const certificate = new pkijs.Certificate();
  certificate.version = 2;
  certificate.serialNumber = new asn1js.Integer({ value: serial++ });
  name(certificate.subject, subject);
  if (options.issuer) certificate.issuer = options.issuer.certificate.subject;
  else name(certificate.issuer, subject);
  certificate.notBefore.value = options.notBefore;
  certificate.notAfter.value = options.notAfter;
  const basic = new pkijs.BasicConstraints({ cA: options.ca });
  certificate.extensions = [
    new pkijs.Extension({ extnID: '2.5.29.19', critical: true, extnValue: basic.toSchema().toBER(false), parsedValue: basic }),
    // CA: keyCertSign and cRLSign; signer: digitalSignature and nonRepudiation
    options.ca ? keyUsage(0x06, 1) : keyUsage(0xc0, 6),
  ];
  await certificate.subjectPublicKeyInfo.importKey(keys.publicKey);
  await certificate.sign((options.issuer ?? { keys }).keys.privateKey, 'SHA-256');
  return { certificate, keys, pem: toPem(certificate.toSchema().toBER(false)) };
}

export interface Validity {
  notBefore?: Date;
  notAfter?: Date;
}

/** A root CA, or an intermediate when `issuer` is given; valid for ten years around `at`. */
export function makeCa(commonName: string, options: Validity & { issuer?: TestCertificate; at?: Date } = {}): Promise<TestCertificate> {
  const at = options.at ?? new Date();
  return makeCertificate({ '2.5.4.6': 'IT', '2.5.4.10': 'Test Trust Service Provider', '2.5.4.3': commonName }, {
    ca: true,
    ...(options.issuer ? { issuer: options.issuer } : {}),
    notBefore: options.notBefore ?? new Date(at.getTime() - 5 * 365 * DAY),
    notAfter: options.notAfter ?? new Date(at.getTime() + 5 * 365 * DAY),
  });
}

/** A signer's qualified-like certificate: CN, given name, surname and serialNumber TINIT-<fiscalCode>. */
export function makeSigner(issuer: TestCertificate, person: { givenName: string; surname: string; fiscalCode: string }, options: Validity & { at?: Date } = {}): Promise<TestCertificate> {
  const at = options.at ?? new Date();
  return makeCertificate(
    { '2.5.4.6': 'IT', '2.5.4.42': person.givenName, '2.5.4.4': person.surname, '2.5.4.5': `TINIT-${person.fiscalCode}`, '2.5.4.3': `${person.givenName} ${person.surname}` },
    { ca: false, issuer, notBefore: options.notBefore ?? new Date(at.getTime() - 365 * DAY), notAfter: options.notAfter ?? new Date(at.getTime() + 2 * 365 * DAY) },
  );
}

const attribute = (type: string, value: asn1js.AsnType) => new pkijs.Attribute({ type, values: [value] });

async function signedAttributes(signer: TestCertificate, digest: ArrayBuffer, signingTime: Date): Promise<pkijs.SignedAndUnsignedAttributes> {
  const certHash = await crypto.subtle.digest('SHA-256', signer.certificate.toSchema().toBER(false));
  // SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2 }, the hash algorithm left at its default (SHA-256)
  const signingCertificateV2 = new asn1js.Sequence({ value: [new asn1js.Sequence({ value: [new asn1js.Sequence({ value: [new asn1js.OctetString({ valueHex: certHash })] })] })] });
  return new pkijs.SignedAndUnsignedAttributes({
    type: 0,
    attributes: [
      attribute('1.2.840.113549.1.9.3', new asn1js.ObjectIdentifier({ value: '1.2.840.113549.1.7.1' })),
      attribute('1.2.840.113549.1.9.5', new asn1js.UTCTime({ valueDate: signingTime })),
      attribute('1.2.840.113549.1.9.4', new asn1js.OctetString({ valueHex: digest })),
      attribute('1.2.840.113549.1.9.16.2.47', signingCertificateV2),
    ],
  });
}

export interface SignOptions {
  /** certificates carried besides the signer's (an intermediate) */
  chain?: TestCertificate[];
  signingTime?: Date;
}

/** The SignedData of `content` by `signer`: attached (CAdES .p7m) or detached (PAdES). */
async function signedData(content: Uint8Array, signer: TestCertificate, attached: boolean, options: SignOptions): Promise<pkijs.SignedData> {
  const bytes = content.slice().buffer;
  const cms = new pkijs.SignedData({
    version: 1,
    encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: '1.2.840.113549.1.7.1', ...(attached ? { eContent: new asn1js.OctetString({ valueHex: bytes }) } : {}) }),
    signerInfos: [new pkijs.SignerInfo({ version: 1, sid: new pkijs.IssuerAndSerialNumber({ issuer: signer.certificate.issuer, serialNumber: signer.certificate.serialNumber }) })],
    certificates: [signer.certificate, ...(options.chain ?? []).map((c) => c.certificate)],
  });
  cms.signerInfos[0]!.signedAttrs = await signedAttributes(signer, await crypto.subtle.digest('SHA-256', bytes), options.signingTime ?? new Date());
  await cms.sign(signer.keys.privateKey, 0, 'SHA-256');
  return cms;
}

function envelope(cms: pkijs.SignedData): Uint8Array {
  return new Uint8Array(new pkijs.ContentInfo({ contentType: '1.2.840.113549.1.7.2', content: cms.toSchema(true) }).toSchema().toBER(false));
}

/** `content` signed as CAdES-BES with the content inside: the bytes of a .p7m. */
export async function signCades(content: Uint8Array, signer: TestCertificate, options: SignOptions = {}): Promise<Uint8Array> {
  return envelope(await signedData(content, signer, true, options));
}

/** The same .p7m wrapped in base64 with PEM armour, as such files are often found. */
export const asPem = (p7m: Uint8Array): Uint8Array => new Uint8Array(Buffer.from(toPem(p7m, 'PKCS7')));

/** A .p7m whose signed content was changed after signing (the message digest no longer matches). */
export async function tamperedContent(content: Uint8Array, signer: TestCertificate): Promise<Uint8Array> {
  const cms = await signedData(content, signer, true, {});
  const changed = content.slice();
  changed[changed.length - 10] = changed[changed.length - 10]! ^ 0x01;
  cms.encapContentInfo.eContent = new asn1js.OctetString({ valueHex: changed.buffer });
  return envelope(cms);
}

/** A .p7m whose signature value was changed (the content and its digest untouched). */
export async function tamperedSignature(content: Uint8Array, signer: TestCertificate): Promise<Uint8Array> {
  const cms = await signedData(content, signer, true, {});
  const signerInfo = cms.signerInfos[0]!;
  const value = new Uint8Array(signerInfo.signature.valueBlock.valueHexView).slice();
  value[value.length - 2] = value[value.length - 2]! ^ 0x01; // inside the ECDSA s value, so the DER still reads
  signerInfo.signature = new asn1js.OctetString({ valueHex: value.buffer });
  return envelope(cms);
}

/** A small PDF (one empty page) that file-type recognises as application/pdf. */
export function samplePdf(text = 'Relazione tecnica asseverata'): Uint8Array {
  return new Uint8Array(
    Buffer.from(
      `%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n` +
        `3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >> endobj\n% ${text}\ntrailer << /Root 1 0 R >>\n%%EOF\n`,
      'latin1',
    ),
  );
}

const CONTENTS_ROOM = 8192;

/** A minimal PDF signed as PAdES: the signature dictionary's /Contents over its /ByteRange. */
export async function signPades(signer: TestCertificate, options: SignOptions & { text?: string } = {}): Promise<Uint8Array> {
  const placeholderRange = '/ByteRange [0 0000000000 0000000000 0000000000]';
  const head =
    `%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [5 0 R] /SigFlags 3 >> >> endobj\n2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n` +
    `3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Annots [5 0 R] >> endobj\n% ${options.text ?? 'Relazione tecnica asseverata'}\n` +
    `4 0 obj << /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached ${placeholderRange} /Contents `;
  const contents = `<${'0'.repeat(CONTENTS_ROOM * 2)}>`;
  const tail = ` >> endobj\n5 0 obj << /Type /Annot /Subtype /Widget /FT /Sig /Rect [0 0 0 0] /V 4 0 R /P 3 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n`;
  const b = Buffer.byteLength(head, 'latin1');
  const c = b + contents.length;
  const d = Buffer.byteLength(tail, 'latin1');
  // the same length as the placeholder, so the offsets stay true
  const realHead = head.replace(placeholderRange, `/ByteRange [0 ${b} ${c} ${d}`.padEnd(placeholderRange.length - 1, ' ') + ']');
  const signedBytes = Buffer.concat([Buffer.from(realHead, 'latin1'), Buffer.from(tail, 'latin1')]);
  const cms = envelope(await signedData(new Uint8Array(signedBytes), signer, false, options));
  const hex = Buffer.from(cms).toString('hex').padEnd(CONTENTS_ROOM * 2, '0');
  return new Uint8Array(Buffer.from(`${realHead}<${hex}>${tail}`, 'latin1'));
}

/** A PAdES PDF with one byte of its signed range changed (the page text). */
export function tamperedPdf(pdf: Uint8Array): Uint8Array {
  const copy = Buffer.from(pdf);
  const at = copy.indexOf('Relazione');
  copy[at] = 'r'.charCodeAt(0);
  return new Uint8Array(copy);
}

/** A certificate authority, an intermediate and a signer, at `at` (default now). */
export async function testPki(at = new Date()) {
  const root = await makeCa('Test Root CA', { at });
  const intermediate = await makeCa('Test Qualified CA', { issuer: root, at });
  const signer = await makeSigner(intermediate, { givenName: 'Mario', surname: 'Rossi', fiscalCode: 'RSSMRA80A01H501U' }, { at });
  return { root, intermediate, signer, chain: [intermediate] };
}

let shared: ReturnType<typeof testPki> | undefined;
/** One test PKI per test file, made at the first need. */
export function sharedPki() {
  return (shared ??= testPki());
}

/** A sample PDF signed as a .p7m by the shared test signer (with its intermediate). */
export async function signedTestPdf(): Promise<Buffer> {
  const pki = await sharedPki();
  return Buffer.from(await signCades(samplePdf(), pki.signer, { chain: pki.chain }));
}
