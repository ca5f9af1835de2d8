// The settings of service insight (listed with the others in src/config.ts and .env.example;
// docs/service-insight.md explains them): the smallest count a page may show, and how often
// the counters held in memory are written.
export interface InsightConfig {
  /** counts below this are shown as "fewer than N", and percentages over or of them not at all */
  readonly minCount: number;
  /** milliseconds between two writes of the counters held in memory */
  readonly flushMs: number;
}

export interface InsightEnv {
  INSIGHT_MIN_COUNT: number;
  INSIGHT_FLUSH_SECONDS: number;
}

export function insightConfig(env: InsightEnv): InsightConfig {
  return Object.freeze({ minCount: env.INSIGHT_MIN_COUNT, flushMs: env.INSIGHT_FLUSH_SECONDS * 1000 });
}
