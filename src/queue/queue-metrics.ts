import { Gauge, type Registry } from 'prom-client';
import { BoundHistogram } from '../gateway/bound-metrics.js';
import type { JobQueue, JobType } from './job-queue.js';

const unfinished = ['queuing', 'running'] as const;

/**
 * The background queue's metrics at /metrics: its depth by job kind and state (queuing, running), counted in the
 * database when scraped (one grouped count over the status index: the queue is shared by every instance, so no
 * instance's own count would be right), and how long jobs took from their claim to their end, by kind and outcome.
 */
export function installQueueMetrics(
  registry: Registry,
  queue: JobQueue,
  kinds: readonly JobType[],
): (kind: JobType, outcome: string, seconds: number) => void {
  new Gauge({
    name: 'aisp_jobs',
    help: 'Unfinished background jobs, by kind and state (counted when scraped)',
    labelNames: ['kind', 'state'],
    registers: [registry],
    async collect() {
      // A database that does not answer leaves the gauge empty rather than failing the whole scrape.
      const counts = await queue.unfinishedCounts().catch(() => undefined);
      this.reset();
      if (!counts) return;
      for (const kind of kinds) for (const state of unfinished) this.set({ kind, state }, 0);
      for (const { type, status, count } of counts) this.set({ kind: type, state: status }, count);
    },
  });
  const durations = new BoundHistogram(
    registry,
    'aisp_job_duration_seconds',
    'Background jobs from their claim by a worker to their end, by kind and outcome',
    ['kind', 'outcome'],
    [0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600, 14_400],
  );
  return (kind, outcome, seconds) => durations.labels(kind, outcome).observe(seconds);
}
