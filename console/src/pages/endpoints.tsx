import { Fragment } from 'preact';
import { useState } from 'preact/hooks';
import { call, projectPath } from '../api';
import { CacheTtlField } from '../number-fields';
import {
  ActionForm,
  Badge,
  ConfirmButton,
  CreatePanel,
  ErrorNote,
  Field,
  formatTime,
  IdText,
  Link,
  ListView,
  NewButton,
  optionalNumber,
  Page,
  TableHead,
  useAction,
  useListPage,
  useLoad,
} from '../ui';

export interface Endpoint {
  id: string;
  endpoint_name: string;
  source: 'custom_from_maas' | 'custom_from_modelarts_v2';
  status: 'running' | 'stopped';
  served_model_name: string;
  infer_service_id: string | null;
  rpm: number | null;
  tpm: number | null;
  remark: string;
  moderation: boolean;
  /** The response cache: seconds an answer is kept, 0 for none. */
  cache_ttl_seconds: number;
  create_time: number;
  update_time: number;
}

interface EndpointList {
  total: number;
  items: Endpoint[];
  quantity_limit: number;
}

interface Agreement {
  agreement_id: string;
  agreement_data: string;
  close_notice: string;
}

const endpointsPath = () => projectPath('v1', 'maas/services/custom-endpoint/endpoint');
const pageSize = 20;

export function listEndpoints(offset = 0, limit = 100): Promise<EndpointList> {
  return call<EndpointList>('GET', `${endpointsPath()}?offset=${offset}&limit=${limit}`);
}

export function EndpointsPage() {
  const [offset, setOffset] = useState(0);
  const [editing, setEditing] = useState<string | undefined>();
  const list = useLoad(() => listEndpoints(offset, pageSize), [offset]);

  const { creating, setCreating, notice, setNotice, change, created } = useListPage(list.reload);

  const control = (endpoint: Endpoint, action: 'activate' | 'deactivate') =>
    change.run(`${endpoint.endpoint_name} ${action === 'activate' ? 'enabled' : 'disabled'}.`, () =>
      call('PUT', projectPath('v1', `maas/services/custom-endpoint/control/${endpoint.id}`), { body: { action } }),
    );
  const remove = (endpoint: Endpoint) =>
    change.run(`${endpoint.endpoint_name} deleted (its name stays taken for good).`, () =>
      call('DELETE', `${endpointsPath()}/${endpoint.id}`),
    );

  return (
    <Page
      title="Custom endpoints"
      actions={
        <NewButton open={creating} onToggle={setCreating}>
          New endpoint
        </NewButton>
      }
    >
      <p class="muted">
        Named endpoints in front of an operator model or one of your services, with their own rate limits and the
        content guard. Clients call them with an <Link to="/maas/api-keys">API key</Link> as the <code>model</code> of
        the OpenAI-compatible API (<code>POST /v1/chat/completions</code>).
      </p>
      <CreatePanel open={creating} title="New endpoint">
        <EndpointForm onDone={(name) => created(`Endpoint ${name} created.`)} />
      </CreatePanel>
      <ListView
        list={list}
        notice={notice}
        errors={[change.error, list.error]}
        summary={(data) => (
          <p class="muted">
            {data.total} of {data.quantity_limit} endpoints in the account.
          </p>
        )}
        isEmpty={(data) => data.items.length === 0}
        empty="No endpoints yet."
        footer={(data) => <Pager offset={offset} total={data.total} size={pageSize} onChange={setOffset} />}
      >
        {(data) => (
          <table class="table responsive" data-testid="endpoints">
            <TableHead
              columns={['Name', 'Status', 'Serves', 'RPM / TPM', 'Guard', 'Cache', 'Remark', 'Created']}
              actions
            />
            <tbody>
              {data.items.map((endpoint) => (
                <Fragment key={endpoint.id}>
                  <tr data-endpoint={endpoint.endpoint_name}>
                    <td data-label="Name">
                      <strong>{endpoint.endpoint_name}</strong>
                      <br />
                      <small class="muted">
                        <IdText id={endpoint.id} what="endpoint id" />
                      </small>
                    </td>
                    <td data-label="Status">
                      <Badge tone={endpoint.status === 'running' ? 'ok' : 'muted'}>{endpoint.status}</Badge>
                    </td>
                    <td data-label="Serves">
                      {endpoint.served_model_name}
                      <br />
                      <small class="muted">
                        {endpoint.source === 'custom_from_maas' ? 'operator model' : 'my service'}
                      </small>
                    </td>
                    <td data-label="RPM / TPM">
                      {endpoint.rpm ?? '∞'} / {endpoint.tpm ?? '∞'}
                    </td>
                    <td data-label="Guard">
                      <Badge tone={endpoint.moderation ? 'info' : 'warn'}>{endpoint.moderation ? 'on' : 'off'}</Badge>
                    </td>
                    <td data-label="Cache" data-testid="endpoint-cache-ttl">
                      {endpoint.cache_ttl_seconds > 0 ? `${endpoint.cache_ttl_seconds} s` : 'off'}
                    </td>
                    <td data-label="Remark">{endpoint.remark || <span class="muted">—</span>}</td>
                    <td data-label="Created">{formatTime(endpoint.create_time)}</td>
                    <td class="actions">
                      <button
                        type="button"
                        class="secondary small"
                        onClick={() => setEditing(editing === endpoint.id ? undefined : endpoint.id)}
                      >
                        Edit
                      </button>
                      {endpoint.status === 'running' ? (
                        <button
                          type="button"
                          class="secondary small"
                          disabled={change.busy}
                          onClick={() => control(endpoint, 'deactivate')}
                        >
                          Disable
                        </button>
                      ) : (
                        <button
                          type="button"
                          class="secondary small"
                          disabled={change.busy}
                          onClick={() => control(endpoint, 'activate')}
                        >
                          Enable
                        </button>
                      )}
                      <Link class="button secondary small" to={`/maas/usage?endpoint=${endpoint.id}`}>
                        Usage
                      </Link>
                      <ConfirmButton label="Delete" disabled={change.busy} onConfirm={() => remove(endpoint)} />
                    </td>
                  </tr>
                  {editing === endpoint.id ? (
                    <tr class="edit-row">
                      <td colSpan={9}>
                        <EndpointForm
                          endpoint={endpoint}
                          onDone={async (name) => {
                            setEditing(undefined);
                            await list.reload();
                            setNotice(`Endpoint ${name} saved.`);
                          }}
                        />
                      </td>
                    </tr>
                  ) : null}
                </Fragment>
              ))}
            </tbody>
          </table>
        )}
      </ListView>
    </Page>
  );
}

export function Pager(props: { offset: number; total: number; size: number; onChange: (offset: number) => void }) {
  if (props.total <= props.size && props.offset === 0) return null;
  return (
    <div class="pager">
      <button
        type="button"
        class="secondary small"
        disabled={props.offset === 0}
        onClick={() => props.onChange(Math.max(0, props.offset - props.size))}
      >
        Previous
      </button>
      <span class="muted">
        {props.offset + 1}–{Math.min(props.offset + props.size, props.total)} of {props.total}
      </span>
      <button
        type="button"
        class="secondary small"
        disabled={props.offset + props.size >= props.total}
        onClick={() => props.onChange(props.offset + props.size)}
      >
        Next
      </button>
    </div>
  );
}

/**
 * The operator models open to the account, by name: what a custom_from_maas endpoint's `model_name` and a key's model
 * allowlist take (the helper list of GET /v1/models' operator entries, for a person signed in with a token).
 */
export async function listOperatorModels(): Promise<string[]> {
  const list = await call<{ data: { id: string }[] }>('GET', projectPath('v1', 'maas/services/custom-endpoint/models'));
  return list.data.map((m) => m.id);
}

interface ServiceChoice {
  id: string;
  name: string;
  mount_to_maas_gateway: boolean;
  auth_mode: string;
}

/** Create an endpoint, or edit one (name, remark, limits, response cache, content guard). */
function EndpointForm(props: { endpoint?: Endpoint; onDone: (name: string) => void | Promise<void> }) {
  const editing = props.endpoint;
  const [name, setName] = useState(editing?.endpoint_name ?? '');
  const [source, setSource] = useState<Endpoint['source']>(editing?.source ?? 'custom_from_modelarts_v2');
  const [modelName, setModelName] = useState('');
  const [serviceId, setServiceId] = useState('');
  const [rpm, setRpm] = useState(editing?.rpm?.toString() ?? '');
  const [tpm, setTpm] = useState(editing?.tpm?.toString() ?? '');
  const [cacheTtl, setCacheTtl] = useState(editing?.cache_ttl_seconds ? String(editing.cache_ttl_seconds) : '');
  const [remark, setRemark] = useState(editing?.remark ?? '');
  const [guard, setGuard] = useState(editing?.moderation ?? true);
  const [accepted, setAccepted] = useState(false);

  // What an endpoint can sit on: the project's services (spec §2's helper APIs) or the operator's models.
  const services = useLoad(async () => {
    if (editing) return [];
    const regions = await call<{ region_items: { region_id: string }[] }>(
      'GET',
      projectPath('v1', 'maas/services/custom-endpoint/regions'),
    );
    const region = regions.region_items[0]?.region_id ?? '';
    const list = await call<{ data: ServiceChoice[] }>(
      'GET',
      projectPath('v1', `maas/services/custom-endpoint/services/${encodeURIComponent(region)}`),
    );
    return list.data;
  }, []);
  const models = useLoad(async () => (editing ? [] : listOperatorModels()), []);
  const turningGuardOff = !guard && (!editing || editing.moderation);
  const agreement = useLoad(
    async () =>
      turningGuardOff ? call<Agreement>('GET', projectPath('v1', 'maas/compliance/agreements?lang=en')) : undefined,
    [turningGuardOff],
  );

  const save = useAction(async () => {
    // An empty cache TTL turns the cache off (0), also on an endpoint that had one.
    const limits = {
      rpm: optionalNumber(rpm),
      tpm: optionalNumber(tpm),
      cache_ttl_seconds: optionalNumber(cacheTtl) ?? 0,
    };
    const guardFields = {
      moderation: guard,
      ...(turningGuardOff && accepted && agreement.data ? { agreement_id: agreement.data.agreement_id } : {}),
    };
    if (editing) {
      const body: Record<string, unknown> = { remark, ...limits };
      if (name !== editing.endpoint_name) body.endpoint_name = name;
      if (guard !== editing.moderation) Object.assign(body, guardFields);
      const saved = await call<Endpoint>('PUT', `${endpointsPath()}/${editing.id}`, { body });
      await props.onDone(saved.endpoint_name);
      return;
    }
    const body: Record<string, unknown> = {
      endpoint_name: name,
      source,
      ...(source === 'custom_from_maas' ? { model_name: modelName } : { infer_service_id: serviceId }),
      ...limits,
      ...(remark ? { remark } : {}),
      ...guardFields,
    };
    const created = await call<Endpoint>('POST', endpointsPath(), { body });
    await props.onDone(created.endpoint_name);
  });

  return (
    <ActionForm action={save} submit={editing ? 'Save' : 'Create endpoint'} errors={[services.error, models.error]}>
      <div class="grid">
        <Field label="Name" hint="A letter first; letters, digits, “.”, “_”, “-”. Never reusable once taken.">
          <input name="endpoint_name" value={name} required onInput={(e) => setName(e.currentTarget.value)} />
        </Field>
        {editing ? null : (
          <Field label="Source">
            <select
              name="source"
              value={source}
              onChange={(e) => setSource(e.currentTarget.value as Endpoint['source'])}
            >
              <option value="custom_from_modelarts_v2">My service</option>
              <option value="custom_from_maas">Operator model</option>
            </select>
          </Field>
        )}
        {editing ? null : source === 'custom_from_maas' ? (
          <Field
            label="Model"
            hint={models.data?.length === 0 ? 'No operator model is open to this account.' : undefined}
          >
            <select name="model_name" value={modelName} onChange={(e) => setModelName(e.currentTarget.value)}>
              <option value="">Choose a model…</option>
              {(models.data ?? []).map((name) => (
                <option value={name} key={name}>
                  {name}
                </option>
              ))}
            </select>
          </Field>
        ) : (
          <Field
            label="Service"
            hint={
              <>
                A real-time service mounted to the MaaS gateway (<Link to="/maas/services">My services</Link>).
              </>
            }
          >
            <select name="infer_service_id" value={serviceId} onChange={(e) => setServiceId(e.currentTarget.value)}>
              <option value="">Choose a service…</option>
              {(services.data ?? []).map((s) => (
                <option value={s.id} key={s.id}>
                  {s.name}
                  {s.mount_to_maas_gateway || s.auth_mode === 'none' ? '' : ' (not mounted to the gateway)'}
                </option>
              ))}
            </select>
          </Field>
        )}
        <Field label="RPM" hint="Calls a minute; empty: no limit of its own.">
          <input name="rpm" inputMode="numeric" value={rpm} onInput={(e) => setRpm(e.currentTarget.value)} />
        </Field>
        <Field label="TPM" hint="Tokens a minute; empty: no limit of its own.">
          <input name="tpm" inputMode="numeric" value={tpm} onInput={(e) => setTpm(e.currentTarget.value)} />
        </Field>
        <CacheTtlField value={cacheTtl} onInput={setCacheTtl} />
        <Field label="Remark" wide>
          <input name="remark" value={remark} onInput={(e) => setRemark(e.currentTarget.value)} />
        </Field>
      </div>
      <label class="check">
        <input
          type="checkbox"
          name="moderation"
          checked={guard}
          onChange={(e) => {
            setGuard(e.currentTarget.checked);
            setAccepted(false);
          }}
        />
        Content guard: check prompts and answers with Content Moderation (blocked calls answer ModelArts.81011)
      </label>
      {turningGuardOff ? (
        <div class="agreement">
          <ErrorNote error={agreement.error} />
          {agreement.data ? (
            <>
              <p>
                <strong>{agreement.data.close_notice}</strong>
              </p>
              <p class="muted">{agreement.data.agreement_data}</p>
              <label class="check">
                <input type="checkbox" checked={accepted} onChange={(e) => setAccepted(e.currentTarget.checked)} />I
                have read and accept the disclaimer
              </label>
            </>
          ) : null}
        </div>
      ) : null}
    </ActionForm>
  );
}
