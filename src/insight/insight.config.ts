// The settings of service insight (listed with the others in src/config.ts and .env.example;
// docs/service-insight.md explains them): the smallest count a page may show, and how often
// the counters held in memory are written.
import { z } from 'zod';
export interface InsightConfig {
  /** counts below this are shown as "fewer than N", and percentages over or of them not at all */
  readonly minCount: number;
  /** milliseconds between two writes of the counters held in memory */
  readonly flushMs: number;
}

/** The keys of the environment, described (src/config.ts spreads them into its schema). */
export const insightEnv = {
  INSIGHT_MIN_COUNT: z.coerce.number().int().min(1).max(1000).default(5).describe('the smallest count the insight pages show: below it "fewer than N", and no percentage over or of it'),
  INSIGHT_FLUSH_SECONDS: z.coerce.number().int().min(1).max(3600).default(10).describe('seconds between two writes of the insight counters held in memory (a crash loses at most these)'),
};

export interface InsightEnv {
  INSIGHT_MIN_COUNT: number;
  INSIGHT_FLUSH_SECONDS: number;
}

export function insightConfig(env: InsightEnv): InsightConfig {
  return Object.freeze({ minCount: env.INSIGHT_MIN_COUNT, flushMs: env.INSIGHT_FLUSH_SECONDS * 1000 });
}
