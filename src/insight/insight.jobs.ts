// The job that writes service insight's counters: in every process (each holds its own in
// memory), every INSIGHT_FLUSH_SECONDS, and once more when the process stops, so that a clean
// shutdown loses nothing; a crash loses what the last seconds counted.
import { replicaLoop } from '../platform/jobs.ts';
import type { InsightService } from './insight.service.ts';

export function insightFlusher(insight: Pick<InsightService, 'flush'>, intervalMs: number, log: { warn(obj: object, msg: string): void }) {
  return replicaLoop(() => insight.flush(), intervalMs, log, 'insight: counters not written, kept for the next flush', { runOnStop: true });
}
