import { useState } from 'preact/hooks';
import { call } from '../api';
import { CacheTtlField, usePriceFields } from '../number-fields';
import {
  ActionForm,
  Badge,
  Card,
  ConfirmButton,
  CreatePanel,
  Field,
  formatTime,
  ListView,
  NewButton,
  optionalNumber,
  Page,
  parseList,
  TableHead,
  useAction,
  useListPage,
  useLoad,
} from '../ui';

interface Replica {
  replica_id: string;
  url: string;
  weight: number;
  timeout_ms: number | null;
  has_api_key: boolean;
}

interface Model {
  model_id: string;
  name: string;
  upstream_model: string;
  description: string;
  open_to_all: boolean;
  accounts: string[];
  rpm_limit: number | null;
  tpm_limit: number | null;
  moderation: boolean;
  status: 'running' | 'stopped';
  origin: string;
  fallback_model: string | null;
  /** The response cache: seconds an answer is kept, 0 for none. */
  cache_ttl_seconds: number;
  input_price_per_million_tokens: number | null;
  output_price_per_million_tokens: number | null;
  currency: string;
  price_windows: unknown[];
  replicas: Replica[];
  update_time: number;
}

/** The prices as a model card shows them: per million tokens, prompt / completion. */
function pricesText(model: Model): string {
  if (model.input_price_per_million_tokens === null && model.output_price_per_million_tokens === null) return 'none';
  const windows = model.price_windows.length > 0 ? ` (and ${model.price_windows.length} time windows)` : '';
  return `${model.input_price_per_million_tokens ?? 0} / ${model.output_price_per_million_tokens ?? 0} ${model.currency}${windows}`;
}

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** The samples of a Prometheus text exposition whose metric names are asked for. */
export function parseMetrics(text: string, names: string[]): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const match = /^([A-Za-z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)/.exec(line);
    if (!match || !names.includes(match[1]!)) continue;
    const labels: Record<string, string> = {};
    for (const l of (match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) {
      labels[l[1]!] = l[2]!.replace(/\\(.)/g, (_m, c: string) => (c === 'n' ? '\n' : c));
    }
    samples.push({ name: match[1]!, labels, value: Number(match[3]) });
  }
  return samples;
}

interface ReplicaHealth {
  up?: boolean;
  attempts: Record<string, number>;
}

/** Replica health from /metrics: in rotation or held out by its breaker, and upstream attempts by outcome. */
function healthByReplica(text: string): Map<string, ReplicaHealth> {
  const health = new Map<string, ReplicaHealth>();
  const entry = (deployment = '', replica = '') => {
    const key = `${deployment} ${replica}`;
    let h = health.get(key);
    if (!h) health.set(key, (h = { attempts: {} }));
    return h;
  };
  for (const s of parseMetrics(text, ['aisp_maas_replica_up', 'aisp_maas_upstream_attempts_total'])) {
    const h = entry(s.labels.deployment, s.labels.replica);
    if (s.name === 'aisp_maas_replica_up') h.up = s.value === 1;
    else h.attempts[s.labels.outcome ?? '?'] = (h.attempts[s.labels.outcome ?? '?'] ?? 0) + s.value;
  }
  return health;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** The operator's model deployments and the health of their replicas. */
export function ModelsPage() {
  const models = useLoad(
    () => call<{ total: number; models: Model[] }>('GET', '/operator/v1/maas/models', { operator: true }),
    [],
  );
  const metrics = useLoad(
    () =>
      call<string>('GET', '/metrics', { operator: true, text: true, headers: { Accept: 'text/plain' } }).then(
        healthByReplica,
      ),
    [],
  );
  const { creating, setCreating, notice, change, created } = useListPage(models.reload);

  const setStatus = (model: Model, status: Model['status']) =>
    change.run(`${model.name} ${status}.`, () =>
      call('PUT', `/operator/v1/maas/models/${encodeURIComponent(model.name)}`, {
        operator: true,
        body: {
          name: model.name,
          upstream_model: model.upstream_model,
          description: model.description,
          open_to_all: model.open_to_all,
          accounts: model.accounts,
          rpm_limit: model.rpm_limit,
          tpm_limit: model.tpm_limit,
          moderation: model.moderation,
          status,
          fallback_model: model.fallback_model,
          // PUT replaces the whole model: the cache and prices go back as they are.
          cache_ttl_seconds: model.cache_ttl_seconds,
          input_price_per_million_tokens: model.input_price_per_million_tokens,
          output_price_per_million_tokens: model.output_price_per_million_tokens,
          price_windows: model.price_windows,
          replicas: model.replicas.map((r) => ({
            url: r.url,
            weight: r.weight,
            ...(r.timeout_ms !== null ? { timeout_ms: r.timeout_ms } : {}),
          })),
        },
      }),
    );

  return (
    <Page
      title="Model deployments"
      actions={
        <>
          <button
            type="button"
            class="secondary"
            onClick={() => {
              void models.reload();
              void metrics.reload();
            }}
          >
            Refresh
          </button>
          <NewButton open={creating} onToggle={setCreating}>
            New model
          </NewButton>
        </>
      }
    >
      <p class="muted">
        The operator's models (the cloud's built-in services), each served by a pool of replicas. Health is this
        instance's view from <code>/metrics</code>: circuit breakers and upstream attempts since it started.
      </p>
      <CreatePanel open={creating} title="New model">
        <ModelForm onDone={(name) => created(`Model ${name} deployed.`)} />
      </CreatePanel>
      <ListView
        list={models}
        notice={notice}
        errors={[change.error, models.error, metrics.error]}
        isEmpty={(data) => data.models.length === 0}
        empty="No model deployments."
      >
        {(data) => (
          <div class="cards">
            {data.models.map((model) => {
              const keyed = model.replicas.some((r) => r.has_api_key);
              return (
                <Card key={model.model_id} class="model">
                  <header class="card-header">
                    <h2>{model.name}</h2>
                    <Badge tone={model.status === 'running' ? 'ok' : 'muted'}>{model.status}</Badge>
                    {model.origin === 'file' ? <Badge tone="info">models file</Badge> : null}
                  </header>
                  <dl class="facts">
                    <dt>Upstream model</dt>
                    <dd>{model.upstream_model}</dd>
                    <dt>Open to</dt>
                    <dd>{model.open_to_all ? 'all accounts' : model.accounts.join(', ') || 'no account'}</dd>
                    <dt>RPM / TPM per account</dt>
                    <dd>
                      {model.rpm_limit ?? '∞'} / {model.tpm_limit ?? '∞'}
                    </dd>
                    <dt>Content guard</dt>
                    <dd>{model.moderation ? 'on' : 'off'}</dd>
                    <dt>Prices per million tokens</dt>
                    <dd data-testid="model-prices">{pricesText(model)}</dd>
                    <dt>Response cache</dt>
                    <dd data-testid="model-cache-ttl">
                      {model.cache_ttl_seconds > 0 ? `${model.cache_ttl_seconds} s` : 'off'}
                    </dd>
                    {model.fallback_model ? (
                      <>
                        <dt>Fallback</dt>
                        <dd>{model.fallback_model}</dd>
                      </>
                    ) : null}
                    <dt>Updated</dt>
                    <dd>{formatTime(model.update_time)}</dd>
                  </dl>
                  <table class="table responsive">
                    <TableHead columns={['Replica', 'Weight', 'Health', 'Upstream attempts']} />
                    <tbody>
                      {model.replicas.map((r) => {
                        const h = metrics.data?.get(`${model.name} ${hostOf(r.url)}`);
                        // The gauge is set when a replica changes state; one that was called and never failed is up.
                        const called = h !== undefined && Object.keys(h.attempts).length > 0;
                        const up = h?.up ?? (called ? true : undefined);
                        return (
                          <tr key={r.replica_id}>
                            <td data-label="Replica" class="mono wrap">
                              {r.url}
                              {r.has_api_key ? <small class="muted"> (key set)</small> : null}
                            </td>
                            <td data-label="Weight">{r.weight}</td>
                            <td data-label="Health">
                              {up === undefined ? (
                                <Badge tone="muted">not called yet</Badge>
                              ) : up ? (
                                <Badge tone="ok">in rotation</Badge>
                              ) : (
                                <Badge tone="bad">held out</Badge>
                              )}
                            </td>
                            <td data-label="Upstream attempts">
                              {h && Object.keys(h.attempts).length > 0
                                ? Object.entries(h.attempts)
                                    .map(([outcome, n]) => `${outcome} ${n}`)
                                    .join(', ')
                                : '—'}
                            </td>
                          </tr>
                        );
                      })}
                    </tbody>
                  </table>
                  <div class="buttons">
                    {model.origin === 'file' ? (
                      <small class="muted">Declared in the models file: change it there.</small>
                    ) : (
                      <>
                        <button
                          type="button"
                          class="secondary small"
                          disabled={change.busy || keyed}
                          title={
                            keyed ? 'A replica has an API key the console cannot send back; use the operator API' : ''
                          }
                          onClick={() => setStatus(model, model.status === 'running' ? 'stopped' : 'running')}
                        >
                          {model.status === 'running' ? 'Stop' : 'Start'}
                        </button>
                        <ConfirmButton
                          label="Delete"
                          disabled={change.busy}
                          onConfirm={() =>
                            change.run(`Model ${model.name} deleted.`, () =>
                              call('DELETE', `/operator/v1/maas/models/${encodeURIComponent(model.name)}`, {
                                operator: true,
                              }),
                            )
                          }
                        />
                      </>
                    )}
                  </div>
                </Card>
              );
            })}
          </div>
        )}
      </ListView>
    </Page>
  );
}

function ModelForm(props: { onDone: (name: string) => void | Promise<void> }) {
  const [name, setName] = useState('');
  const [upstreamModel, setUpstreamModel] = useState('');
  const [replicas, setReplicas] = useState('');
  const [rpm, setRpm] = useState('');
  const [tpm, setTpm] = useState('');
  const [accounts, setAccounts] = useState('');
  const [guard, setGuard] = useState(true);
  const [description, setDescription] = useState('');
  const prices = usePriceFields();
  const [cacheTtl, setCacheTtl] = useState('');
  const save = useAction(async () => {
    const accountList = parseList(accounts);
    const created = await call<Model>('POST', '/operator/v1/maas/models', {
      operator: true,
      body: {
        name,
        ...(upstreamModel ? { upstream_model: upstreamModel } : {}),
        ...(description ? { description } : {}),
        ...(accountList.length > 0 ? { accounts: accountList, open_to_all: false } : {}),
        rpm_limit: optionalNumber(rpm),
        tpm_limit: optionalNumber(tpm),
        moderation: guard,
        ...prices.body(),
        cache_ttl_seconds: optionalNumber(cacheTtl),
        replicas: parseList(replicas).map((url) => ({ url })),
      },
    });
    await props.onDone(created.name);
  });
  return (
    <ActionForm action={save} submit="Deploy model">
      <div class="grid">
        <Field label="Name" hint="The model name clients send.">
          <input name="name" value={name} required onInput={(e) => setName(e.currentTarget.value)} />
        </Field>
        <Field label="Upstream model" hint="The name the replicas expect; default: the name.">
          <input value={upstreamModel} onInput={(e) => setUpstreamModel(e.currentTarget.value)} />
        </Field>
        <Field label="Replicas" hint="Base URLs of OpenAI-compatible servers, one a line.">
          <textarea name="replicas" rows={3} value={replicas} onInput={(e) => setReplicas(e.currentTarget.value)} />
        </Field>
        <Field label="Only for accounts" hint="Account names, one a line; empty: open to all.">
          <textarea rows={3} value={accounts} onInput={(e) => setAccounts(e.currentTarget.value)} />
        </Field>
        <Field label="RPM per account">
          <input inputMode="numeric" value={rpm} onInput={(e) => setRpm(e.currentTarget.value)} />
        </Field>
        <Field label="TPM per account">
          <input inputMode="numeric" value={tpm} onInput={(e) => setTpm(e.currentTarget.value)} />
        </Field>
        {prices.fields}
        <CacheTtlField value={cacheTtl} onInput={setCacheTtl} />
        <Field label="Description" wide>
          <input value={description} onInput={(e) => setDescription(e.currentTarget.value)} />
        </Field>
      </div>
      <label class="check">
        <input type="checkbox" checked={guard} onChange={(e) => setGuard(e.currentTarget.checked)} />
        Content guard on calls by model name
      </label>
    </ActionForm>
  );
}
