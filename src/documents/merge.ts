// The merge of a template with a case: Nunjucks in a sandbox. A template may print merge fields,
// test them (if/elif/else), loop over lists (for) and apply a short list of harmless filters;
// nothing else: no includes, imports, macros, blocks, assignments, calls or extensions, and no
// name outside the merge data. The check walks the parsed template, so a forbidden construct is
// refused when the template is saved, not when a clerk uses it. A field that resolves to nothing
// is an error too (throwOnUndefined): a letter never goes out with a blank where a name belongs.
import nunjucks from 'nunjucks';

export const ALLOWED_FILTERS = ['upper', 'lower', 'capitalize', 'title', 'trim', 'default', 'replace', 'truncate', 'length', 'join', 'first', 'last', 'round', 'abs', 'nl2br', 'striptags', 'wordcount', 'int', 'float', 'string'] as const;

// node types that only read the data and compute with it
const ALLOWED_NODES = new Set([
  'Root', 'NodeList', 'Output', 'TemplateData', 'Literal', 'Symbol', 'LookupVal', 'Group', 'Array', 'If', 'InlineIf', 'For', 'Filter',
  'Compare', 'CompareOperand', 'And', 'Or', 'Not', 'In', 'Add', 'Sub', 'Mul', 'Div', 'FloorDiv', 'Mod', 'Neg', 'Pos', 'Concat', 'Pair',
]);
const FORBIDDEN_KEYS = new Set(['constructor', '__proto__', 'prototype', '__defineGetter__', '__lookupGetter__']);

export type TemplateProblem =
  | { kind: 'syntax'; detail: string }
  | { kind: 'construct'; detail: string }
  | { kind: 'filter'; detail: string }
  | { kind: 'name'; detail: string }
  | { kind: 'unresolved'; detail: string };

export class TemplateRefusedError extends Error {
  constructor(readonly problem: TemplateProblem) {
    super(`template refused: ${problem.kind} ${problem.detail}`);
  }
}

type AnyNode = { typename: string; lineno?: number; [key: string]: unknown };

function childrenOf(node: AnyNode): AnyNode[] {
  const out: AnyNode[] = [];
  for (const [key, value] of Object.entries(node)) {
    if (key === 'lineno' || key === 'colno') continue;
    if (Array.isArray(value)) for (const v of value) if (v && typeof v === 'object' && 'typename' in v) out.push(v as AnyNode);
    if (value && typeof value === 'object' && 'typename' in (value as object)) out.push(value as AnyNode);
  }
  return out;
}

/** The first thing of `source` the sandbox refuses, or null; `names` are the merge data's top-level names. */
export function templateProblem(source: string, names: readonly string[]): TemplateProblem | null {
  let root: AnyNode;
  try {
    root = (nunjucks as unknown as { parser: { parse(src: string): AnyNode } }).parser.parse(source);
  } catch (error) {
    return { kind: 'syntax', detail: String((error as Error).message).split('\n')[0]!.replace(/^\(unknown path\)\s*/, '') };
  }
  const line = (n: AnyNode) => (typeof n.lineno === 'number' ? ` (${n.lineno + 1})` : '');
  function walk(node: AnyNode, scope: ReadonlySet<string>): TemplateProblem | null {
    if (!ALLOWED_NODES.has(node.typename)) return { kind: 'construct', detail: `${node.typename}${line(node)}` };
    if (node.typename === 'Filter') {
      const name = (node.name as AnyNode & { value: string }).value;
      if (!(ALLOWED_FILTERS as readonly string[]).includes(name)) return { kind: 'filter', detail: `${name}${line(node)}` };
      return walkAll(childrenOf(node.args as AnyNode), scope);
    }
    if (node.typename === 'Symbol') {
      const name = String(node.value);
      return scope.has(name) ? null : { kind: 'name', detail: `${name}${line(node)}` };
    }
    if (node.typename === 'LookupVal') {
      const key = node.val as AnyNode;
      if (key.typename === 'Literal' && FORBIDDEN_KEYS.has(String(key.value))) return { kind: 'name', detail: `${String(key.value)}${line(node)}` };
      if (key.typename !== 'Literal') return { kind: 'construct', detail: `[...]${line(node)}` };
      return walk(node.target as AnyNode, scope);
    }
    if (node.typename === 'For') {
      const problem = walk(node.arr as AnyNode, scope);
      if (problem) return problem;
      const target = node.name as AnyNode;
      const bound = target.typename === 'Array' ? childrenOf(target) : [target];
      if (bound.some((b) => b.typename !== 'Symbol')) return { kind: 'construct', detail: `for${line(node)}` };
      const inner = new Set([...scope, 'loop', ...bound.map((b) => String(b.value))]);
      return walkAll([node.body as AnyNode, ...(node.else_ ? [node.else_ as AnyNode] : [])], inner);
    }
    return walkAll(childrenOf(node), scope);
  }
  function walkAll(nodes: AnyNode[], scope: ReadonlySet<string>): TemplateProblem | null {
    for (const n of nodes) {
      const problem = walk(n, scope);
      if (problem) return problem;
    }
    return null;
  }
  return walk(root, new Set(names));
}

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };

// no loader: a template cannot reach another file even if the check above were bypassed
const env = new nunjucks.Environment([], { autoescape: true, throwOnUndefined: true });

/**
 * The merged text (Markdown) of a template that passed the check. Autoescape escapes every merge
 * value; the result is decoded back to plain text because it is Markdown for a textarea and a
 * PDF, never HTML: the HTML preview escapes all of it again (markdown.ts).
 */
export function mergeTemplate(source: string, data: Record<string, unknown>): string {
  const problem = templateProblem(source, Object.keys(data));
  if (problem) throw new TemplateRefusedError(problem);
  let out: string;
  try {
    out = env.renderString(source, data);
  } catch (error) {
    const message = String((error as Error).message);
    const match = /attempted to output null or undefined value/.test(message);
    throw new TemplateRefusedError({ kind: match ? 'unresolved' : 'syntax', detail: message.split('\n').map((l) => l.trim()).filter(Boolean).slice(-1)[0] ?? '' });
  }
  return out.replace(/&(amp|lt|gt|quot|#39);/g, (m) => ENTITIES[m] ?? m);
}
