// The portal's texts seen whole: every catalogue of the assembly in both languages, every key
// the code and the templates name literally, and every key the code builds from a value (a
// field type, a workflow state, a payment status...) for each value that can occur.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { STATES } from '../../../src/backoffice/workflow.ts';
import { FIELD_TYPES } from '../../../src/forms/definition.ts';
import { catalogues, messages } from '../../../src/messages.ts';
import { NOTIFICATION_KINDS } from '../../../src/notifications/kinds.ts';
import { ADMIN_STATUSES } from '../../../src/notifications/outbox.service.ts';
import { FEE_TIMINGS } from '../../../src/payments/fees.ts';
import { POSITION_STATUSES } from '../../../src/payments/payments.table.ts';
import { CONDITION_OPERATORS } from '../../../src/admin/admin.inputs.ts';
import { assembleCatalogues, defineMessages, LOCALES } from '../../../src/platform/message-catalogue.ts';
import { FORM_FIELDS } from '../../../src/representation/delegations.inputs.ts';
import { DOCUMENT_TYPES, ISSUE_CODES } from '../../../src/representation/delegations.rules.ts';
import { EVENT_KINDS, STORED_STATUSES } from '../../../src/representation/delegations.table.ts';
import { SIGNATURE_STATUSES } from '../../../src/submissions/signatures/verify.ts';

const root = path.resolve(import.meta.dirname, '../../..');

function filesUnder(dir: string, extensions: string[]): string[] {
  return readdirSync(path.join(root, dir), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && extensions.some((ext) => entry.name.endsWith(ext)))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

/** Keys named whole in a call of `t(...)`: `t('a.b')`, `request.t("a.b", {...})`. */
function literalKeys(): Map<string, string> {
  const found = new Map<string, string>();
  for (const file of [...filesUnder('src', ['.ts']), ...filesUnder('views', ['.njk'])]) {
    if (file.includes(`${path.sep}forms${path.sep}`)) continue; // the form engine has its own words
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/\bt\(\s*(['"])([a-zA-Z][\w.-]*)\1\s*[,)]/g)) {
      found.set(match[2]!, path.relative(root, file));
    }
  }
  return found;
}

/** Keys the code builds from values (`t(`a.${x}.b`)`, `t('a.' + x)`), as patterns. */
function builtKeyPatterns(): Map<string, string> {
  const found = new Map<string, string>();
  const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  for (const file of [...filesUnder('src', ['.ts']), ...filesUnder('views', ['.njk'])]) {
    if (file.includes(`${path.sep}forms${path.sep}`)) continue;
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/\bt\(\s*`([^`]*\$\{[^`]*)`/g)) {
      const pattern = match[1]!.split(/\$\{[^}]*\}/).map(escape).join('[\\w.-]+');
      found.set(`^${pattern}$`, path.relative(root, file));
    }
    for (const match of text.matchAll(/\bt\(\s*(['"])([a-zA-Z][\w.-]*\.)\1\s*\+/g)) found.set(`^${escape(match[2]!)}`, path.relative(root, file));
  }
  return found;
}

/** Families of keys built from a value: the prefix and every value it can take. */
const FAMILIES: [prefix: string, values: readonly string[]][] = [
  ['status.', STATES],
  ['admin.type.', FIELD_TYPES],
  ['admin.op.', CONDITION_OPERATORS],
  ['admin.fees.timing.', FEE_TIMINGS],
  ['payments.status.', POSITION_STATUSES],
  ['notifications.kind.', NOTIFICATION_KINDS.filter((kind) => kind !== 'contact.confirm-email')],
  ['notifications.admin.status.', ADMIN_STATUSES],
  ['notifications.channel.', ['email', 'io']],
  ['procedure.audience.', ['citizens', 'businesses', 'both']],
  ['applicantCase.outcome.', ['approved', 'rejected', 'accepted_by_silence']],
  ['delegations.status.', STORED_STATUSES],
  ['delegations.scope.', ['all', 'areas', 'procedures']],
  ['delegations.access.', ['read', 'full']],
  ['delegations.origin.', ['online', 'paper']],
  ['delegations.event.', EVENT_KINDS],
  ['delegations.document.', DOCUMENT_TYPES],
  ['delegations.error.', ISSUE_CODES],
  ['delegations.field.', Object.values(FORM_FIELDS)],
  ['notify.delegation.granted.intro.', ['online', 'paper']],
  ['notify.delegation.granted.note.', ['online', 'paper']],
  ['notify.delegation.access.', ['read', 'full']],
  ['signatures.status.', SIGNATURE_STATUSES],
  ['signatures.format.', ['cades', 'pades']],
  ['signatures.problem.', ['malformed', 'digest', 'signature', 'signingCertificate', 'partial', 'untrusted', 'expired', 'notYetValid']],
  ['journey.uploadRefused.', ['tooLarge', 'empty', 'wrongType', 'tooMany', 'unsigned', 'signatureInvalid']],
];

describe('the message catalogues', () => {
  it('each has the same keys in Italian and English, none of them empty', () => {
    for (const [domain, catalogue] of Object.entries(catalogues)) {
      expect(Object.keys(catalogue.en).sort(), domain).toEqual(Object.keys(catalogue.it).sort());
      for (const locale of LOCALES) {
        for (const [key, text] of Object.entries(catalogue[locale] as Record<string, string>)) expect(text.trim(), `${locale} ${key}`).not.toBe('');
      }
    }
  });

  it('lists every catalogue the sources define', async () => {
    const listed = new Set<unknown>(Object.values(catalogues));
    const unlisted: string[] = [];
    for (const file of filesUnder('src', ['.ts'])) {
      if (!readFileSync(file, 'utf8').includes('= defineMessages(')) continue;
      const module = (await import(file)) as Record<string, unknown>;
      for (const [name, value] of Object.entries(module)) {
        if (value && typeof value === 'object' && 'it' in value && 'en' in value && !listed.has(value)) unlisted.push(`${path.relative(root, file)} ${name}`);
      }
    }
    expect(unlisted).toEqual([]);
  });

  it('use the same {parameters} in both languages', () => {
    const params = (text: string) => [...new Set([...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]))].sort();
    for (const [key, text] of Object.entries(messages.it as Record<string, string>)) {
      expect(params((messages.en as Record<string, string>)[key]!), key).toEqual(params(text));
    }
  });

  it('has every key the code and the templates name', () => {
    const missing = [...literalKeys()].filter(([key]) => !(key in messages.it) || !(key in messages.en));
    expect(missing).toEqual([]);
  });

  it('has keys for every pattern of built keys the code and the templates use', () => {
    const keys = Object.keys(messages.it);
    const patterns = builtKeyPatterns();
    expect(patterns.size).toBeGreaterThan(40);
    const unmatched = [...patterns].filter(([pattern]) => !keys.some((key) => new RegExp(pattern).test(key)));
    expect(unmatched).toEqual([]);
  });

  it('has a key for every value a built key can take, in both languages', () => {
    const missing: string[] = [];
    for (const [prefix, values] of FAMILIES) {
      for (const value of values) {
        for (const locale of LOCALES) if (!(`${prefix}${value}` in messages[locale])) missing.push(`${locale} ${prefix}${value}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('refuses a key in two catalogues, or in one language only', () => {
    const a = defineMessages({ it: { 'x.a': 'a' }, en: { 'x.a': 'a' } });
    expect(() => assembleCatalogues({ a, b: a })).toThrow(/x\.a is in the catalogues a and b/);
    const lopsided = { it: { 'x.a': 'a' }, en: { 'x.a': 'a', 'x.b': 'b' } };
    expect(() => assembleCatalogues({ lopsided })).toThrow(/x\.b of lopsided exists in en only/);
    expect(() => assembleCatalogues({ short: { it: { 'x.a': 'a' }, en: {} } as never })).toThrow(/x\.a of short has no English text/);
  });
});
