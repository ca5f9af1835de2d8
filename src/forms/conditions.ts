// Conditions: when a step or a field applies, decided from the answers already given
// (equals / notEquals / in / includes / filled, combined with all / any / not). Also the
// sentence that tells a person when to answer a field whose condition depends on an answer on
// the same page (pages work without JavaScript, so such fields are always shown).
import { isFilled, type Answers } from './answers.ts';
import type { Condition, FieldDefinition } from './definition.ts';
import { localize, t, type Locale } from './messages.ts';

/**
 * True when the condition holds. A missing answer equals nothing, is in no list and includes
 * nothing; so `notEquals` holds for a question not answered (or hidden).
 */
export function evaluateCondition(condition: Condition, answers: Answers): boolean {
  if ('all' in condition) return condition.all.every((c) => evaluateCondition(c, answers));
  if ('any' in condition) return condition.any.some((c) => evaluateCondition(c, answers));
  if ('not' in condition) return !evaluateCondition(condition.not, answers);
  const answer = answers[condition.field];
  if ('equals' in condition) return answer === condition.equals;
  if ('notEquals' in condition) return answer !== condition.notEquals;
  if ('in' in condition) return condition.in.some((value) => value === answer);
  if ('includes' in condition) return Array.isArray(answer) && (answer as unknown[]).includes(condition.includes);
  return isFilled(answer) === condition.filled;
}

function answerText(field: FieldDefinition | undefined, value: string | number | boolean, locale: Locale): string {
  if (typeof value === 'boolean') return t(locale, value ? 'yes' : 'no');
  const option = field?.options?.find((o) => o.value === value);
  return option ? localize(option.label, locale) : String(value);
}

/** "Rispondi solo se a «Per chi...?» hai risposto «Per un'altra persona»." and the like. */
export function describeCondition(condition: Condition, findField: (name: string) => FieldDefinition | undefined, locale: Locale): string {
  if ('field' in condition) {
    const field = findField(condition.field);
    const question = field ? localize(field.label, locale) : condition.field;
    if ('equals' in condition) return t(locale, 'onlyIfAnswer', { question, answer: answerText(field, condition.equals, locale) });
    if ('includes' in condition) return t(locale, 'onlyIfAnswer', { question, answer: answerText(field, condition.includes, locale) });
    if ('in' in condition) {
      const answers = condition.in.map((v) => (locale === 'it' ? `«${answerText(field, v, locale)}»` : `"${answerText(field, v, locale)}"`));
      return t(locale, 'onlyIfAnswerOneOf', { question, answers: answers.join(', ') });
    }
    if ('filled' in condition && condition.filled) return t(locale, 'onlyIfFilled', { question });
  }
  return t(locale, 'onlyIfApplies');
}
