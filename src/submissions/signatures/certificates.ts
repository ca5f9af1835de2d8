// The signer's certificate as the office reads it (name, codice fiscale, issuer, validity) and
// the trust in it: a path from the certificate to one of the configured trusted CAs, each
// certificate of the path inside its validity at the moment the portal checks. Italian
// qualified certificates carry the holder's codice fiscale in the subject's serialNumber as
// "TINIT-<codice fiscale>" (ETSI EN 319 412-1 semantics identifier).
import * as pkijs from 'pkijs';

const OID = { commonName: '2.5.4.3', surname: '2.5.4.4', serialNumber: '2.5.4.5', organization: '2.5.4.10', givenName: '2.5.4.42' } as const;

export interface SignerCertificate {
  /** the holder's name: CN, or given name and surname */
  name: string | null;
  /** from serialNumber "TINIT-..." (or "IT:..." as some older certificates write it) */
  fiscalCode: string | null;
  /** the issuing CA: its CN, else its organisation */
  issuer: string;
  /** hex serial number of the certificate */
  serial: string;
  notBefore: Date;
  notAfter: Date;
}

function attribute(name: pkijs.RelativeDistinguishedNames, oid: string): string | null {
  const found = name.typesAndValues.find((tv) => tv.type === oid);
  const value = found?.value.valueBlock as { value?: unknown } | undefined;
  return typeof value?.value === 'string' && value.value.trim() ? value.value.trim() : null;
}

function fiscalCodeOf(serialNumber: string | null): string | null {
  const match = /^(?:TINIT-|IT:)([A-Z0-9]{11,16})$/i.exec(serialNumber ?? '');
  return match ? match[1]!.toUpperCase() : null;
}

const hex = (bytes: ArrayBuffer | Uint8Array) => Buffer.from(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes)).toString('hex');

export function describeCertificate(certificate: pkijs.Certificate): SignerCertificate {
  const subject = certificate.subject;
  const given = attribute(subject, OID.givenName);
  const surname = attribute(subject, OID.surname);
  return {
    name: attribute(subject, OID.commonName) ?? ([given, surname].filter(Boolean).join(' ') || null),
    fiscalCode: fiscalCodeOf(attribute(subject, OID.serialNumber)),
    issuer: attribute(certificate.issuer, OID.commonName) ?? attribute(certificate.issuer, OID.organization) ?? 'unknown',
    serial: hex(certificate.serialNumber.valueBlock.valueHexView),
    notBefore: certificate.notBefore.value,
    notAfter: certificate.notAfter.value,
  };
}

export type Trust = { trusted: true; path: pkijs.Certificate[] } | { trusted: false };

/**
 * Whether the signer's certificate leads to a trusted CA through the certificates the
 * signature carries. The path is built at an instant inside the signer's validity, so that an
 * expired certificate from a trusted CA reads as expired (checked apart, over the whole path),
 * not as untrusted.
 */
export async function trustOf(signer: pkijs.Certificate, carried: readonly pkijs.Certificate[], trustedCas: readonly pkijs.Certificate[], now: Date): Promise<Trust> {
  if (trustedCas.length === 0) return { trusted: false };
  const from = signer.notBefore.value.getTime();
  const to = signer.notAfter.value.getTime();
  const checkDate = new Date(Math.min(Math.max(now.getTime(), from), to));
  const engine = new pkijs.CertificateChainValidationEngine({
    checkDate,
    certs: [...carried.filter((c) => c !== signer), signer],
    trustedCerts: [...trustedCas],
  });
  try {
    const result = await engine.verify();
    return result.result ? { trusted: true, path: result.certificatePath ?? [signer] } : { trusted: false };
  } catch {
    return { trusted: false };
  }
}

/** 'expired' / 'not_yet_valid' when a certificate of the path is outside its validity at `now`. */
export function validityAt(path: readonly pkijs.Certificate[], now: Date): 'expired' | 'not_yet_valid' | null {
  if (path.some((c) => c.notAfter.value.getTime() < now.getTime())) return 'expired';
  if (path.some((c) => c.notBefore.value.getTime() > now.getTime())) return 'not_yet_valid';
  return null;
}

/** Certificates from PEM text or DER bytes (a bundle may hold many); unreadable blocks throw. */
export function parseCertificates(ders: readonly Uint8Array[]): pkijs.Certificate[] {
  return ders.map((der) => pkijs.Certificate.fromBER(new Uint8Array(der)));
}
