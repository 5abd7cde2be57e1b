import type { Registry } from 'prom-client';

/** A metric as prom-client's registry reads it at scrape time (the shape its own metrics' `get()` answers). */
interface MetricValues {
  name: string;
  help: string;
  type: 'counter' | 'histogram';
  values: { value: number; labels: Record<string, string | number>; metricName?: string }[];
  aggregator: 'sum';
}

/**
 * Counters and histograms for the request path, exposed through prom-client's registry at `/metrics`. prom-client's
 * own label children validate and hash their labels on every inc() and observe(); these children are made once per
 * label set and then only add numbers, so that metering a call costs nanoseconds. The registry still formats and
 * serves them (and any other metric) as usual.
 */
abstract class BoundMetric<Child> {
  protected readonly children = new Map<string, { labels: string[]; child: Child }>();

  constructor(
    registry: Registry,
    readonly name: string,
    readonly help: string,
    protected readonly labelNames: readonly string[],
  ) {
    registry.registerMetric(this as never);
  }

  protected abstract make(): Child;

  /** The child for these label values (in `labelNames` order); keep it where it is used often. */
  labels(...values: string[]): Child {
    const key = values.length === 1 ? values[0]! : values.join('\u0000');
    let entry = this.children.get(key);
    if (!entry) this.children.set(key, (entry = { labels: values, child: this.make() }));
    return entry.child;
  }

  protected labelObject(values: readonly string[]): Record<string, string> {
    const labels: Record<string, string> = {};
    this.labelNames.forEach((name, i) => (labels[name] = values[i]!));
    return labels;
  }

  /** prom-client's registry calls this on reset. */
  reset(): void {
    this.children.clear();
  }
}

export interface CounterChild {
  inc(value?: number): void;
}

class CounterValue implements CounterChild {
  value = 0;
  inc(value = 1): void {
    this.value += value;
  }
}

export class BoundCounter extends BoundMetric<CounterChild> {
  protected make(): CounterChild {
    return new CounterValue();
  }

  async get(): Promise<MetricValues> {
    const values = [...this.children.values()].map(({ labels, child }) => ({
      value: (child as CounterValue).value,
      labels: this.labelObject(labels),
    }));
    return { name: this.name, help: this.help, type: 'counter', values, aggregator: 'sum' };
  }
}

export interface HistogramChild {
  observe(value: number): void;
}

class HistogramValue implements HistogramChild {
  readonly counts: Float64Array;
  sum = 0;
  count = 0;

  constructor(private readonly bounds: readonly number[]) {
    this.counts = new Float64Array(bounds.length);
  }

  observe(value: number): void {
    if (!Number.isFinite(value)) return;
    this.sum += value;
    this.count++;
    const bounds = this.bounds;
    for (let i = 0; i < bounds.length; i++) {
      if (value <= bounds[i]!) {
        this.counts[i]!++;
        return;
      }
    }
  }
}

export class BoundHistogram extends BoundMetric<HistogramChild> {
  constructor(
    registry: Registry,
    name: string,
    help: string,
    labelNames: readonly string[],
    private readonly buckets: readonly number[],
  ) {
    super(registry, name, help, labelNames);
  }

  protected make(): HistogramChild {
    return new HistogramValue(this.buckets);
  }

  async get(): Promise<MetricValues> {
    const values: MetricValues['values'] = [];
    for (const { labels, child } of this.children.values()) {
      const histogram = child as HistogramValue;
      const base = this.labelObject(labels);
      let cumulative = 0;
      this.buckets.forEach((bound, i) => {
        cumulative += histogram.counts[i]!;
        values.push({ value: cumulative, labels: { ...base, le: bound }, metricName: `${this.name}_bucket` });
      });
      values.push({ value: histogram.count, labels: { ...base, le: '+Inf' }, metricName: `${this.name}_bucket` });
      values.push({ value: histogram.sum, labels: base, metricName: `${this.name}_sum` });
      values.push({ value: histogram.count, labels: base, metricName: `${this.name}_count` });
    }
    return { name: this.name, help: this.help, type: 'histogram', values, aggregator: 'sum' };
  }
}
