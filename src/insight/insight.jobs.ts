// The job that writes service insight's counters: in every process (each holds its own in
// memory), every INSIGHT_FLUSH_SECONDS, and once more when the process stops, so that a clean
// shutdown loses nothing; a crash loses what the last seconds counted.
import type { InsightService } from './insight.service.ts';

export function insightFlusher(insight: Pick<InsightService, 'flush'>, intervalMs: number, log: { warn(obj: object, msg: string): void }) {
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> = Promise.resolve();
  let stopped = false;
  const flush = () =>
    insight
      .flush()
      .then(() => undefined)
      .catch((error: unknown) => log.warn({ err: error }, 'insight: counters not written, kept for the next flush'));

  function schedule(): void {
    if (stopped) return;
    timer = setTimeout(() => {
      running = flush().finally(schedule);
    }, intervalMs);
    timer.unref();
  }

  return {
    start(): void {
      stopped = false;
      schedule();
    },
    async stop(): Promise<void> {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
      await flush();
    },
  };
}
