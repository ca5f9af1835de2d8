// Issue 21's small copy and markup bugs, each pinned: the builder's attribute macro (not escaped
// twice), file sizes pluralised in English, the catalogue's result count in the singular, the
// statistics chart drawing no bar where the table says "-", the fee page's "Pay by" label.
import { readFileSync } from 'node:fs';
import nunjucks from 'nunjucks';
import { describe, expect, it } from 'vitest';
import { barChart } from '../../../src/backoffice/charts.ts';
import { formatFileSize } from '../../../src/platform/format.ts';
import { translator } from '../../../src/platform/i18n.ts';

const env = new nunjucks.Environment(new nunjucks.FileSystemLoader('views'), { autoescape: true });

describe('issue 21: copy and markup', () => {
  it('renders the builder macro\'s extra attributes as attributes (bug 4)', () => {
    const html = env.renderString(`{% from "admin/_macros.njk" import input %}{{ input('n', 'N', '3', {}, extra='inputmode="numeric"') }}`, {});
    expect(html).toContain(' inputmode="numeric"');
    expect(html).not.toContain('&quot;');
  });

  it('writes file sizes with the plural in English (bug 6)', () => {
    expect(formatFileSize(866, 'en')).toBe('866 bytes');
    expect(formatFileSize(1, 'en')).toBe('1 byte');
    expect(formatFileSize(866, 'it')).toBe('866 byte');
    expect(formatFileSize(2048, 'en')).toBe('2 KB');
  });

  it('says one service found in the singular (bug 6)', () => {
    expect(translator('it')('catalogue.results.one', { count: 1 })).toBe('1 servizio trovato');
    expect(translator('en')('catalogue.results.one', { count: 1 })).toBe('1 service found');
    expect(translator('en')('catalogue.resultsFor.one', { count: 1, q: 'x' })).toBe('1 service found for “x”');
  });

  it('draws no bar where there is no value, and writes "-" (bug 6)', () => {
    const svg = barChart({ id: 'c', title: 'T', description: 'D', series: ['S'], bars: [{ label: 'A', values: [null] }, { label: 'B', values: [50] }], max: 100, unit: '%' });
    expect(svg.match(/<rect x="280" y="\d+" width="\d+" height="16"/g)).toHaveLength(1);
    expect(svg).toContain('>-</text>');
    expect(svg).not.toContain('>0%<');
  });

  it('labels the payment due date "Pay by", not "Answer by" (bug 1)', () => {
    expect(translator('it')('area.payBy')).toBe('Da pagare entro');
    expect(translator('en')('area.payBy')).toBe('Pay by');
    const html = env.renderString(`{% include "submissions/_payments.njk" %}`, {
      t: translator('en'), date: (d: string) => d, money: (c: number) => String(c), loc: (x: { en: string }) => x.en,
      payments: [{ id: 1, status: 'pending', reason: 'R', reasonText: { it: 'R', en: 'R' }, amountCents: 100, noticeNumberGrouped: '3 01', dueDate: '2026-12-31' }],
      positions: [{ id: 1, status: 'pending', reason: 'R', reasonText: { it: 'R', en: 'R' }, amountCents: 100, noticeNumberGrouped: '3 01', dueDate: '2026-12-31' }],
    });
    expect(html).toContain('Pay by 2026-12-31');
    expect(html).not.toContain('Answer by');
  });

  it('names the assigned office once, and the CIE provider\'s level as CIE (bug 6)', () => {
    expect(translator('it')('confirmation.nextStepsText', { office: 'Ufficio Anagrafe', date: 'x' })).toMatch(/^La domanda è stata assegnata a Ufficio Anagrafe, che/);
    expect(translator('it')('confirmation.nextStepsText', { office: 'U', date: 'x' })).not.toContain('ufficio U');
    expect(translator('it')('testIdp.level.cie')).toBe('Livello di sicurezza CIE');
  });

  it('lets the keyboard reach the development mail viewer\'s message bodies (bug 10)', () => {
    // every <pre> of the viewer's pages scrolls on a long line: focusable, and named (axe scrollable-region-focusable)
    for (const view of ['views/notifications/dev-mail.njk', 'views/notifications/dev-mail-message.njk']) {
      const pres = readFileSync(view, 'utf8').match(/<pre\b[^>]*>/g) ?? [];
      expect(pres.length, view).toBeGreaterThan(0);
      for (const pre of pres) expect(pre).toMatch(/tabindex="0".*aria-labelledby="[^"]+"/);
    }
  });
});
