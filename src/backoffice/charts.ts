// Bar charts drawn on the server as SVG: no client library, no script, nothing for the
// Content-Security-Policy to allow (presentation attributes only, no style attributes). Each
// chart is an image with a title and a description; the page puts the same figures in a table
// right after it, which is what assistive technologies read.

export interface ChartBar {
  label: string;
  /** null: no value (the table says "-"): no bar is drawn, only a dash. */
  values: (number | null)[];
  /** What to write beside each value instead of the number (e.g. "fewer than 5"); the unit is not added. */
  texts?: Array<string | undefined>;
}

export interface ChartOptions {
  id: string;
  title: string;
  description: string;
  /** One name per value of each bar (the legend). */
  series: string[];
  bars: ChartBar[];
  /** The value of a full-length bar; default: the largest value. */
  max?: number;
  /** Shown after each value (e.g. "%"). */
  unit?: string;
}

// Colours with at least 3:1 contrast against white (WCAG 1.4.11 for graphics).
const COLOURS = ['#0066CC', '#5C6F82', '#008055', '#A66300'];

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function shorten(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

export function barChart(options: ChartOptions): string {
  const width = 720;
  const labelWidth = 280;
  const valueWidth = 60;
  const barHeight = 16;
  const gap = 4;
  const groupGap = 14;
  const legendHeight = 28;
  const seriesCount = Math.max(1, options.series.length);
  const groupHeight = seriesCount * barHeight + (seriesCount - 1) * gap;
  const height = legendHeight + options.bars.length * (groupHeight + groupGap) + 4;
  const max = options.max ?? Math.max(1, ...options.bars.flatMap((b) => b.values.filter((v): v is number => v !== null)));
  const plot = width - labelWidth - valueWidth;
  const unit = options.unit ?? '';
  const id = escapeXml(options.id);
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="${id}-title ${id}-desc" viewBox="0 0 ${width} ${height}" width="100%" preserveAspectRatio="xMinYMin meet" class="mw-100" focusable="false">`,
    `<title id="${id}-title">${escapeXml(options.title)}</title>`,
    `<desc id="${id}-desc">${escapeXml(options.description)}</desc>`,
  );
  let x = labelWidth;
  options.series.forEach((name, i) => {
    parts.push(`<rect x="${x}" y="6" width="14" height="14" fill="${COLOURS[i % COLOURS.length]}"/>`);
    parts.push(`<text x="${x + 20}" y="18" font-size="13" fill="#1A1A1A">${escapeXml(name)}</text>`);
    x += 40 + name.length * 7.5;
  });
  options.bars.forEach((bar, index) => {
    const top = legendHeight + index * (groupHeight + groupGap);
    parts.push(`<text x="${labelWidth - 8}" y="${top + groupHeight / 2 + 5}" font-size="13" text-anchor="end" fill="#1A1A1A"><title>${escapeXml(bar.label)}</title>${escapeXml(shorten(bar.label, 38))}</text>`);
    bar.values.forEach((value, i) => {
      const y = top + i * (barHeight + gap);
      if (value === null) {
        parts.push(`<text x="${labelWidth + 6}" y="${y + barHeight - 3}" font-size="12" fill="#1A1A1A">-</text>`);
        return;
      }
      const length = max > 0 ? Math.max(value > 0 ? 2 : 0, Math.round((Math.min(value, max) / max) * plot)) : 0;
      parts.push(`<rect x="${labelWidth}" y="${y}" width="${length}" height="${barHeight}" fill="${COLOURS[i % COLOURS.length]}"/>`);
      parts.push(`<text x="${labelWidth + length + 6}" y="${y + barHeight - 3}" font-size="12" fill="#1A1A1A">${bar.texts?.[i] !== undefined ? escapeXml(bar.texts[i]!) : `${value}${escapeXml(unit)}`}</text>`);
    });
  });
  parts.push(`<line x1="${labelWidth}" y1="${legendHeight - 2}" x2="${labelWidth}" y2="${height - 2}" stroke="#5C6F82" stroke-width="1"/>`);
  parts.push('</svg>');
  return parts.join('');
}
