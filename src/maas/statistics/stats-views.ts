import { currencyAmount, priceCurrency } from '../pricing/prices.js';
import type { Sums } from './stats-queries.js';

/** Tokens in thousands, as the cloud's statistics show them (Double). */
export function thousands(tokens: number): number {
  return Math.round(tokens) / 1000;
}

/** Failed calls as a percentage of calls, two decimals. */
export function failureRate(sums: Sums): number {
  return sums.calls === 0 ? 0 : Math.round((sums.errors / sums.calls) * 10_000) / 100;
}

/** The figures of a span, in the field names of show-statistics. */
export function figures(sums: Sums) {
  return {
    total_request_count: sums.calls,
    total_error_count: sums.errors,
    failure_rate: failureRate(sums),
    total_token: thousands(sums.promptTokens + sums.completionTokens),
    total_prompt_token: thousands(sums.promptTokens),
    total_completion_token: thousands(sums.completionTokens),
    average_latency_ms: sums.calls === 0 ? 0 : Math.round(sums.latencyMs / sums.calls),
    ...spend(sums),
  };
}

/** Extension fields: what the calls cost at their models' prices, beside their tokens. */
export function spend(sums: Sums) {
  return { cost: currencyAmount(sums.costNanos), currency: priceCurrency };
}

/** Offset of a time zone from UTC at an instant, in ms (positive east of Greenwich). */
function zoneOffsetMs(timeZone: string, at: number): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(at));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const local = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return local - (at - (at % 1000));
}

/** The start of the bucket of `intervalMs` an instant falls in; days (and hours) start at the zone's boundaries. */
export function bucketStart(at: number, intervalMs: number, timeZone: string): number {
  const offset = timeZone === 'UTC' ? 0 : zoneOffsetMs(timeZone, at);
  return Math.floor((at + offset) / intervalMs) * intervalMs - offset;
}

/** A chart interval that keeps a span to a few hundred points at most: a minute, five, an hour or a day. */
export function chartInterval(spanMs: number): number {
  if (spanMs <= 6 * 3600_000) return 60_000;
  if (spanMs <= 24 * 3600_000) return 300_000;
  if (spanMs <= 7 * 86_400_000) return 3600_000;
  return 86_400_000;
}

/** Per-minute sums gathered into buckets, each with its rates: calls and tokens per minute, calls per second. */
export function chartPoints(
  minutes: (Sums & { minute: number })[],
  span: { startMs: number; endMs: number },
  intervalMs: number,
  timeZone: string,
) {
  const buckets = new Map<number, Sums>();
  for (let t = bucketStart(span.startMs, intervalMs, timeZone); t <= span.endMs; t += intervalMs) {
    buckets.set(t, { calls: 0, errors: 0, promptTokens: 0, completionTokens: 0, latencyMs: 0, costNanos: 0 });
  }
  for (const m of minutes) {
    const key = bucketStart(m.minute, intervalMs, timeZone);
    const bucket = buckets.get(key);
    if (!bucket) continue;
    bucket.calls += m.calls;
    bucket.errors += m.errors;
    bucket.promptTokens += m.promptTokens;
    bucket.completionTokens += m.completionTokens;
    bucket.latencyMs += m.latencyMs;
    bucket.costNanos += m.costNanos;
  }
  const perMinute = intervalMs / 60_000;
  return [...buckets].map(([timestamp, sums]) => ({
    timestamp,
    ...figures(sums),
    rpm: Math.round((sums.calls / perMinute) * 100) / 100,
    tpm: Math.round(((sums.promptTokens + sums.completionTokens) / perMinute) * 100) / 100,
    qps: Math.round((sums.calls / (intervalMs / 1000)) * 1000) / 1000,
  }));
}
