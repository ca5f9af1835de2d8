// A pattern a text answer must match (a protocol number, a permit code), with the message the
// person reads when it does not. Patterns come from administrators, and a regular expression
// can take exponential time on a crafted input (ReDoS), so a definition's pattern is checked
// when the definition is parsed: short, compiles, no backreferences or lookarounds, no
// quantified group that itself holds a quantifier or an alternative ("(a+)+", "(a|ab)*"), at
// most three unbounded quantifiers. With the length limit of text answers (500 characters at
// most) that bounds the work of a match to a polynomial of low degree.
import { z } from 'zod';
import { localizedText } from '../localized-text.ts';

export const PATTERN_MAX_LENGTH = 200;
export const PATTERN_MAX_UNBOUNDED = 3;

interface Frame {
  quantified: boolean;
  alternation: boolean;
}

/** Reads a quantifier at `i`: its length and whether it repeats more than once, or null. */
function quantifierAt(source: string, i: number): { length: number; repeats: boolean; unbounded: boolean } | null {
  const c = source[i];
  let length = 0;
  let repeats = false;
  let unbounded = false;
  if (c === '*' || c === '+') [length, repeats, unbounded] = [1, true, true];
  else if (c === '?') [length, repeats] = [1, false];
  else if (c === '{') {
    const match = /^\{(\d+)(,(\d*))?\}/.exec(source.slice(i));
    if (!match) return null;
    length = match[0].length;
    unbounded = match[2] !== undefined && match[3] === '';
    repeats = unbounded || Number(match[3] ?? match[1]) > 1;
  } else return null;
  // a lazy or possessive marker belongs to the quantifier
  if (source[i + length] === '?') length += 1;
  return { length, repeats, unbounded };
}

/** What is wrong with a pattern of a definition (in English, for administrators), or null. */
export function patternProblem(source: string): string | null {
  if (source.length === 0) return 'the pattern is empty';
  if (source.length > PATTERN_MAX_LENGTH) return `the pattern is longer than ${PATTERN_MAX_LENGTH} characters`;
  try {
    new RegExp(source, 'u');
  } catch {
    return 'the pattern is not a valid regular expression';
  }
  if (/\\[1-9]|\\k</.test(source)) return 'the pattern may not use backreferences';
  if (/\(\?<?[=!]/.test(source)) return 'the pattern may not use lookahead or lookbehind';
  const stack: Frame[] = [{ quantified: false, alternation: false }];
  let unbounded = 0;
  let lastGroup: Frame | null = null;
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    const frame = stack[stack.length - 1]!;
    if (c === '\\') {
      i += 1;
      lastGroup = null;
      continue;
    }
    if (c === '[') {
      // a class is one atom: skip to its closing bracket
      for (i += 1; i < source.length && source[i] !== ']'; i++) if (source[i] === '\\') i += 1;
      lastGroup = null;
      continue;
    }
    if (c === '(') {
      stack.push({ quantified: false, alternation: false });
      if (source[i + 1] === '?') i += source[i + 2] === '<' ? source.indexOf('>', i) - i : 2;
      lastGroup = null;
      continue;
    }
    if (c === ')') {
      lastGroup = stack.pop()!;
      const parent = stack[stack.length - 1]!;
      parent.quantified ||= lastGroup.quantified;
      continue;
    }
    if (c === '|') {
      frame.alternation = true;
      lastGroup = null;
      continue;
    }
    const quantifier = quantifierAt(source, i);
    if (quantifier) {
      if (quantifier.repeats && lastGroup && (lastGroup.quantified || lastGroup.alternation)) {
        return 'the pattern repeats a group that holds a repetition or alternatives, like (a+)+: it could take too long to check';
      }
      if (quantifier.unbounded) unbounded += 1;
      frame.quantified = true;
      i += quantifier.length - 1;
      lastGroup = null;
      continue;
    }
    lastGroup = null;
  }
  if (unbounded > PATTERN_MAX_UNBOUNDED) return `the pattern has more than ${PATTERN_MAX_UNBOUNDED} unbounded repetitions (*, + or {n,})`;
  return null;
}

/** The `pattern` property of a text field: the expression and what to tell the person. */
export const patternSchema = z
  .object({
    regex: z.string().superRefine((source, ctx) => {
      const problem = patternProblem(source);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }),
    message: localizedText,
  })
  .strict();
export type PatternSpec = z.infer<typeof patternSchema>;

const compiled = new Map<string, RegExp>();

/** Whether the whole answer matches the pattern (anchored: the pattern describes all of it). */
export function matchesPattern(source: string, value: string): boolean {
  let regex = compiled.get(source);
  if (!regex) {
    regex = new RegExp(`^(?:${source})$`, 'u');
    if (compiled.size > 1000) compiled.clear();
    compiled.set(source, regex);
  }
  return regex.test(value);
}

/**
 * The pattern for the input's `pattern` attribute, or null when a browser could read it
 * differently: browsers compile it with the "v" flag, stricter about classes than "u".
 */
export function htmlPattern(source: string): string | null {
  try {
    new RegExp(source, 'v');
    return source;
  } catch {
    return null;
  }
}
