// A small SVG of a benchmark run: one row per scenario, throughput per second on the left
// (answered, refused with 503, errors), latency per second on the right (p50 and p99 of the
// answered requests). Plain SVG, no dependencies, readable in any browser.
import type { SecondStats } from './load.ts';

export interface ChartRow {
  title: string;
  timeline: SecondStats[];
}

const W = 420;
const H = 170;
const PAD = { left: 52, right: 12, top: 44, bottom: 26 };

function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function niceMax(value: number): number {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) if (value <= step * power) return step * power;
  return 10 * power;
}

function panel(x0: number, y0: number, title: string, unit: string, seconds: number, series: Array<{ label: string; color: string; values: number[] }>): string {
  const max = niceMax(Math.max(0, ...series.flatMap((s) => s.values)));
  const iw = W - PAD.left - PAD.right;
  const ih = H - PAD.top - PAD.bottom;
  const px = (i: number) => x0 + PAD.left + (seconds <= 1 ? iw / 2 : (i / (seconds - 1)) * iw);
  const py = (v: number) => y0 + PAD.top + ih - (v / max) * ih;
  const parts: string[] = [];
  parts.push(`<text x="${x0 + PAD.left}" y="${y0 + 16}" class="t">${esc(title)}</text>`);
  for (let k = 0; k <= 4; k++) {
    const v = (max * k) / 4;
    const y = py(v);
    parts.push(`<line x1="${x0 + PAD.left}" x2="${x0 + W - PAD.right}" y1="${y}" y2="${y}" class="g"/>`);
    parts.push(`<text x="${x0 + PAD.left - 4}" y="${y + 4}" class="a" text-anchor="end">${Math.round(v * 10) / 10}</text>`);
  }
  parts.push(`<text x="${x0 + PAD.left + iw}" y="${y0 + H - 6}" class="a" text-anchor="end">${seconds} s</text>`);
  parts.push(`<text x="${x0 + 4}" y="${y0 + PAD.top + 4}" class="a">${esc(unit)}</text>`);
  let lx = x0 + PAD.left;
  for (const s of series) {
    if (s.values.length === 0) continue;
    const points = s.values.map((v, i) => `${px(i).toFixed(1)},${py(v).toFixed(1)}`).join(' ');
    parts.push(`<polyline points="${points}" fill="none" stroke="${s.color}" stroke-width="2"/>`);
    parts.push(`<rect x="${lx}" y="${y0 + 22}" width="10" height="10" fill="${s.color}"/><text x="${lx + 14}" y="${y0 + 31}" class="a">${esc(s.label)}</text>`);
    lx += 14 + s.label.length * 6 + 12;
  }
  return parts.join('\n');
}

export function renderChart(title: string, rows: ChartRow[]): string {
  const height = 40 + rows.length * (H + 10);
  const width = 2 * W + 20;
  const body: string[] = [];
  rows.forEach((row, r) => {
    const y = 40 + r * (H + 10);
    // the last second is partial (answers still arriving): leave it out
    const tl = row.timeline.length > 2 ? row.timeline.slice(0, -1) : row.timeline;
    const seconds = tl.length;
    body.push(
      panel(0, y, `${row.title}: per second`, 'req/s', seconds, [
        { label: 'done', color: '#0066cc', values: tl.map((s) => s.ok) },
        { label: '503', color: '#e08a00', values: tl.map((s) => s.refused) },
        { label: 'errors', color: '#cc0000', values: tl.map((s) => s.errors) },
      ]),
    );
    body.push(
      panel(W + 20, y, `${row.title}: latency`, 'ms', seconds, [
        { label: 'p50', color: '#008055', values: tl.map((s) => s.p50) },
        { label: 'p99', color: '#7a1fa2', values: tl.map((s) => s.p99) },
      ]),
    );
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif">
<style>.t{font-size:13px;font-weight:bold;fill:#17324d}.a{font-size:10px;fill:#455b71}.g{stroke:#e3e8ee;stroke-width:1}</style>
<rect width="100%" height="100%" fill="#fff"/>
<text x="8" y="24" class="t" style="font-size:15px">${esc(title)}</text>
${body.join('\n')}
</svg>
`;
}
