// Reading procedure definitions from files (the seeded catalogue, and later imports): parse
// YAML, validate against the schema, check references to offices, and turn every problem into
// a message that names the file and the path of the bad value.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import type { ZodError } from 'zod';
import {
  officesFileSchema,
  procedureDefinitionSchema,
  type OfficeDefinition,
  type ProcedureDefinition,
} from './definition.ts';
import { checkRouting } from '../routing/rules.ts';
import { nulPath } from '../platform/input.ts';

export const SEED_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'seed');

export class DefinitionError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`${file}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'DefinitionError';
  }
}

/** "form.steps[0].fields[2].label.en" */
function describePath(path: ReadonlyArray<string | number>): string {
  return path.map((part, i) => (typeof part === 'number' ? `[${part}]` : i === 0 ? part : `.${part}`)).join('');
}

/** "form.steps[0].fields[2].label.en: missing English text" */
export function describeZodError(error: ZodError): string[] {
  return error.issues.map((issue) => `${describePath(issue.path) || '(top)'}: ${issue.message}`);
}

function describeIssues(issues: Array<{ path: (string | number)[]; message: string }>): string[] {
  return issues.map((issue) => `${describePath(issue.path)}: ${issue.message}`);
}

/**
 * What a definition file may hold, whoever wrote it (an import comes from another comune): no
 * more than `maxBytes` of text, and few aliases (a definition needs none; "billion laughs"
 * expands a handful of them into millions of nodes).
 */
export const DEFINITION_FILE_LIMITS = { maxBytes: 512 * 1024, maxAliasCount: 50 } as const;

function parseYamlText(text: string, file: string): unknown {
  if (Buffer.byteLength(text, 'utf8') > DEFINITION_FILE_LIMITS.maxBytes) {
    throw new DefinitionError(file, [`the file is larger than ${DEFINITION_FILE_LIMITS.maxBytes / 1024} KB`]);
  }
  let value: unknown;
  try {
    value = parseYaml(text, { maxAliasCount: DEFINITION_FILE_LIMITS.maxAliasCount });
  } catch (error) {
    if (error instanceof YAMLParseError) {
      throw new DefinitionError(file, [`line ${error.linePos?.[0]?.line ?? '?'}: ${error.message.split('\n')[0]}`]);
    }
    // the yaml library refuses too many aliases with a ReferenceError
    if (error instanceof ReferenceError && /alias/i.test(error.message)) {
      throw new DefinitionError(file, [`too many aliases (at most ${DEFINITION_FILE_LIMITS.maxAliasCount}): ${error.message}`]);
    }
    throw error;
  }
  // "\0" or "\u0000" in a quoted YAML string is a NUL, which PostgreSQL cannot store
  const nul = nulPath(value);
  if (nul) throw new DefinitionError(file, [`${describePath(nul) || '(top)'}: a text holds a NUL character`]);
  return value;
}

/** Parses one definition from YAML (or JSON, a subset of YAML) text. */
export function parseProcedureDefinition(text: string, file: string, officeCodes?: ReadonlySet<string>): ProcedureDefinition {
  const result = procedureDefinitionSchema.safeParse(parseYamlText(text, file));
  if (!result.success) throw new DefinitionError(file, describeZodError(result.error));
  if (officeCodes && !officeCodes.has(result.data.office)) {
    throw new DefinitionError(file, [`office: unknown office "${result.data.office}"; known: ${[...officeCodes].join(', ')}`]);
  }
  // routing rules: fields of this form, offices of this comune (src/routing)
  const routingIssues = checkRouting(result.data.routing, result.data.form, officeCodes);
  if (routingIssues.length > 0) throw new DefinitionError(file, describeIssues(routingIssues));
  return result.data;
}

export async function loadOffices(dir = SEED_DIR): Promise<OfficeDefinition[]> {
  const file = path.join(dir, 'offices.yaml');
  const result = officesFileSchema.safeParse(parseYamlText(await readFile(file, 'utf8'), file));
  if (!result.success) throw new DefinitionError(file, describeZodError(result.error));
  return result.data.offices;
}

/**
 * Loads every definition of a folder. All files are checked before failing, so one run lists
 * every problem; slugs must match file names and be unique.
 */
export async function loadProcedureDefinitions(dir = path.join(SEED_DIR, 'procedures'), officeCodes?: ReadonlySet<string>): Promise<ProcedureDefinition[]> {
  const files = (await readdir(dir)).filter((name) => /\.ya?ml$/.test(name)).sort();
  const definitions: ProcedureDefinition[] = [];
  const errors: DefinitionError[] = [];
  for (const name of files) {
    const file = path.join(dir, name);
    try {
      const definition = parseProcedureDefinition(await readFile(file, 'utf8'), file, officeCodes);
      if (name.replace(/\.ya?ml$/, '') !== definition.slug) {
        throw new DefinitionError(file, [`slug: "${definition.slug}" must match the file name`]);
      }
      definitions.push(definition);
    } catch (error) {
      if (error instanceof DefinitionError) errors.push(error);
      else throw error;
    }
  }
  if (errors.length > 0) {
    throw new DefinitionError(dir, errors.flatMap((e) => [e.file, ...e.problems.map((p) => `  ${p}`)]));
  }
  return definitions;
}
