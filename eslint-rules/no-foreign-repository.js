// Lint rule: a domain's repository (src/<domain>/**/*.repository.ts) is imported only by files
// of that domain; another domain asks that domain's service. Option `allow`: a list of
// { file, imports } pairs (paths from the repository root) tolerated for now.
import path from 'node:path';
import { ALLOW_OPTION, repositoryPath as relative } from './sql-tables.js';

/** The domain a source file belongs to: its first folder under src/ (null outside src/). */
export function domainOf(file) {
  const parts = file.split('/');
  if (parts[0] !== 'src') return null;
  return parts.length > 2 ? parts[1] : '';
}

export default {
  meta: {
    type: 'problem',
    docs: { description: "forbid importing another domain's repository" },
    schema: ALLOW_OPTION,
    messages: {
      foreign: "{{file}} (domain '{{domain}}') imports {{target}}, the repository of '{{owner}}': ask that domain's service instead (docs/architecture.md).",
    },
  },
  create(context) {
    const file = relative(context.filename);
    const domain = domainOf(file);
    if (domain === null) return {};
    const allowed = new Set((context.options[0]?.allow ?? []).filter((a) => a.file === file).map((a) => a.imports));
    function check(node, source) {
      if (typeof source !== 'string' || !source.startsWith('.') || !/\.repository(\.ts|\.js)?$/.test(source)) return;
      const target = relative(path.resolve(path.dirname(context.filename), source));
      const owner = domainOf(target);
      if (owner === null || owner === domain || allowed.has(target)) return;
      context.report({ node, messageId: 'foreign', data: { file, domain: domain || 'src', target, owner } });
    }
    return {
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value),
    };
  },
};
