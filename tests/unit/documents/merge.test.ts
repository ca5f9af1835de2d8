// The template sandbox and the Markdown of documents, as pure rules.
import { describe, expect, it } from 'vitest';
import { markdownHtml, parseMarkdown } from '../../../src/documents/markdown.ts';
import { mergeTemplate, templateProblem } from '../../../src/documents/merge.ts';

const data = { richiedente: { nome: 'Ada <Lovelace> & co' }, risposte: { a: 'uno' }, elenco: ['x', 'y'], testo: 'T' };
const names = Object.keys(data);

describe('the template sandbox', () => {
  it.each([
    ['{% include "layout.njk" %}', 'construct'],
    ['{% import "x" as y %}', 'construct'],
    ['{% extends "layout.njk" %}', 'construct'],
    ['{% macro m() %}{% endmacro %}', 'construct'],
    ['{% set x = 1 %}', 'construct'],
    ['{{ range(3) }}', 'construct'],
    ['{{ richiedente.nome.toUpperCase() }}', 'construct'],
    ['{{ richiedente[testo] }}', 'construct'],
    ['{{ richiedente.constructor }}', 'name'],
    ['{{ richiedente.__proto__ }}', 'name'],
    ['{{ process }}', 'name'],
    ['{{ cycler }}', 'name'],
    ['{{ testo | safe }}', 'filter'],
    ['{{ testo | dump }}', 'filter'],
    ['{{ testo', 'syntax'],
  ])('refuses %s (%s)', (source, kind) => {
    expect(templateProblem(source, names)?.kind).toBe(kind);
  });

  it('merges fields, conditions, loops and allowed filters; the result is plain text', () => {
    const source = '{{ richiedente.nome | upper }} {% if risposte.a %}{{ risposte["a"] }}{% endif %} {% for e in elenco %}{{ loop.index }}{{ e }}{% endfor %}';
    expect(templateProblem(source, names)).toBeNull();
    expect(mergeTemplate(source, data)).toBe('ADA <LOVELACE> & CO uno 1x2y');
  });

  it('refuses a field that resolves to nothing', () => {
    expect(() => mergeTemplate('{{ richiedente.cognome }}', data)).toThrow(/unresolved/);
  });
});

describe('the Markdown of a document', () => {
  it('has headings, paragraphs, lists, bold and italics, and escapes everything else', () => {
    const blocks = parseMarkdown('# Titolo\n\nUna **frase** in\ndue righe.\n\n- primo\n- *secondo*\n\n1. uno\n2. due');
    expect(blocks.map((b) => b.kind)).toEqual(['heading', 'paragraph', 'list', 'list']);
    expect(markdownHtml('## Motivi\n\nUn <script>alert(1)</script> e **grassetto**.\n\n- a')).toBe('<h3>Motivi</h3>\n<p>Un &lt;script&gt;alert(1)&lt;/script&gt; e <strong>grassetto</strong>.</p>\n<ul><li>a</li></ul>');
  });
});
