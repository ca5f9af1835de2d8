// Every seeded definition parses, routes and renders in both languages: each step's fields go
// through the real templates, empty (with the errors a required field gives) and as the page
// first shows them; the routing rules choose an office for a citizen and for a business.
import nunjucks from 'nunjucks';
import { describe, expect, it } from 'vitest';
import { loadOffices, loadProcedureDefinitions } from '../../../src/catalogue/definition-files.ts';
import { stepView, validateStep, type Locale } from '../../../src/forms/index.ts';
import { routeDefinition } from '../../../src/routing/index.ts';
import { TODAY } from './helpers.ts';

const env = new nunjucks.Environment(new nunjucks.FileSystemLoader('views'), { autoescape: true });
const renderFields = (fields: unknown) => env.renderString('{% from "forms/field.njk" import formFields %}{{ formFields(fields) }}', { fields });

const offices = await loadOffices();
const definitions = await loadProcedureDefinitions(undefined, new Set(offices.map((o) => o.code)));

describe('the seeded procedures', () => {
  it.each(definitions.map((d) => [d.slug, d] as const))('%s renders every step in Italian and English, and routes', (_slug, definition) => {
    for (const locale of ['it', 'en'] as Locale[]) {
      for (const step of definition.form.steps) {
        // a step shown only on some answers is rendered as the page first shows it
        const empty = step.showIf ? ({ ok: true } as const) : validateStep(definition.form, step.id, {}, {}, locale, { today: TODAY });
        const errors = empty.ok ? [] : empty.errors;
        for (const view of [stepView(definition.form, step.id, {}, [], locale), stepView(definition.form, step.id, empty.ok ? {} : empty.values, errors, locale)]) {
          const html = renderFields(view.fields);
          expect(html).not.toContain('undefined');
          expect(html.length).toBeGreaterThan(0);
          // every input a person fills in has its label
          for (const match of html.matchAll(/<(?:input|select|textarea)\b[^>]*\bid="([^"]+)"[^>]*>/g)) {
            if (/type="hidden"|type="submit"/.test(match[0])) continue;
            expect(html, `${definition.slug} ${step.id} ${locale}: no label for #${match[1]}`).toContain(`for="${match[1]}"`);
          }
        }
      }
    }
    for (const kind of ['citizen', 'business'] as const) expect(offices.some((o) => o.code === routeDefinition(definition, {}, kind).office)).toBe(true);
  });
});
