// Which encoding the static files are sent in: brotli when the browser takes it, else gzip,
// never one it refuses with q=0.
import { describe, expect, it } from 'vitest';
import { preferredEncoding } from '../../../src/platform/asset-compression.ts';

describe('the encoding of static files', () => {
  it('prefers brotli, then gzip, and honours q=0', () => {
    expect(preferredEncoding('gzip, deflate, br, zstd')).toBe('br');
    expect(preferredEncoding('gzip, deflate')).toBe('gzip');
    expect(preferredEncoding('br;q=0, gzip;q=0.5')).toBe('gzip');
    expect(preferredEncoding('*')).toBe('br');
    expect(preferredEncoding('identity')).toBeNull();
    expect(preferredEncoding(undefined)).toBeNull();
  });
});
