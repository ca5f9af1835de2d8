// The signature settings (listed with the others in src/config.ts and .env.example): the CAs
// whose certificates the portal trusts for digital signatures, read once at boot from a PEM
// bundle or a folder of certificates (the comune keeps them, e.g. drawn from the EU trusted
// lists; the portal downloads no list itself). Unset: no CA is trusted, and every signature is
// recorded as "issuer not trusted" for the office to judge (docs/signatures.md).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import * as asn1js from 'asn1js';

export interface SignaturesConfig {
  /** DER of each trusted CA certificate */
  readonly trustedCas: readonly Uint8Array[];
  /** where they were read from (null: none configured) */
  readonly source: string | null;
}

export interface SignaturesEnv {
  SIGNATURE_TRUSTED_CAS?: string | undefined;
}

const PEM = /-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\s]+?)-----END CERTIFICATE-----/g;
const CERTIFICATE_FILE = /\.(pem|crt|cer|der)$/i;

/** The certificates of one file: its PEM blocks, or the file itself when it is DER. */
export function certificatesIn(bytes: Buffer): Uint8Array[] {
  if (bytes[0] === 0x30) return [new Uint8Array(bytes)];
  return [...bytes.toString('latin1').matchAll(PEM)].map((m) => new Uint8Array(Buffer.from(m[1]!.replace(/\s+/g, ''), 'base64')));
}

export function signaturesConfig(env: SignaturesEnv): { config: SignaturesConfig; problems: string[] } {
  const source = env.SIGNATURE_TRUSTED_CAS?.trim() || null;
  const none = { problems: [], config: Object.freeze({ trustedCas: Object.freeze([]), source: null }) };
  if (!source) return none;
  const problems: string[] = [];
  const trustedCas: Uint8Array[] = [];
  try {
    const files = statSync(source).isDirectory()
      ? readdirSync(source).filter((name) => CERTIFICATE_FILE.test(name)).sort().map((name) => path.join(source, name))
      : [source];
    for (const file of files) {
      const found = certificatesIn(readFileSync(file));
      if (found.some((der) => asn1js.fromBER(der).offset === -1)) problems.push(`SIGNATURE_TRUSTED_CAS: ${file} holds a certificate that cannot be read`);
      trustedCas.push(...found);
    }
  } catch (error) {
    problems.push(`SIGNATURE_TRUSTED_CAS: ${source} cannot be read (${(error as Error).message})`);
  }
  if (problems.length === 0 && trustedCas.length === 0) problems.push(`SIGNATURE_TRUSTED_CAS: no certificate in ${source} (PEM bundle, or a folder of .pem/.crt/.cer/.der files)`);
  return { problems, config: Object.freeze({ trustedCas: Object.freeze(trustedCas), source }) };
}
