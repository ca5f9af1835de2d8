// Lint: ESLint's and typescript-eslint's recommended rules over the TypeScript sources, and
// the domain boundaries of docs/architecture.md (the local rules in eslint-rules/).
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import boundaries from './eslint-rules/index.js';
import { foreignRepositoryImports, foreignTables } from './eslint-rules/boundary-allowlist.js';

export default tseslint.config(
  { ignores: ['node_modules/', 'data/', 'coverage/', 'public/', 'dist/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  // scripts that run in the browser (progressive enhancement only)
  { files: ['**/*.client.js', 'public/**/*.js'], languageOptions: { globals: globals.browser } },
  // the lint rules themselves and the build scripts run in Node
  { files: ['eslint-rules/**/*.js', 'scripts/**/*.mjs'], languageOptions: { globals: globals.node } },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  // one owner per table; a domain asks another's service, never its repository
  {
    files: ['src/**/*.ts'],
    plugins: { local: boundaries },
    rules: {
      'local/no-foreign-repository': ['error', { allow: foreignRepositoryImports }],
      'local/no-foreign-table': ['error', { allow: foreignTables }],
    },
  },
  // sizes a newcomer can read: no source file over 500 lines (the message catalogues are lists
  // of texts, not logic) and no function over 120
  {
    files: ['src/**/*.ts'],
    ignores: ['src/**/*messages.ts'],
    rules: {
      'max-lines': ['error', { max: 500 }],
      'max-lines-per-function': ['error', { max: 120 }],
    },
  },
);
