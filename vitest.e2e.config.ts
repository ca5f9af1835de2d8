import { defineConfig } from 'vitest/config';

// Browser tests: Playwright (playwright-core) driving Debian's Chromium against the real
// portal listening on a local port. Each file has its own browser and portal on free ports, so
// two files run side by side: on two cores that nearly halves the suite (CI has 30 minutes),
// and it passed that way under a load average of 16-20 (2026-12-04).
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
