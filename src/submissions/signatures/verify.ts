// Verifying a digitally signed file: a CAdES envelope (.p7m, the signed content inside, DER or
// base64/PEM-wrapped) or a PAdES PDF (the CMS in the signature dictionary's /Contents, over the
// /ByteRange). The outcome says whether the signature holds over the content (message digest,
// signature value, signing-certificate-v2 when present), who signed, when they say they did,
// and whether their certificate leads to a trusted CA and is in its validity now. No I/O: the
// caller gives the bytes, the trusted CAs and the instant (docs/signatures.md).
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { describeCertificate, trustOf, validityAt, type SignerCertificate } from './certificates.ts';
import { findPdfSignature } from './pades.ts';
import type { SignatureStatus } from '../../forms/answers.ts';

// the statuses are the form engine's, since a file's reference carries its signature's
export { SIGNATURE_STATUSES, type SignatureStatus } from '../../forms/answers.ts';

/** Why a signature is not valid, in a word (kept with the outcome). */
export type SignatureProblem = 'malformed' | 'digest' | 'signature' | 'signingCertificate' | 'partial' | 'untrusted' | 'expired' | 'notYetValid';

export interface SignatureVerification {
  format: 'cades' | 'pades';
  status: SignatureStatus;
  problem: SignatureProblem | null;
  /** null when the envelope is too broken to name one */
  signer: SignerCertificate | null;
  /** the signing-time attribute: written by the signer's own software, so a claim, not a proof */
  signingTime: Date | null;
  /** CAdES: the signed content (its type is decided by the caller); PAdES: null (the PDF itself) */
  content: Uint8Array | null;
}

const OID = {
  signedData: '1.2.840.113549.1.7.2',
  signingTime: '1.2.840.113549.1.9.5',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  sha256: '2.16.840.1.101.3.4.2.1',
} as const;

const SIGNED_DATA_DER = Buffer.from('06092a864886f70d010702', 'hex');

const HASHES: Record<string, string> = { [OID.sha256]: 'SHA-256', '2.16.840.1.101.3.4.2.2': 'SHA-384', '2.16.840.1.101.3.4.2.3': 'SHA-512', '1.3.14.3.2.26': 'SHA-1' };

/**
 * The DER of a CMS envelope: as it is, or decoded from base64 (with or without PEM armour), as
 * .p7m files are often found; null when the bytes are not one.
 */
export function cmsBytes(bytes: Uint8Array): Uint8Array | null {
  if (bytes[0] === 0x30) return bytes;
  const text = Buffer.from(bytes.subarray(0, Math.min(bytes.length, 64))).toString('latin1');
  if (!/^(-----BEGIN [A-Z0-9 ]+-----\s*)?[A-Za-z0-9+/=\s]+$/.test(text)) return null;
  const body = Buffer.from(bytes)
    .toString('latin1')
    .replace(/-----(BEGIN|END) [A-Z0-9 ]+-----/g, '');
  if (!/^[A-Za-z0-9+/=\s]+$/.test(body)) return null;
  const decoded = Buffer.from(body.replace(/\s+/g, ''), 'base64');
  return decoded[0] === 0x30 ? new Uint8Array(decoded) : null;
}

/** The SignedData of an envelope: null when the bytes are no CMS at all, 'malformed' when its inside is broken. */
function parseSignedData(der: Uint8Array): pkijs.SignedData | 'malformed' | null {
  let info: pkijs.ContentInfo;
  try {
    info = pkijs.ContentInfo.fromBER(new Uint8Array(der));
  } catch {
    // an envelope cut short or damaged still names itself signed data in its first bytes
    return Buffer.from(der.subarray(0, 24)).includes(SIGNED_DATA_DER) ? 'malformed' : null;
  }
  if (info.contentType !== OID.signedData) return null;
  try {
    return new pkijs.SignedData({ schema: info.content });
  } catch {
    return 'malformed';
  }
}

function signedAttribute(signerInfo: pkijs.SignerInfo, oid: string): pkijs.Attribute | undefined {
  return signerInfo.signedAttrs?.attributes.find((a) => a.type === oid);
}

function signingTimeOf(signerInfo: pkijs.SignerInfo): Date | null {
  const value = signedAttribute(signerInfo, OID.signingTime)?.values[0] as asn1js.UTCTime | asn1js.GeneralizedTime | undefined;
  return value && 'toDate' in value ? value.toDate() : null;
}

/** signing-certificate-v2 (RFC 5035), when present, must name the signer's certificate by its hash. */
async function signingCertificateMatches(signerInfo: pkijs.SignerInfo, certificate: pkijs.Certificate): Promise<boolean> {
  const attribute = signedAttribute(signerInfo, OID.signingCertificateV2);
  if (!attribute) return true;
  try {
    const certs = (attribute.values[0] as asn1js.Sequence).valueBlock.value[0] as asn1js.Sequence;
    const first = (certs.valueBlock.value[0] as asn1js.Sequence).valueBlock.value;
    // ESSCertIDv2: hashAlgorithm (DEFAULT sha256) may be left out, then certHash comes first
    const hasAlgorithm = first[0] instanceof asn1js.Sequence;
    const algorithm = hasAlgorithm ? new pkijs.AlgorithmIdentifier({ schema: first[0] }).algorithmId : OID.sha256;
    const expected = (first[hasAlgorithm ? 1 : 0] as asn1js.OctetString).valueBlock.valueHexView;
    const hash = HASHES[algorithm];
    if (!hash) return false;
    const actual = new Uint8Array(await crypto.subtle.digest(hash, certificate.toSchema().toBER()));
    return Buffer.from(actual).equals(Buffer.from(expected));
  } catch {
    return false;
  }
}

function outcome(format: SignatureVerification['format'], status: SignatureStatus, problem: SignatureProblem | null, rest: Partial<SignatureVerification> = {}): SignatureVerification {
  return { format, status, problem, signer: null, signingTime: null, content: null, ...rest };
}

/** Verifies the first signer of a SignedData over its own content or over `detached`. */
async function verifySignedData(format: SignatureVerification['format'], signed: pkijs.SignedData, detached: Uint8Array | null, trustedCas: readonly pkijs.Certificate[], now: Date): Promise<SignatureVerification> {
  const signerInfo = signed.signerInfos[0];
  const eContent = signed.encapContentInfo.eContent;
  const content = eContent ? new Uint8Array(eContent.getValue()) : null;
  if (!signerInfo || (!content && !detached)) return outcome(format, 'invalid', 'malformed');
  let result: pkijs.SignedDataVerifyResult;
  try {
    const data = detached ? (detached.buffer.slice(detached.byteOffset, detached.byteOffset + detached.byteLength) as ArrayBuffer) : undefined;
    result = await signed.verify({ signer: 0, ...(data ? { data } : {}), checkChain: false, extendedMode: true });
  } catch (error) {
    const failed = error as Partial<pkijs.SignedDataVerifyResult>;
    const signer = failed.signerCertificate ? describeCertificate(failed.signerCertificate) : null;
    // code 15 is the message digest that does not match the content (or a failure past it)
    return outcome(format, 'invalid', failed.code === 15 && signer ? 'digest' : 'malformed', { signer, signingTime: signingTimeOf(signerInfo), content });
  }
  const certificate = result.signerCertificate!;
  const found = { signer: describeCertificate(certificate), signingTime: signingTimeOf(signerInfo), content };
  if (!result.signatureVerified) return outcome(format, 'invalid', 'signature', found);
  if (!(await signingCertificateMatches(signerInfo, certificate))) return outcome(format, 'invalid', 'signingCertificate', found);
  const carried = (signed.certificates ?? []).filter((c): c is pkijs.Certificate => c instanceof pkijs.Certificate);
  const trust = await trustOf(certificate, carried, trustedCas, now);
  if (!trust.trusted) return outcome(format, 'untrusted', 'untrusted', found);
  const validity = validityAt(trust.path, now);
  if (validity === 'expired') return outcome(format, 'expired', 'expired', found);
  if (validity === 'not_yet_valid') return outcome(format, 'not_yet_valid', 'notYetValid', found);
  return outcome(format, 'valid', null, found);
}

/**
 * The signature of a file: null when the file carries none (neither a CMS envelope nor a PDF
 * with a signature dictionary). `pdf` says the bytes were recognised as a PDF.
 */
export async function verifySignedFile(bytes: Uint8Array, options: { trustedCas: readonly pkijs.Certificate[]; now: Date; pdf: boolean }): Promise<SignatureVerification | null> {
  if (options.pdf) {
    const found = findPdfSignature(bytes);
    if (!found) return null;
    if (!found.cms) return outcome('pades', 'invalid', 'malformed');
    const signed = parseSignedData(found.cms);
    if (!signed || signed === 'malformed') return outcome('pades', 'invalid', 'malformed');
    const verification = await verifySignedData('pades', signed, found.signedBytes, options.trustedCas, options.now);
    // bytes added after the signed range (a later revision) are not covered by this signature
    return !found.coversWholeFile && verification.status !== 'invalid' ? { ...verification, status: 'invalid', problem: 'partial' } : verification;
  }
  const der = cmsBytes(bytes);
  if (!der) return null;
  const signed = parseSignedData(der);
  if (!signed) return null;
  if (signed === 'malformed') return outcome('cades', 'invalid', 'malformed');
  return verifySignedData('cades', signed, null, options.trustedCas, options.now);
}
