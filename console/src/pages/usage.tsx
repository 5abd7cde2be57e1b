import { useEffect, useMemo, useState } from 'preact/hooks';
import { call, projectPath } from '../api';
import { type ChartSeries, TimeChart } from '../chart';
import { Empty, ErrorNote, Field, formatNumber, Page, TableHead, useLoad } from '../ui';

interface Figures {
  total_request_count: number;
  total_error_count: number;
  total_token: number;
  total_prompt_token: number;
  total_completion_token: number;
  /** What the calls cost at their models' prices (an extension of the statistics APIs), in `currency`. */
  cost: number;
  currency: string;
}

/** An amount of the prices' currency, to the millionth as the statistics give it. */
export function formatSpend(figures: Pick<Figures, 'cost' | 'currency'>): string {
  return `${formatNumber(figures.cost, 6)} ${figures.currency}`;
}

interface ServiceFigures extends Figures {
  service_id: string;
  service_name: string;
  service_type: number;
  failure_rate: number;
  average_latency_ms: number;
}

interface ChartPoint extends ServiceFigures {
  timestamp: number;
  rpm: number;
  tpm: number;
}

const ranges = [
  { label: 'Last 15 minutes', ms: 15 * 60_000 },
  { label: 'Last hour', ms: 3600_000 },
  { label: 'Last 6 hours', ms: 6 * 3600_000 },
  { label: 'Last 24 hours', ms: 86_400_000 },
  { label: 'Last 7 days', ms: 7 * 86_400_000 },
  { label: 'Last 30 days', ms: 30 * 86_400_000 },
];
const serviceTypes = [
  { value: 3, label: 'Custom endpoints' },
  { value: 2, label: 'Operator models (by name)' },
  { value: 1, label: 'My services' },
];
/** Keys drawn as lines of their own in the per-key chart (each is one more statistics call). */
const keysCharted = 6;
const palette = ['#2563eb', '#dc2626', '#059669', '#d97706', '#7c3aed', '#0891b2', '#db2777'];
const monitoring = (rest: string) => projectPath('v1', `maas/monitoring/${rest}`);

/** Usage from the statistics API (show-statistics, list-service-statistics, show-detail-chart), refreshed live. */
export function UsagePage() {
  const initialEndpoint = new URLSearchParams(location.search).get('endpoint') ?? '';
  const [rangeMs, setRangeMs] = useState(3600_000);
  const [serviceType, setServiceType] = useState(3);
  const [keyLabel, setKeyLabel] = useState('');
  const [selected, setSelected] = useState(initialEndpoint);
  const [live, setLive] = useState(true);
  const [tick, setTick] = useState(0);
  const [updatedAt, setUpdatedAt] = useState<number | undefined>();

  useEffect(() => {
    if (!live) return;
    const timer = setInterval(() => setTick((t) => t + 1), 10_000);
    return () => clearInterval(timer);
  }, [live]);

  const keys = useLoad(
    () =>
      call<{ api_keys: { label: string }[] }>('GET', `${projectPath('v2', 'maas/api-auth/api-keys')}?limit=100`).then(
        (r) => r.api_keys.map((k) => k.label),
      ),
    [],
  );
  const span = () => {
    const end = Date.now();
    return { start_time: end - rangeMs, end_time: end, ...(keyLabel ? { api_keys: [keyLabel] } : {}) };
  };

  const overview = useLoad(async () => {
    const body = span();
    const [totals, services] = await Promise.all([
      call<Figures>('POST', monitoring('show-statistics'), {
        body: { ...body, service_type: serviceType, infer_type: 'real_time' },
      }),
      call<{ items: ServiceFigures[] }>('POST', monitoring('list-service-statistics'), {
        body: { ...body, service_type: serviceType },
      }),
    ]);
    setUpdatedAt(Date.now());
    return { totals, services: services.items };
  }, [rangeMs, serviceType, keyLabel, tick]);

  // Spend and tokens per API key label (the first few keys; one statistics call each), across the services shown.
  const byKey = useLoad(async () => {
    const labels = keyLabel ? [keyLabel] : (keys.data ?? []).slice(0, keysCharted);
    const end = Date.now();
    const totals = await Promise.all(
      labels.map((label) =>
        call<Figures>('POST', monitoring('show-statistics'), {
          body: {
            start_time: end - rangeMs,
            end_time: end,
            api_keys: [label],
            service_type: serviceType,
            infer_type: 'real_time',
          },
        }),
      ),
    );
    return labels.map((label, i) => ({ label, figures: totals[i]! }));
  }, [rangeMs, serviceType, keyLabel, tick, keys.data]);

  const services = overview.data?.services ?? [];
  const chartedId = selected || services[0]?.service_id || '';
  const chartedName = services.find((s) => s.service_id === chartedId)?.service_name ?? chartedId;

  const detail = useLoad(async () => {
    if (!chartedId) return undefined;
    const body = { ...span(), service_type: serviceType };
    const chart = (extra: Record<string, unknown>) =>
      call<{ interval: number; items: ChartPoint[] }>(
        'POST',
        monitoring(`${encodeURIComponent(chartedId)}/show-detail-chart`),
        {
          body: { ...body, ...extra },
        },
      );
    const labels = keyLabel ? [keyLabel] : (keys.data ?? []).slice(0, keysCharted);
    const [all, ...perKey] = await Promise.all([chart({}), ...labels.map((label) => chart({ api_keys: [label] }))]);
    return { all: all!, perKey: labels.map((label, i) => ({ label, items: perKey[i]!.items })) };
  }, [chartedId, rangeMs, serviceType, keyLabel, tick, keys.data]);

  return (
    <Page
      title="Usage"
      actions={
        <>
          <label class="check inline">
            <input type="checkbox" checked={live} onChange={(e) => setLive(e.currentTarget.checked)} />
            Live (every 10 s)
          </label>
          <button type="button" class="secondary" onClick={() => setTick((t) => t + 1)}>
            Refresh
          </button>
        </>
      }
    >
      <div class="filters">
        <Field label="Period">
          <select value={rangeMs} onChange={(e) => setRangeMs(Number(e.currentTarget.value))}>
            {ranges.map((r) => (
              <option value={r.ms} key={r.ms}>
                {r.label}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Calls to">
          <select
            value={serviceType}
            onChange={(e) => {
              setServiceType(Number(e.currentTarget.value));
              setSelected('');
            }}
          >
            {serviceTypes.map((t) => (
              <option value={t.value} key={t.value}>
                {t.label}
              </option>
            ))}
          </select>
        </Field>
        <Field label="API key">
          <select name="api_key" value={keyLabel} onChange={(e) => setKeyLabel(e.currentTarget.value)}>
            <option value="">All keys</option>
            {(keys.data ?? []).map((label) => (
              <option value={label} key={label}>
                {label}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <ErrorNote error={overview.error} />
      {overview.data ? (
        <div class="stats" data-testid="usage-totals">
          <Stat label="Calls" value={formatNumber(overview.data.totals.total_request_count)} testId="total-calls" />
          <Stat label="Errors" value={formatNumber(overview.data.totals.total_error_count)} testId="total-errors" />
          <Stat label="Tokens" value={formatNumber(overview.data.totals.total_token * 1000)} testId="total-tokens" />
          <Stat
            label="Prompt / completion"
            value={`${formatNumber(overview.data.totals.total_prompt_token * 1000)} / ${formatNumber(
              overview.data.totals.total_completion_token * 1000,
            )}`}
          />
          <Stat label="Spend" value={formatSpend(overview.data.totals)} testId="total-spend" />
        </div>
      ) : null}
      {updatedAt ? <p class="muted small">Updated {new Date(updatedAt).toLocaleTimeString()}</p> : null}

      {services.length === 0 && overview.data ? (
        <Empty>No calls in this period.</Empty>
      ) : services.length > 0 ? (
        <table class="table responsive selectable" data-testid="usage-services">
          <TableHead columns={['Name', 'Calls', 'Failure rate', 'Tokens', 'Spend', 'Avg latency']} />
          <tbody>
            {services.map((s) => (
              <tr
                key={s.service_id}
                data-service={s.service_name}
                aria-selected={s.service_id === chartedId}
                tabIndex={0}
                onClick={() => setSelected(s.service_id)}
                onKeyDown={(e) => (e.key === 'Enter' || e.key === ' ') && setSelected(s.service_id)}
              >
                <td data-label="Name">
                  <strong>{s.service_name}</strong>
                </td>
                <td data-label="Calls">{formatNumber(s.total_request_count)}</td>
                <td data-label="Failure rate">{s.failure_rate}%</td>
                <td data-label="Tokens">{formatNumber(s.total_token * 1000)}</td>
                <td data-label="Spend">{formatSpend(s)}</td>
                <td data-label="Avg latency">{formatNumber(s.average_latency_ms)} ms</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}

      <ErrorNote error={byKey.error} />
      {byKey.data && byKey.data.some((k) => k.figures.total_request_count > 0) ? (
        <table class="table responsive" data-testid="usage-keys">
          <TableHead columns={['API key', 'Calls', 'Tokens', 'Spend']} />
          <tbody>
            {byKey.data.map(({ label, figures }) => (
              <tr key={label} data-key={label}>
                <td data-label="API key">
                  <strong>{label}</strong>
                </td>
                <td data-label="Calls">{formatNumber(figures.total_request_count)}</td>
                <td data-label="Tokens">{formatNumber(figures.total_token * 1000)}</td>
                <td data-label="Spend">{formatSpend(figures)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}

      <ErrorNote error={detail.error} />
      {detail.data ? <Charts name={chartedName} detail={detail.data} keyLabel={keyLabel} /> : null}
    </Page>
  );
}

function Stat(props: { label: string; value: string; testId?: string }) {
  return (
    <div class="stat">
      <span class="stat-label">{props.label}</span>
      <span class="stat-value" data-testid={props.testId}>
        {props.value}
      </span>
    </div>
  );
}

function Charts(props: {
  name: string;
  keyLabel: string;
  detail: { all: { interval: number; items: ChartPoint[] }; perKey: { label: string; items: ChartPoint[] }[] };
}) {
  const items = props.detail.all.items;
  const times = useMemo(() => items.map((p) => p.timestamp), [items]);
  const calls: ChartSeries[] = useMemo(
    () => [
      { label: 'Calls', values: items.map((p) => p.total_request_count), color: palette[0]! },
      { label: 'Errors', values: items.map((p) => p.total_error_count), color: palette[1]! },
    ],
    [items],
  );
  const tokens: ChartSeries[] = useMemo(
    () => [
      { label: 'Prompt tokens', values: items.map((p) => Math.round(p.total_prompt_token * 1000)), color: palette[2]! },
      {
        label: 'Completion tokens',
        values: items.map((p) => Math.round(p.total_completion_token * 1000)),
        color: palette[3]!,
      },
    ],
    [items],
  );
  const latency: ChartSeries[] = useMemo(
    () => [
      {
        label: 'Average latency (ms)',
        values: items.map((p) => (p.total_request_count > 0 ? p.average_latency_ms : null)),
        color: palette[4]!,
        points: true,
      },
    ],
    [items],
  );
  const currency = items[0]?.currency ?? '';
  const spend: ChartSeries[] = useMemo(
    () => [{ label: `Spend (${currency})`, values: items.map((p) => p.cost), color: palette[5]! }],
    [items, currency],
  );
  const perKey: ChartSeries[] = useMemo(
    () =>
      props.detail.perKey.map((k, i) => {
        const byTime = new Map(k.items.map((p) => [p.timestamp, p.total_request_count]));
        return {
          label: k.label,
          values: times.map((t) => byTime.get(t) ?? 0),
          color: palette[(i + 2) % palette.length]!,
        };
      }),
    [props.detail.perKey, times],
  );
  const totalCalls = items.reduce((sum, p) => sum + p.total_request_count, 0);
  const minutes = props.detail.all.interval / 60;
  return (
    <section class="charts" data-testid="usage-charts" data-service={props.name} data-total-calls={totalCalls}>
      <h2>
        {props.name}{' '}
        <small class="muted">
          {totalCalls} calls{props.keyLabel ? ` with key ${props.keyLabel}` : ''}, per{' '}
          {minutes < 60 ? `${minutes} min` : `${minutes / 60} h`}
        </small>
      </h2>
      <div class="chart-grid">
        <TimeChart title="Calls and errors" times={times} series={calls} unit="calls" />
        <TimeChart title="Tokens" times={times} series={tokens} unit="tokens" />
        <TimeChart title="Latency" times={times} series={latency} unit="ms" />
        <TimeChart title="Spend" times={times} series={spend} unit={currency} />
        {perKey.length > 0 ? <TimeChart title="Calls by API key" times={times} series={perKey} unit="calls" /> : null}
      </div>
    </section>
  );
}
