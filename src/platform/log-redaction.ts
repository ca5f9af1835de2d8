// What a request log line may say about the address: its path only (no query string, where
// searches and filters carry names and fiscal codes), with any segment shaped like a codice
// fiscale replaced, in any case and with omocodia letters, even percent-encoded. Addresses
// carry ids, not fiscal codes; this is the second line for a link or a client that still puts one there.
import { CODICE_FISCALE } from '../identity/fiscal-code.ts';

export const REDACTED_FISCAL_CODE = '[codice-fiscale]';

// the identity module's pattern, anywhere in a segment (not glued to other letters or digits), any case
const FISCAL_CODE_ANYWHERE = new RegExp(`(?<![A-Za-z0-9])${CODICE_FISCALE.source.replace(/^\^|\$$/g, '')}(?![A-Za-z0-9])`, 'gi');

function decoded(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** The path of a request URL as the logs show it: no query string, no fiscal code. */
export function redactedPath(url: string): string {
  const path = url.split(/[?#]/, 1)[0] ?? '';
  return path
    .split('/')
    .map((segment) => {
      const plain = decoded(segment);
      FISCAL_CODE_ANYWHERE.lastIndex = 0;
      return FISCAL_CODE_ANYWHERE.test(plain) ? plain.replace(FISCAL_CODE_ANYWHERE, REDACTED_FISCAL_CODE) : segment;
    })
    .join('/');
}
