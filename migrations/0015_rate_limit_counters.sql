-- Rate limits shared by every portal process (src/platform/rate-limit-store.ts): one row per
-- limited thing (a route's namespace and the address or person it counts), with the hits of
-- its current fixed window. A window whose reset_at has passed starts again at the next hit;
-- rows past it are pruned.
create table rate_limit_counters (
  key text primary key,
  window_start timestamptz not null,
  reset_at timestamptz not null,
  hits integer not null
);
create index rate_limit_counters_reset_at on rate_limit_counters (reset_at);
