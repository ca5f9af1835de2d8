// The tables a source file names in its SQL, and who owns each table. A table is named by the
// query builder's selectFrom / insertInto / updateTable / deleteFrom (joins read a table
// without writing it and are not counted) and, in raw sql`...` templates, after FROM, INTO or
// UPDATE. The owners are the table in docs/architecture.md ("Who owns each table"), so the
// documentation and the check cannot drift apart. Used by the lint rule no-foreign-table and by
// tests/unit/architecture.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const BUILDER = /\.(selectFrom|insertInto|updateTable|deleteFrom)\(\s*['"`]([a-z_][a-z0-9_]*)/g;
const RAW_TEMPLATE = /\bsql(?:<[^`]*?>)?`([^`]*)`/g;
const RAW_TABLE = /\b(?:from|into|update)\s+"?([a-z_][a-z0-9_]*)/gi;

/** Every table the schema and the migrations define. */
export function knownTables(base = root) {
  const tables = new Set();
  const schema = readFileSync(path.join(base, 'src/db/schema.ts'), 'utf8');
  const body = schema.slice(schema.indexOf('interface Database {'));
  for (const m of body.slice(0, body.indexOf('\n}')).matchAll(/^\s+([a-z_][a-z0-9_]*):/gm)) tables.add(m[1]);
  for (const file of readdirSync(path.join(base, 'migrations'))) {
    if (!file.endsWith('.sql')) continue;
    const text = readFileSync(path.join(base, 'migrations', file), 'utf8');
    for (const m of text.matchAll(/create\s+table\s+(?:if\s+not\s+exists\s+)?"?([a-z_][a-z0-9_]*)/gi)) tables.add(m[1].toLowerCase());
  }
  return tables;
}

/** The tables `text` names in SQL, each with the line of its first mention. */
export function namedTables(text, tables) {
  const found = new Map();
  const note = (table, index) => {
    if (tables.has(table) && !found.has(table)) found.set(table, text.slice(0, index).split('\n').length);
  };
  for (const m of text.matchAll(BUILDER)) note(m[2], m.index);
  for (const t of text.matchAll(RAW_TEMPLATE)) {
    for (const m of t[1].matchAll(RAW_TABLE)) note(m[1].toLowerCase(), t.index + t[0].indexOf(m[0]));
  }
  return found;
}

/** table -> { repository, domain }, from the ownership table of docs/architecture.md. */
export function tableOwners(base = root) {
  const doc = readFileSync(path.join(base, 'docs/architecture.md'), 'utf8');
  const section = doc.slice(doc.indexOf('## Who owns each table'));
  const owners = new Map();
  for (const m of section.matchAll(/^\|\s*`([a-z_0-9]+)`\s*\|\s*`([^`]+)`\s*\|\s*([^|]+?)\s*\|/gm)) {
    owners.set(m[1], { repository: m[2], domain: m[3] });
  }
  return owners;
}

/** A file's path from the repository root, with forward slashes (as the allowlist writes it). */
export function repositoryPath(file) {
  return path.relative(root, file).split(path.sep).join('/');
}

/** The option both boundary rules take: the violations tolerated for now. */
export const ALLOW_OPTION = [{ type: 'object', properties: { allow: { type: 'array' } }, additionalProperties: false }];

export function isRepository(file) {
  return /\.repository\.ts$/.test(file);
}
