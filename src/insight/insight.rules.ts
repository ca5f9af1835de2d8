// The rules of service insight, pure: which time bucket a filing's time to complete falls in,
// how a refused field and its message become an anonymous counter key, how the daily rows of
// a period add up into a procedure's funnel, and the suppression of small counts: a figure
// below the threshold (k) is never shown, nor a percentage whose part or base is below it.
import { formMessage, MESSAGE_KEYS, type FormMessageKey, type Locale } from '../forms/index.ts';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

/** The buckets of time from a draft's creation to its filing, each up to (excluding) its limit. */
export const COMPLETION_BUCKETS = [
  { id: 'lt5m', below: 5 * MINUTE_MS },
  { id: 'm5to15', below: 15 * MINUTE_MS },
  { id: 'm15to60', below: HOUR_MS },
  { id: 'h1to24', below: DAY_MS },
  { id: 'd1to7', below: 7 * DAY_MS },
  { id: 'gt7d', below: Number.POSITIVE_INFINITY },
] as const;

export type CompletionBucket = (typeof COMPLETION_BUCKETS)[number]['id'];

/** The bucket of a time to complete (a negative time, from clocks apart, counts as the first). */
export function completionBucket(ms: number): CompletionBucket {
  return COMPLETION_BUCKETS.find((bucket) => ms < bucket.below)?.id ?? 'gt7d';
}

/** A refusal whose message is not one of the form engine's (a file refused, a register's lock). */
export const OTHER_MESSAGE = 'other';

// each message of the engine as a pattern: its placeholders ({label}, {min}...) match anything
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const patterns = new Map<Locale, Array<[FormMessageKey, RegExp]>>();
function patternsOf(locale: Locale): Array<[FormMessageKey, RegExp]> {
  let list = patterns.get(locale);
  if (!list) {
    // texts that are mostly placeholders (a group item's legend "{label} {n}") are not messages
    const keys = MESSAGE_KEYS.filter((key) => formMessage(locale, key).replace(/\{\w+\}/g, '').replace(/\W/g, '').length >= 6);
    list = keys.map((key) => [key, new RegExp(`^${escape(formMessage(locale, key)).replace(/\\\{\w+\\\}/g, '.+?')}$`, 's')] as [FormMessageKey, RegExp]);
    // the most specific first: a message with fewer placeholders wins over a looser one
    list.sort((a, b) => b[1].source.length - a[1].source.length);
    patterns.set(locale, list);
  }
  return list;
}

/**
 * The key of an error message the person was shown, read back from its text: only the key is
 * counted, never the text (it may quote what the person typed or the name of their file).
 */
export function messageKeyOf(message: string, locale: Locale): string {
  return patternsOf(locale).find(([, pattern]) => pattern.test(message))?.[0] ?? OTHER_MESSAGE;
}

/** A field's name without the item numbers of an "add another" group: "figli[2].nome" is "figli.nome". */
export function fieldKey(name: string): string {
  return name.replace(/\[\d+\]/g, '');
}

// ---- suppression of small counts

/** A count as shown: the number, or "fewer than k" (value null) when it is below the threshold. */
export interface ShownCount {
  value: number | null;
  /** true: below the threshold, shown as "fewer than k" */
  suppressed: boolean;
}

export function shownCount(count: number, minCount: number): ShownCount {
  return count < minCount ? { value: null, suppressed: true } : { value: count, suppressed: false };
}

/**
 * A percentage of `part` over `base`, or null when either is below the threshold: a percentage
 * over a small base says little and, with the base shown, would give a small part away.
 */
export function shownPercent(part: number, base: number, minCount: number): number | null {
  if (base < minCount || base === 0 || part < minCount) return null;
  return Math.round((part / base) * 100);
}

// ---- the funnel of a procedure over a period

export interface StepRow {
  procedure_version: number;
  step_id: string;
  reached: number;
  abandoned: number;
}
export interface FieldErrorRow {
  step_id: string;
  field: string;
  message_key: string;
  count: number;
}
export interface CompletionRow {
  bucket: string;
  count: number;
}

export interface FunnelStep {
  stepId: string;
  reached: ShownCount;
  abandoned: ShownCount;
  /** abandoned over reached, in percent; null when suppressed */
  abandonedPercent: number | null;
}

export interface FieldMessages {
  stepId: string;
  field: string;
  /** the most frequent messages first; those below the threshold are left out */
  messages: Array<{ key: string; count: number }>;
  /**
   * the refusals of the field the messages left out stand for, together (suppressed when
   * small). No total of the field is shown: with the messages shown, it would give this away.
   */
  others: ShownCount | null;
}

export interface CompletionView {
  buckets: Array<{ id: CompletionBucket; count: ShownCount; percent: number | null }>;
  total: ShownCount;
  /** the bucket the middle filing falls in; null when the total is below the threshold */
  median: CompletionBucket | null;
}

function sumBy<T>(rows: readonly T[], key: (row: T) => string, value: (row: T) => number): Map<string, number> {
  const sums = new Map<string, number>();
  for (const row of rows) sums.set(key(row), (sums.get(key(row)) ?? 0) + value(row));
  return sums;
}

/**
 * The journey's pages in order (`order`: the pages of the newest version) with how many drafts
 * reached each and how many stopped there, summed over the period and the versions; pages only
 * older versions had come after, in the order first met.
 */
export function funnelSteps(rows: readonly StepRow[], order: readonly string[], minCount: number): FunnelStep[] {
  const reached = sumBy(rows, (r) => r.step_id, (r) => r.reached);
  const abandoned = sumBy(rows, (r) => r.step_id, (r) => r.abandoned);
  const ids = [...order, ...[...reached.keys()].filter((id) => !order.includes(id))];
  return ids.map((stepId) => {
    const r = reached.get(stepId) ?? 0;
    const a = abandoned.get(stepId) ?? 0;
    return { stepId, reached: shownCount(r, minCount), abandoned: shownCount(a, minCount), abandonedPercent: shownPercent(a, r, minCount) };
  });
}

/** Per field, the refusals by message, the fields most refused first ("which question to rewrite"). */
export function fieldMessages(rows: readonly FieldErrorRow[], minCount: number, top = 3): FieldMessages[] {
  const byField = new Map<string, { stepId: string; field: string; messages: Map<string, number> }>();
  for (const row of rows) {
    const id = `${row.step_id}\u0000${row.field}`;
    const entry = byField.get(id) ?? { stepId: row.step_id, field: row.field, messages: new Map<string, number>() };
    entry.messages.set(row.message_key, (entry.messages.get(row.message_key) ?? 0) + row.count);
    byField.set(id, entry);
  }
  const fields = [...byField.values()].map((entry) => {
    const total = [...entry.messages.values()].reduce((a, b) => a + b, 0);
    const sorted = [...entry.messages].map(([key, count]) => ({ key, count })).sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
    const shown = sorted.filter((m) => m.count >= minCount).slice(0, top);
    const rest = total - shown.reduce((sum, m) => sum + m.count, 0);
    return { stepId: entry.stepId, field: entry.field, totalCount: total, messages: shown, others: rest > 0 ? shownCount(rest, minCount) : null };
  });
  fields.sort((a, b) => b.totalCount - a.totalCount || a.field.localeCompare(b.field));
  return fields.map(({ totalCount: _total, ...field }) => field);
}

/** The distribution of times to complete, with the median bucket. */
export function completionView(rows: readonly CompletionRow[], minCount: number): CompletionView {
  const sums = sumBy(rows, (r) => r.bucket, (r) => r.count);
  const total = [...sums.values()].reduce((a, b) => a + b, 0);
  let median: CompletionBucket | null = null;
  if (total >= minCount) {
    let seen = 0;
    for (const bucket of COMPLETION_BUCKETS) {
      seen += sums.get(bucket.id) ?? 0;
      if (seen * 2 >= total) {
        median = bucket.id;
        break;
      }
    }
  }
  return {
    buckets: COMPLETION_BUCKETS.map(({ id }) => {
      const count = sums.get(id) ?? 0;
      return { id, count: shownCount(count, minCount), percent: shownPercent(count, total, minCount) };
    }),
    total: shownCount(total, minCount),
    median,
  };
}
