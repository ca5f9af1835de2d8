// Where a signed PDF (PAdES) keeps its signature: the signature dictionary's /ByteRange names
// the two stretches of the file that were signed, and the gap between them is /Contents, a hex
// string holding the detached CMS (zero-padded to the room reserved for it). The last signature
// of the file is the one read: it is the one that may cover the whole file.
export interface PdfSignature {
  /** the DER of the CMS, without its padding; null when the gap holds no hex string */
  cms: Uint8Array | null;
  /** the bytes the signature covers: the file without the gap */
  signedBytes: Uint8Array;
  /** false when the file goes on past the signed range (a later revision, unsigned by this one) */
  coversWholeFile: boolean;
}

const BYTE_RANGE = /^\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/;

/** The length of the DER element at the start of `bytes` (header included); null when it cannot be read. */
function derLength(bytes: Uint8Array): number | null {
  if (bytes.length < 2) return null;
  const first = bytes[1]!;
  if (first < 0x80) return 2 + first;
  const count = first & 0x7f;
  if (count === 0 || count > 4 || bytes.length < 2 + count) return null;
  let length = 0;
  for (let i = 0; i < count; i++) length = length * 256 + bytes[2 + i]!;
  return 2 + count + length;
}

/** The last signature of a PDF; null when the file has no /ByteRange (an unsigned PDF). */
export function findPdfSignature(bytes: Uint8Array): PdfSignature | null {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const at = buffer.lastIndexOf('/ByteRange');
  if (at < 0) return null;
  const match = BYTE_RANGE.exec(buffer.subarray(at, at + 120).toString('latin1'));
  const broken: PdfSignature = { cms: null, signedBytes: new Uint8Array(), coversWholeFile: false };
  if (!match) return broken;
  const [a, b, c, d] = match.slice(1).map(Number) as [number, number, number, number];
  if (a !== 0 || b <= 0 || c <= a + b || c + d > bytes.length) return broken;
  const signedBytes = Buffer.concat([buffer.subarray(a, a + b), buffer.subarray(c, c + d)]);
  const gap = buffer.subarray(a + b, c).toString('latin1').trim();
  const hex = /^<([0-9A-Fa-f\s]*)>$/.exec(gap)?.[1]?.replace(/\s+/g, '');
  if (!hex || hex.length % 2 !== 0) return { cms: null, signedBytes, coversWholeFile: c + d === bytes.length };
  const padded = new Uint8Array(Buffer.from(hex, 'hex'));
  const length = derLength(padded);
  const cms = length !== null && length <= padded.length ? padded.subarray(0, length) : padded;
  return { cms, signedBytes: new Uint8Array(signedBytes), coversWholeFile: c + d === bytes.length };
}
