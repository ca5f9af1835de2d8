import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // migrates and seeds the template databases once; each file clones one (tests/helpers/database.ts)
    globalSetup: ['tests/setup/database-templates.ts'],
    // Files share a worker's loaded modules instead of importing the whole portal again each
    // (that import was the largest cost per file); each still has its own database and app.
    isolate: false,
    // two cores: PGlite instances are heavy, keep a couple of files at a time
    maxWorkers: 2,
    minWorkers: 1,
  },
});
