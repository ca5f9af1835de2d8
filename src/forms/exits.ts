// Exit pages: where a form tells a person, as soon as their answers show it, that they cannot
// file ("Non puoi presentare la domanda perché ...") and what to do instead. A form declares
// its exits (`exits`), each with a condition in the one conditions language. An exit is looked
// at once the person has passed every step holding a field it reads (so that an answer not yet
// given never sends anyone away), and again, all of them, when filing: a filing that meets an
// exit is refused whatever the browser sent.
import { z } from 'zod';
import type { Answers } from './answers.ts';
import { conditionComputed, conditionFields, conditionSchema, evaluateCondition, type Condition, type ConditionEnv } from './conditions.ts';
import { expressionRefs, type ComputedDefinition } from './computed.ts';
import { localizedText, type LocalizedText } from './localized-text.ts';
import type { Locale } from './messages.ts';

export const exitSchema = z
  .object({
    id: z.string().regex(/^[a-z][a-z0-9-]{0,62}$/, 'use lowercase letters, digits and dashes'),
    when: conditionSchema,
    title: localizedText,
    /** why the person cannot file: "Non puoi presentare la domanda perché ..." */
    reason: localizedText,
    /** what to do instead */
    instead: localizedText,
    /** an optional link to where to go instead (a page of the portal or of the comune) */
    link: z
      .object({ url: z.string().regex(/^(\/|https:\/\/)[^\s"<>]*$/, 'a path of the portal (/...) or an https:// address'), label: localizedText })
      .strict()
      .optional(),
  })
  .strict();
export type ExitDefinition = z.infer<typeof exitSchema>;

interface FormShape {
  steps: Array<{ id: string; fields: Array<{ name: string }> }>;
  computed?: ComputedDefinition[] | undefined;
  exits?: ExitDefinition[] | undefined;
}

/** The fields a condition reads, directly or through computed values. */
export function fieldsRead(condition: Condition, computed: readonly ComputedDefinition[] = []): Set<string> {
  const names = new Set(conditionFields(condition));
  const byName = new Map(computed.map((c) => [c.name, c]));
  const pending = [...conditionComputed(condition)];
  const seen = new Set<string>();
  while (pending.length > 0) {
    const name = pending.pop()!;
    if (seen.has(name)) continue;
    seen.add(name);
    const definition = byName.get(name);
    if (!definition) continue;
    const refs = expressionRefs(definition.expression);
    for (const f of refs.fields) names.add(f.name.split('.')[0]!);
    pending.push(...refs.computed);
    for (const c of refs.conditions) {
      for (const f of conditionFields(c)) names.add(f);
      pending.push(...conditionComputed(c));
    }
  }
  return names;
}

/** The index of the last step holding a field the exit reads (-1: none, it is looked at from the start). */
function lastStepRead(form: FormShape, exit: ExitDefinition): number {
  const read = fieldsRead(exit.when, form.computed);
  let last = -1;
  form.steps.forEach((step, i) => {
    if (step.fields.some((f) => read.has(f.name))) last = i;
  });
  return last;
}

/**
 * The first exit that applies to these answers, looking only at the exits whose fields are all
 * on steps up to `afterStepId` (none given: every exit, as when filing); null when none applies.
 */
export function applicableExit(form: FormShape, answers: Answers, env: ConditionEnv, afterStepId?: string): ExitDefinition | null {
  const upTo = afterStepId === undefined ? form.steps.length : form.steps.findIndex((s) => s.id === afterStepId);
  for (const exit of form.exits ?? []) {
    if (lastStepRead(form, exit) > upTo) continue;
    if (evaluateCondition(exit.when, answers, undefined, env)) return exit;
  }
  return null;
}

/** An exit's texts in one language, for its page. */
export function exitView(exit: ExitDefinition, locale: Locale): { id: string; title: string; reason: string; instead: string; link: { url: string; label: string } | null } {
  const pick = (text: LocalizedText) => text[locale];
  return { id: exit.id, title: pick(exit.title), reason: pick(exit.reason), instead: pick(exit.instead), link: exit.link ? { url: exit.link.url, label: pick(exit.link.label) } : null };
}

/** The step to go back to from an exit: the last one holding a field it reads (null: none). */
export function exitStepId(form: FormShape, exit: ExitDefinition): string | null {
  const last = lastStepRead(form, exit);
  return last < 0 ? null : form.steps[last]!.id;
}
