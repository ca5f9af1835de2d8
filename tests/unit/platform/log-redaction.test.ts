// The request logger's serializer: a logged path never carries a codice fiscale (upper or lower
// case, with omocodia letters, percent-encoded) nor the query string.
import { describe, expect, it } from 'vitest';
import { loggerOptions } from '../../../src/app.ts';
import type { Config } from '../../../src/config.ts';
import { redactedPath } from '../../../src/platform/log-redaction.ts';

const options = loggerOptions({ env: 'production', logLevel: 'info' } as Config);
const serializeRequest = (options as { serializers: { req: (r: { method: string; url: string; id: string }) => Record<string, unknown> } }).serializers.req;

const ANY_FISCAL_CODE = /[A-Z]{6}[0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]/i;

describe('the request log serializer', () => {
  it.each([
    ['/admin/personale/CSRGGL44L13H501E', '/admin/personale/[codice-fiscale]'],
    ['/admin/personale/csrggl44l13h501e', '/admin/personale/[codice-fiscale]'],
    // omocodia: digits replaced by letters
    ['/admin/personale/CSRGGLQQLMPHRQ1E/modifica', '/admin/personale/[codice-fiscale]/modifica'],
    ['/admin/personale/%43SRGGL44L13H501E', '/admin/personale/[codice-fiscale]'],
    ['/documenti/CSRGGL44L13H501E.pdf?x=1', '/documenti/[codice-fiscale].pdf'],
    ['/backoffice?q=CSRGGL44L13H501E&assegnatario=FRRNNA75C55A944U', '/backoffice'],
  ])('logs %s as %s', (url, path) => {
    const line = serializeRequest({ method: 'GET', url, id: 'r1' });
    expect(line).toEqual({ method: 'GET', path, id: 'r1' });
    expect(JSON.stringify(line)).not.toMatch(ANY_FISCAL_CODE);
  });

  it('leaves other paths as they are', () => {
    for (const path of ['/admin/personale/12', '/servizi/certificato-residenza', '/backoffice/pratiche/0b0e8f52-7f5c-4a8e-9d57-2b1f3c4d5e6f', '/%E0%A4%A']) {
      expect(redactedPath(path)).toBe(path);
    }
  });
});
