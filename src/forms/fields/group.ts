// Field type "group": a repeatable set of sub-fields (the members of a household, the owners
// of a property), with min/max item counts. Item inputs are named "<group>[<i>].<field>".
// Without JavaScript, the page shows the current items (at least one slot) and two kinds of
// submit buttons named "_action": "add:<group>" adds an empty item, "remove:<group>:<i>"
// removes one; a hidden "<group>._items" keeps the number of slots across posts. Items left
// wholly blank are ignored, so an unused slot is harmless. An item may hold files and one
// level of group (definition.ts checks the depth); a group inside an item has at most 10 items.
import { z } from 'zod';
import type { Answers, GroupItemAnswer } from '../answers.ts';
import { conditionFields, describeCondition, evaluateCondition } from '../conditions.ts';
import type { FieldDefinition, FieldType } from '../definition.ts';
import { bodyString, itemName, nameAtPath, type FormBody } from '../inputs.ts';
import { NESTED_GROUP_MAX_ITEMS } from '../item-paths.ts';
import { localize, t, type Locale } from '../messages.ts';
import { boundsConfig, PRESENCE_OPERATORS } from './factories.ts';
import { baseView } from './shared.ts';
import type { AnswerSchema, FieldModule, FieldView, GroupView, ReadContext, SchemaContext, ViewInput } from './types.ts';

type RawItem = { [field: string]: unknown };
type Lookup = (type: FieldType) => FieldModule;
type GroupFieldModule = FieldModule<GroupItemAnswer[], RawItem[], typeof boundsConfig>;

/** Above this many slots a body is not a person's work; a group inside an item has fewer. */
const MAX_SLOTS = 100;
const isNested = (name: string): boolean => name.includes('[');

export const countName = (name: string): string => `${name}._items`;

const subFields = (field: FieldDefinition): FieldDefinition[] => field.fields ?? [];
const itemIsBlank = (lookup: Lookup, field: FieldDefinition, item: RawItem): boolean =>
  subFields(field).every((sub) => item[sub.name] === undefined || lookup(sub.type).isBlank(item[sub.name]));
const legend = (field: FieldDefinition, label: string, index: number, locale: Locale): string =>
  t(locale, 'itemLegend', { label: label || localize(field.label, locale), n: index + 1 });
const asItems = (raw: unknown): RawItem[] =>
  Array.isArray(raw) ? raw.map((item) => (item && typeof item === 'object' ? (item as RawItem) : {})) : [];
const slotsOf = (field: FieldDefinition, items: number) => Math.max(items, field.min ?? 0, 1);

/** How many item slots the body holds: the highest item index posted or the declared count, capped. */
function slotCount(body: FormBody, name: string, field: FieldDefinition): number {
  let count = 0;
  const pattern = new RegExp(`^${name.replace(/[.[\]]/g, '\\$&')}\\[(\\d+)\\]\\.`);
  for (const key of Object.keys(body)) {
    const match = pattern.exec(key);
    if (match) count = Math.max(count, Number(match[1]) + 1);
  }
  const declared = Number.parseInt(bodyString(body, countName(name)), 10);
  if (Number.isInteger(declared)) count = Math.max(count, declared);
  const cap = isNested(name) ? NESTED_GROUP_MAX_ITEMS : MAX_SLOTS;
  return Math.min(count, cap, (field.max ?? cap) + 1);
}

function readItems(lookup: Lookup, body: FormBody, name: string, field: FieldDefinition, ctx: ReadContext): RawItem[] {
  return Array.from({ length: slotCount(body, name, field) }, (_, i) =>
    Object.fromEntries(subFields(field).map((sub) => [sub.name, lookup(sub.type).read(body, itemName(name, i, sub.name), sub, ctx)])),
  );
}

/** One item's answer; its sub-fields' issues go to `zctx` under [index, sub-field, ...]. */
function parseItem(
  lookup: Lookup,
  field: FieldDefinition,
  item: RawItem,
  index: number,
  label: string,
  ctx: SchemaContext,
  zctx: z.RefinementCtx,
): { answer: GroupItemAnswer; failed: boolean } {
  const answer: GroupItemAnswer = {};
  let failed = false;
  const itemLegend = legend(field, label, index, ctx.locale);
  for (const sub of subFields(field)) {
    const scope: Answers = { ...ctx.scope, ...answer };
    if (sub.showIf && !evaluateCondition(sub.showIf, scope)) continue;
    const result = lookup(sub.type)
      .schema(sub, { ...ctx, scope, labelFor: (f) => `${localize(f.label, ctx.locale)} (${itemLegend})` })
      .safeParse(item[sub.name]);
    if (result.success) {
      if (result.data !== undefined) answer[sub.name] = result.data as GroupItemAnswer[string];
    } else {
      failed = true;
      for (const issue of result.error.issues) zctx.addIssue({ ...issue, path: [index, sub.name, ...issue.path] } as z.IssueData);
    }
  }
  return { answer, failed };
}

/** What is wrong with the number of items filled in (required, min, max), as messages. */
function countMessages(field: FieldDefinition, count: number, label: string, locale: Locale): string[] {
  const min = field.min ?? (field.required ? 1 : 0);
  if (count === 0 && field.required && min <= 1) return [t(locale, 'groupRequired', { label })];
  if (count === 0 && !field.required) return [];
  const messages: string[] = [];
  if (count < min) messages.push(t(locale, 'groupMin', { label, min }));
  if (field.max !== undefined && count > field.max) messages.push(t(locale, 'groupMax', { label, max: field.max }));
  return messages;
}

function groupSchema(lookup: Lookup, field: FieldDefinition, ctx: SchemaContext): AnswerSchema<GroupItemAnswer[]> {
  const label = ctx.labelFor(field);
  return z.unknown().transform((input, zctx): GroupItemAnswer[] | undefined => {
    const answers: GroupItemAnswer[] = [];
    let failed = false;
    asItems(input).forEach((item, index) => {
      if (itemIsBlank(lookup, field, item)) return;
      const parsed = parseItem(lookup, field, item, index, label, ctx, zctx);
      failed ||= parsed.failed;
      answers.push(parsed.answer);
    });
    const messages = countMessages(field, answers.length, label, ctx.locale);
    for (const message of messages) zctx.addIssue({ code: 'custom', message, path: [] });
    if (failed || messages.length > 0) return z.NEVER;
    return answers.length > 0 ? answers : undefined;
  });
}

/** The views of one item's sub-fields, those whose condition may hold. */
function itemFieldViews(lookup: Lookup, input: ViewInput<RawItem[]>, item: RawItem, index: number): FieldView[] {
  const subs = subFields(input.field);
  const siblings = new Set(subs.map((s) => s.name));
  const findField = (n: string) => subs.find((s) => s.name === n) ?? input.findField(n);
  const fields: FieldView[] = [];
  for (const sub of subs) {
    let conditionText: string | null = null;
    let revealRule: string | null = null;
    if (sub.showIf) {
      // conditions on a sibling (or on this page) cannot be decided before the post: show and explain
      if (conditionFields(sub.showIf).some((n) => siblings.has(n) || input.onPage.has(n))) {
        conditionText = describeCondition(sub.showIf, findField, input.locale);
        revealRule = input.revealRuleOf(sub.showIf, (n) => {
          const sibling = subs.find((s) => s.name === n);
          return sibling ? { field: sibling, name: itemName(input.name, index, n) } : null;
        });
      } else if (!evaluateCondition(sub.showIf, input.scope)) {
        continue;
      }
    }
    const subName = itemName(input.name, index, sub.name);
    fields.push(lookup(sub.type).view({ ...input, field: sub, name: subName, value: item[sub.name], conditionText, revealRule }));
  }
  return fields;
}

function groupView(lookup: Lookup, input: ViewInput<RawItem[]>): GroupView {
  const { field, locale, name } = input;
  const items = input.value ?? [];
  const slots = Math.min(slotsOf(field, items.length), isNested(name) ? NESTED_GROUP_MAX_ITEMS : MAX_SLOTS);
  const groupLabel = localize(field.label, locale);
  const itemViews = Array.from({ length: slots }, (_, index) => {
    const itemLegend = legend(field, groupLabel, index, locale);
    return {
      index,
      legend: itemLegend,
      fields: itemFieldViews(lookup, input, items[index] ?? {}, index),
      remove: slots > 1 ? { name: '_action' as const, value: `remove:${name}:${index}`, label: t(locale, 'remove'), hiddenLabel: itemLegend } : null,
    };
  });
  const firstInput = nameAtPath(name, groupFocusPath(lookup, field, []));
  return {
    ...baseView(input, 'group', input.errors.get(name) ?? null, firstInput),
    kind: 'group',
    items: itemViews,
    add:
      slots < Math.min(field.max ?? MAX_SLOTS, isNested(name) ? NESTED_GROUP_MAX_ITEMS : MAX_SLOTS)
        ? { name: '_action', value: `add:${name}`, label: t(locale, 'add'), hiddenLabel: groupLabel }
        : null,
    countName: countName(name),
    count: slots,
    defaultSubmitLabel: t(locale, 'continue'),
  };
}

function groupFocusPath(lookup: Lookup, field: FieldDefinition, path: Array<string | number>): Array<string | number> {
  const [index, subName, ...rest] = path;
  const sub = subFields(field).find((s) => s.name === subName) ?? subFields(field)[0];
  if (!sub) return path;
  const subPath = typeof subName === 'string' ? rest : [];
  return [typeof index === 'number' ? index : 0, sub.name, ...lookup(sub.type).focusPath(sub, subPath)];
}

export function makeGroupField(lookup: Lookup): GroupFieldModule {
  return {
    kind: 'group',
    // the fields of each item are the form's own business (definition.ts): they nest field definitions
    config: boundsConfig,
    // a group inside a group holds no group (definition.ts); a routing rule reads top-level answers only
    capabilities: { value: 'items', inGroup: true, operators: PRESENCE_OPERATORS, fees: [], routing: false, sample: [] },

    read: (body, name, field, ctx) => readItems(lookup, body, name, field, ctx),

    isBlank(raw) {
      return raw.length === 0;
    },

    schema: (field, ctx) => groupSchema(lookup, field, ctx),

    toInput(answer, field, locale) {
      return answer.map((item) =>
        Object.fromEntries(
          subFields(field).flatMap((sub) => {
            const value = item[sub.name];
            return value === undefined ? [] : [[sub.name, lookup(sub.type).toInput(value, sub, locale)]];
          }),
        ),
      );
    },

    view: (input) => groupView(lookup, input),

    summary(answer, field, locale) {
      const label = localize(field.label, locale);
      return answer.map((item, index) => {
        const parts = subFields(field).flatMap((sub) => {
          const value = item[sub.name];
          if (value === undefined) return [];
          return [`${localize(sub.label, locale)}: ${lookup(sub.type).summary(value, sub, locale).join(', ')}`];
        });
        return `${legend(field, label, index, locale)}: ${parts.join('; ')}`;
      });
    },

    focusPath: (field, path) => groupFocusPath(lookup, field, path),
  };
}
