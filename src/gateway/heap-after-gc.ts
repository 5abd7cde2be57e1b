import { constants, PerformanceObserver } from 'node:perf_hooks';
import { getHeapStatistics } from 'node:v8';
import { Gauge, type Registry } from 'prom-client';

/**
 * The V8 heap in use just after the last full (mark-compact) collection: the live data, without the garbage that
 * the heap-used gauge also counts between collections. This is the figure to watch for a leak (and the one the
 * latency benchmark prints round after round): heap used climbs and falls with the load, this one stays flat unless
 * something is kept. Returns a function that stops watching.
 */
export function watchHeapAfterMajorGc(registry: Registry): () => void {
  const gauge = new Gauge({
    name: 'aisp_nodejs_heap_after_major_gc_bytes',
    help: 'V8 heap in use just after the last full garbage collection (live data); 0 until the first one',
    registers: [registry],
  });
  gauge.set(0);
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const kind = (entry as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind;
      if (kind === constants.NODE_PERFORMANCE_GC_MAJOR) gauge.set(getHeapStatistics().used_heap_size);
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  return () => observer.disconnect();
}
