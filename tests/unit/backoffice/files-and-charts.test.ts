// The small pure pieces of the back office: hash chains (a changed, removed or reordered entry
// is found), the CSV fields (quoting, no formulas), the streaming ZIP (read back entry by
// entry with its CRC checked), and the SVG charts (escaped, labelled, no style attributes).
import { Readable } from 'node:stream';
import { crc32, inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { barChart } from '../../../src/backoffice/charts.ts';
import { csvField, csvLine } from '../../../src/backoffice/csv.ts';
import { canonicalJson, chainHash, firstBreak, GENESIS_HASH, type ChainLink } from '../../../src/platform/hash-chain.ts';
import { uniqueNames, zipStream } from '../../../src/backoffice/zip.ts';

describe('hash chains', () => {
  it('hashes a canonical form: key order does not matter, values do', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, 'x'], c: null } })).toBe('{"a":{"c":null,"d":[1,"x"]},"b":1}');
    expect(chainHash(GENESIS_HASH, { a: 1, b: 2 })).toBe(chainHash(GENESIS_HASH, { b: 2, a: 1 }));
    expect(chainHash(GENESIS_HASH, { a: 1 })).not.toBe(chainHash(GENESIS_HASH, { a: 2 }));
  });

  function chain(n: number): ChainLink[] {
    const links: ChainLink[] = [];
    let prev = GENESIS_HASH;
    for (let i = 1; i <= n; i++) {
      const content = { seq: i, text: `event ${i}` };
      const hash = chainHash(prev, content);
      links.push({ label: `event ${i}`, prevHash: prev, hash, content });
      prev = hash;
    }
    return links;
  }

  it('finds nothing wrong in an intact chain', () => {
    expect(firstBreak(chain(5))).toBeNull();
  });

  it('reports the first changed entry', () => {
    const links = chain(5);
    links[2] = { ...links[2]!, content: { seq: 3, text: 'changed' } };
    expect(firstBreak(links)).toEqual({ label: 'event 3', problem: 'content changed' });
  });

  it('reports a removed or reordered entry at the next link', () => {
    const links = chain(5);
    expect(firstBreak([links[0]!, links[1]!, links[3]!, links[4]!])).toEqual({ label: 'event 4', problem: 'link broken' });
    expect(firstBreak([links[0]!, links[2]!, links[1]!])).toEqual({ label: 'event 3', problem: 'link broken' });
  });
});

describe('CSV', () => {
  it('quotes what needs quoting and neutralises formulas', () => {
    expect(csvField('Rossi, Mario')).toBe('"Rossi, Mario"');
    expect(csvField('il "Comune"')).toBe('"il ""Comune"""');
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField('+39 333')).toBe("'+39 333");
    expect(csvField(-3)).toBe('-3');
    expect(csvField(null)).toBe('');
    expect(csvLine(['a', 1, 'b\nc'])).toBe('a,1,"b\nc"\r\n');
  });
});

/** Reads a ZIP from its central directory and inflates every entry, checking its CRC. */
function readZip(zip: Buffer): Map<string, Buffer> {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const files = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    expect(zip.readUInt32LE(at)).toBe(0x02014b50);
    const crc = zip.readUInt32LE(at + 16);
    const compressed = zip.readUInt32LE(at + 20);
    const size = zip.readUInt32LE(at + 24);
    const nameLength = zip.readUInt16LE(at + 28);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.subarray(at + 46, at + 46 + nameLength).toString('utf8');
    expect(zip.readUInt32LE(local)).toBe(0x04034b50);
    const dataStart = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const data = inflateRawSync(zip.subarray(dataStart, dataStart + compressed));
    expect(data.length).toBe(size);
    expect(crc32(data)).toBe(crc);
    files.set(name, data);
    at += 46 + nameLength;
  }
  return files;
}

describe('ZIP', () => {
  it('streams entries that read back intact, with UTF-8 names', async () => {
    const big = Buffer.alloc(300_000, 'sportello ');
    const stream = zipStream([
      { name: 'domanda/planimetria.pdf', modified: new Date('2025-03-10T10:00:00Z'), open: async () => Readable.from([Buffer.from('%PDF-1.4 uno')]) },
      { name: 'messaggi/relazione è.pdf', modified: new Date('2025-03-11T10:00:00Z'), open: async () => Readable.from([big.subarray(0, 100_000), big.subarray(100_000)]) },
      { name: 'vuoto.txt', modified: new Date('2025-03-12T10:00:00Z'), open: async () => Readable.from([]) },
    ]);
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    const files = readZip(Buffer.concat(chunks));
    expect([...files.keys()]).toEqual(['domanda/planimetria.pdf', 'messaggi/relazione è.pdf', 'vuoto.txt']);
    expect(files.get('domanda/planimetria.pdf')!.toString()).toBe('%PDF-1.4 uno');
    expect(files.get('messaggi/relazione è.pdf')!.equals(big)).toBe(true);
    expect(files.get('vuoto.txt')!.length).toBe(0);
  });

  it('makes names unique', () => {
    expect(uniqueNames(['a.pdf', 'A.pdf', 'a.pdf', 'b', 'b', '../x'])).toEqual(['a.pdf', 'A (2).pdf', 'a (3).pdf', 'b', 'b (2)', '.._x']);
  });
});

describe('SVG charts', () => {
  it('draws labelled bars, escapes text and uses no style attributes', () => {
    const svg = barChart({
      id: 'c1',
      title: 'Ricevute & decise',
      description: 'Descrizione',
      series: ['Ricevute', 'Decise'],
      bars: [{ label: 'Permesso <di> costruire', values: [10, 4] }, { label: 'CILA', values: [0, 0] }],
    });
    expect(svg).toMatch(/^<svg [^>]*role="img" aria-labelledby="c1-title c1-desc"/);
    expect(svg).toContain('<title id="c1-title">Ricevute &amp; decise</title>');
    expect(svg).toContain('Permesso &lt;di&gt; costruire');
    expect(svg).not.toContain('style=');
    expect(svg.match(/<rect /g)!.length).toBe(2 + 4);
  });
});
