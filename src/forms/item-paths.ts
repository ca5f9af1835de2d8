// Where an input's answer lives inside the answers, for fields inside group items: the input
// "componenti[1].documento" is the answer at ["componenti", 1, "documento"]. Files inside items
// need it (their references are kept in the stored answers, never taken from the body), and so
// do the buttons of a group inside an item. Also the limits of what items may hold.
import type { Answers } from './answers.ts';
import type { FieldDefinition } from './definition.ts';
import { fieldCapabilities } from './fields/index.ts';

/** A group may hold a group, which may not hold another (depth 2). */
export const MAX_GROUP_DEPTH = 2;
/** The items of a group inside an item: at most this many (and its max no higher). */
export const NESTED_GROUP_MAX_ITEMS = 10;
/** Files in one application, wherever they are (items multiply file fields). */
export const MAX_FILES_PER_FILING = 50;

export type AnswerPath = Array<string | number>;

const NAME = /^[a-zA-Z][a-zA-Z0-9]*(?:\[\d{1,3}\]\.[a-zA-Z][a-zA-Z0-9]*){0,2}$/;

/** The path of an input name ("a", "a[0].b", "a[0].b[2].c"), or null for any other string. */
export function inputPath(name: string): AnswerPath | null {
  if (!NAME.test(name)) return null;
  return name.split(/\[(\d+)\]\./).map((part, i) => (i % 2 === 1 ? Number(part) : part));
}

/** The answer at `path` (undefined when any step of it is missing). */
export function answerAt(answers: unknown, path: AnswerPath): unknown {
  let here: unknown = answers;
  for (const key of path) {
    if (here === null || typeof here !== 'object') return undefined;
    here = (here as Record<string | number, unknown>)[key];
  }
  return here;
}

/** The answers with `value` at `path`, creating the items on the way; the rest unchanged. */
export function withAnswerAt(answers: Answers, path: AnswerPath, value: unknown): Answers {
  const set = (here: unknown, rest: AnswerPath): unknown => {
    const [key, ...more] = rest;
    if (key === undefined) return value;
    if (typeof key === 'number') {
      const list = Array.isArray(here) ? [...(here as unknown[])] : [];
      while (list.length < key) list.push({});
      list[key] = set(list[key], more);
      return list;
    }
    const record = here && typeof here === 'object' && !Array.isArray(here) ? { ...(here as Record<string, unknown>) } : {};
    record[key] = set(record[key], more);
    return record;
  };
  return set(answers, path) as Answers;
}

/** The field an input path names among `fields` (item indexes skipped), or undefined. */
export function fieldAtPath(fields: readonly FieldDefinition[], path: AnswerPath): FieldDefinition | undefined {
  const names = path.filter((p): p is string => typeof p === 'string');
  let list: readonly FieldDefinition[] = fields;
  let found: FieldDefinition | undefined;
  for (const name of names) {
    found = list.find((f) => f.name === name);
    if (!found) return undefined;
    list = found.fields ?? [];
  }
  return found;
}

/** Whether the field is a file field or a group whose items hold one (at any depth). */
export function holdsFiles(field: FieldDefinition): boolean {
  return fieldCapabilities(field.type).value === 'files' || (field.fields ?? []).some(holdsFiles);
}

/** How many file references the answers hold, wherever they are. */
export function countFiles(value: unknown): number {
  if (Array.isArray(value)) return value.reduce<number>((n, item) => n + countFiles(item), 0);
  if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    if (typeof record.id === 'string' && typeof record.sha256 === 'string') return 1;
    return Object.values(record).reduce<number>((n, item) => n + countFiles(item), 0);
  }
  return 0;
}
