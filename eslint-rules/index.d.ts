// Types of the local lint rules' module, for the TypeScript tests that use it.
import type { ESLint, Rule } from 'eslint';

export const noForeignRepository: Rule.RuleModule;
export const noForeignTable: Rule.RuleModule;
export const foreignRepositoryImports: readonly { file: string; imports: string }[];
export const foreignTables: readonly { file: string; table: string }[];
export const root: string;
export function knownTables(base?: string): Set<string>;
export function namedTables(text: string, tables: Set<string>): Map<string, number>;
export function tableOwners(base?: string): Map<string, { repository: string; domain: string }>;
export function isRepository(file: string): boolean;
declare const plugin: ESLint.Plugin;
export default plugin;
