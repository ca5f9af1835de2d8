import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // two cores: PGlite instances are heavy, keep a couple of files at a time
    maxWorkers: 2,
    minWorkers: 1,
  },
});
