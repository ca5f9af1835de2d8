// Field type "group": a repeatable set of sub-fields (the members of a household, the owners
// of a property), with min/max item counts. Item inputs are named "<group>[<i>].<field>".
// Without JavaScript, the page shows the current items (at least one slot) and two kinds of
// submit buttons named "_action": "add:<group>" adds an empty item, "remove:<group>:<i>"
// removes one; a hidden "<group>._items" keeps the number of slots across posts. Items left
// wholly blank are ignored, so an unused slot is harmless.
import { z } from 'zod';
import type { Answers, GroupItemAnswer } from '../answers.ts';
import { conditionFields, describeCondition, evaluateCondition } from '../conditions.ts';
import type { FieldDefinition, FieldType } from '../definition.ts';
import { bodyString, itemName, nameAtPath } from '../inputs.ts';
import { localize, t, type Locale } from '../messages.ts';
import { boundsConfig, PRESENCE_OPERATORS } from './factories.ts';
import { baseView } from './shared.ts';
import type { FieldModule, FieldView, GroupView } from './types.ts';

type RawItem = { [field: string]: unknown };
type Lookup = (type: FieldType) => FieldModule;

/** Above this many slots a body is not a person's work. */
const MAX_SLOTS = 100;

export const countName = (name: string): string => `${name}._items`;

export function makeGroupField(lookup: Lookup): FieldModule<GroupItemAnswer[], RawItem[], typeof boundsConfig> {
  const subFields = (field: FieldDefinition): FieldDefinition[] => field.fields ?? [];
  const itemIsBlank = (field: FieldDefinition, item: RawItem): boolean =>
    subFields(field).every((sub) => item[sub.name] === undefined || lookup(sub.type).isBlank(item[sub.name]));
  const legend = (field: FieldDefinition, label: string, index: number, locale: Locale): string =>
    t(locale, 'itemLegend', { label: label || localize(field.label, locale), n: index + 1 });
  const asItems = (raw: unknown): RawItem[] =>
    Array.isArray(raw) ? raw.map((item) => (item && typeof item === 'object' ? (item as RawItem) : {})) : [];
  const slotsOf = (field: FieldDefinition, items: number) => Math.max(items, field.min ?? 0, 1);

  const module: FieldModule<GroupItemAnswer[], RawItem[], typeof boundsConfig> = {
    kind: 'group',
    // the fields of each item are the form's own business (definition.ts): they nest field definitions
    config: boundsConfig,
    // no group inside a group; a routing rule reads top-level answers only
    capabilities: { value: 'items', inGroup: false, operators: PRESENCE_OPERATORS, fees: [], routing: false, sample: [] },

    read(body, name, field, ctx) {
      let count = 0;
      const pattern = new RegExp(`^${name.replace(/[.[\]]/g, '\\$&')}\\[(\\d+)\\]\\.`);
      for (const key of Object.keys(body)) {
        const match = pattern.exec(key);
        if (match) count = Math.max(count, Number(match[1]) + 1);
      }
      const declared = Number.parseInt(bodyString(body, countName(name)), 10);
      if (Number.isInteger(declared)) count = Math.max(count, declared);
      count = Math.min(count, MAX_SLOTS, (field.max ?? MAX_SLOTS) + 1);
      return Array.from({ length: count }, (_, i) =>
        Object.fromEntries(subFields(field).map((sub) => [sub.name, lookup(sub.type).read(body, itemName(name, i, sub.name), sub, ctx)])),
      );
    },

    isBlank(raw) {
      return raw.length === 0;
    },

    schema(field, ctx) {
      const label = ctx.labelFor(field);
      return z.unknown().transform((input, zctx): GroupItemAnswer[] | undefined => {
        const items = asItems(input);
        const answers: GroupItemAnswer[] = [];
        let failed = false;
        items.forEach((item, index) => {
          if (itemIsBlank(field, item)) return;
          const answer: GroupItemAnswer = {};
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
          answers.push(answer);
        });
        const min = field.min ?? (field.required ? 1 : 0);
        if (answers.length === 0 && field.required && min <= 1) {
          zctx.addIssue({ code: 'custom', message: t(ctx.locale, 'groupRequired', { label }), path: [] });
          return z.NEVER;
        }
        if (answers.length > 0 || field.required) {
          if (answers.length < min) {
            zctx.addIssue({ code: 'custom', message: t(ctx.locale, 'groupMin', { label, min }), path: [] });
            failed = true;
          }
          if (field.max !== undefined && answers.length > field.max) {
            zctx.addIssue({ code: 'custom', message: t(ctx.locale, 'groupMax', { label, max: field.max }), path: [] });
            failed = true;
          }
        }
        if (failed) return z.NEVER;
        return answers.length > 0 ? answers : undefined;
      });
    },

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

    view(input): GroupView {
      const { field, locale, name } = input;
      const items = input.value ?? [];
      const slots = slotsOf(field, items.length);
      const subs = subFields(field);
      const siblings = new Set(subs.map((s) => s.name));
      const findField = (n: string) => subs.find((s) => s.name === n) ?? input.findField(n);
      const groupLabel = localize(field.label, locale);
      const itemViews = Array.from({ length: slots }, (_, index) => {
        const item = items[index] ?? {};
        const itemLegend = legend(field, groupLabel, index, locale);
        const fields: FieldView[] = [];
        for (const sub of subs) {
          let conditionText: string | null = null;
          let showIf: string | null = null;
          if (sub.showIf) {
            // conditions on a sibling (or on this page) cannot be decided before the post: show and explain
            if (conditionFields(sub.showIf).some((n) => siblings.has(n) || input.onPage.has(n))) {
              conditionText = describeCondition(sub.showIf, findField, locale);
              showIf = JSON.stringify(sub.showIf);
            } else if (!evaluateCondition(sub.showIf, input.scope)) {
              continue;
            }
          }
          const subName = itemName(name, index, sub.name);
          fields.push(
            lookup(sub.type).view({ ...input, field: sub, name: subName, value: item[sub.name], conditionText, showIf }),
          );
        }
        return {
          index,
          legend: itemLegend,
          fields,
          remove: slots > 1 ? { name: '_action' as const, value: `remove:${name}:${index}`, label: t(locale, 'remove'), hiddenLabel: itemLegend } : null,
        };
      });
      const firstInput = nameAtPath(name, module.focusPath(field, []));
      return {
        ...baseView(input, 'group', input.errors.get(name) ?? null, firstInput),
        kind: 'group',
        items: itemViews,
        add:
          field.max === undefined || slots < field.max
            ? { name: '_action', value: `add:${name}`, label: t(locale, 'add'), hiddenLabel: groupLabel }
            : null,
        countName: countName(name),
        count: slots,
        defaultSubmitLabel: t(locale, 'continue'),
      };
    },

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

    focusPath(field, path) {
      const [index, subName, ...rest] = path;
      const sub = subFields(field).find((s) => s.name === subName) ?? subFields(field)[0];
      if (!sub) return path;
      const subPath = typeof subName === 'string' ? rest : [];
      return [typeof index === 'number' ? index : 0, sub.name, ...lookup(sub.type).focusPath(sub, subPath)];
    },
  };
  return module;
}

