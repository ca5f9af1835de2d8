import { defineConfig } from 'vitest/config';

// Browser tests: Playwright (playwright-core) driving Debian's Chromium against the real
// portal listening on a local port. One file at a time: a browser and a portal each.
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.e2e.test.ts'],
    // generous: a busy two-core machine runs axe on every page (no test here is a timing check)
    testTimeout: 120_000,
    hookTimeout: 90_000,
    globalSetup: ['tests/setup/database-templates.ts'],
    maxWorkers: 2,
    minWorkers: 1,
  },
});
