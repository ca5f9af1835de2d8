// Row type of the rate-limit counters (migrations/0015_rate_limit_counters.sql): the hits of
// one limited key in its current fixed window, shared by every portal process.
export interface RateLimitCountersTable {
  /** the route's namespace and what it counts (an address, a person), e.g. "GET /auth/login|203.0.113.5" */
  key: string;
  window_start: Date;
  reset_at: Date;
  hits: number;
}
