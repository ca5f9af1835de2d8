// The export sections and the archive's readable page: each section has a file name of its own
// and texts in both languages; index.html escapes what it shows and needs nothing outside itself.
import { describe, expect, it } from 'vitest';
import { archiveHtml } from '../../../src/personal-data/archive-html.ts';
import { EXPORT_SECTIONS } from '../../../src/personal-data/sections.ts';

describe('the export sections', () => {
  it('have unique file names and texts in Italian and English', () => {
    const names = EXPORT_SECTIONS.map((s) => s.name);
    expect(new Set(names).size).toBe(names.length);
    for (const s of EXPORT_SECTIONS) {
      expect(s.name).toMatch(/^[a-z0-9-]+$/);
      expect(s.name).not.toBe('manifest');
      for (const text of [s.title.it, s.title.en, s.about.it, s.about.en]) expect(text.trim().length, s.name).toBeGreaterThan(3);
    }
  });
});

describe('index.html', () => {
  const page = (locale: 'it' | 'en') =>
    archiveHtml({
      locale,
      fiscalCode: 'CSRGGL44L13H501E',
      generatedAt: new Date('2026-03-01T10:00:00Z'),
      comune: 'Comune di <Esempio>',
      sections: [
        { name: 'filings', title: 'Richieste', about: 'Le tue richieste', count: 1, data: [{ answers: { note: '<script>alert(1)</script>', when: new Date('2026-02-01T09:00:00Z'), list: ['a', 'b'] } }] },
        { name: 'appointments', title: 'Appuntamenti', about: 'Prenotazioni', count: 0, data: [] },
      ],
    });

  it('escapes every value and names the person, the date and each section', () => {
    const html = page('it');
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('Comune di &lt;Esempio&gt;');
    expect(html).toContain('CSRGGL44L13H501E');
    expect(html).toContain('2026-02-01T09:00:00.000Z');
    expect(html).toContain('<a href="#filings">Richieste</a>');
    expect(html).toContain('Nessun dato.');
  });

  it('is self-contained and in the person\'s language', () => {
    const html = page('en');
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('My data');
    expect(html).not.toMatch(/<script|<link|<img|src=|url\(/);
  });
});
