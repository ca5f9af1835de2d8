import { defineConfig } from 'vitest/config';

// Browser tests: Playwright (playwright-core) driving Debian's Chromium against the real
// portal listening on a local port. One file at a time: a browser and a portal each.
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.e2e.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 90_000,
    globalSetup: ['tests/setup/database-templates.ts'],
    fileParallelism: false,
  },
});
