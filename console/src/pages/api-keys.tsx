import { Fragment } from 'preact';
import { useState } from 'preact/hooks';
import { call, failureFrom, projectPath } from '../api';
import {
  ActionForm,
  Badge,
  Card,
  Checkboxes,
  ConfirmButton,
  CopyButton,
  CreatePanel,
  ErrorNote,
  Field,
  formatTime,
  ListView,
  NewButton,
  optionalNumber,
  Page,
  parseList,
  Snippet,
  TableHead,
  useAction,
  useListPage,
  useLoad,
} from '../ui';
import { NumberField } from '../number-fields';
import { listEndpoints, listOperatorModels, Pager } from './endpoints';

interface ApiKey {
  id: string;
  label: string;
  api_key: string;
  description: string;
  allow_all: boolean;
  ip_whitelist: string[];
  resident_model_version_whitelist: string[];
  endpoint_whitelist: string[];
  rpm: number | null;
  tpm: number | null;
  /** What the key may spend in a calendar month (UTC), in the prices' currency; null for no limit. */
  monthly_budget: number | null;
  create_time: number;
}

const keysPath = () => projectPath('v2', 'maas/api-auth/api-keys');
const pageSize = 30;

/** MaaS API keys: create (the key is shown once), allowlists and limits, delete. */
export function ApiKeysPage() {
  const [offset, setOffset] = useState(0);
  const [editing, setEditing] = useState<string | undefined>();
  const [created, setCreated] = useState<ApiKey | undefined>();
  const list = useLoad(
    () => call<{ total: number; api_keys: ApiKey[] }>('GET', `${keysPath()}?offset=${offset}&limit=${pageSize}`),
    [offset],
  );
  const endpoints = useLoad(() => listEndpoints().then((l) => l.items), []);
  const models = useLoad(listOperatorModels, []);
  const endpointName = (id: string) => endpoints.data?.find((e) => e.id === id)?.endpoint_name ?? id;
  const page = useListPage(list.reload);
  const remove = (key: ApiKey) =>
    page.change.run(`Key ${key.label} deleted; it stopped working at once.`, async () => {
      await call('DELETE', projectPath('v1', `maas/api-auth/api-keys/${key.id}`));
      if (created?.id === key.id) setCreated(undefined);
    });

  return (
    <Page
      title="API keys"
      actions={
        <NewButton open={page.creating} onToggle={page.setCreating}>
          New key
        </NewButton>
      }
    >
      <p class="muted">
        Keys for the OpenAI-compatible inference API (<code>Authorization: Bearer sk-…</code>), with optional address,
        model and endpoint allowlists and limits of their own.
      </p>
      <CreatePanel open={page.creating} title="New key">
        <KeyForm
          endpoints={endpoints.data ?? []}
          models={models.data ?? []}
          onDone={(key) => {
            setCreated(key);
            return page.created();
          }}
        />
      </CreatePanel>
      {created ? (
        <Card title={`Key ${created.label} created`} class="highlight">
          <p>
            <strong>Copy it now: it is shown this once.</strong> The service keeps only its hash.
          </p>
          <div class="secret">
            <code data-testid="new-api-key">{created.api_key}</code>
            <CopyButton text={created.api_key} />
          </div>
          <UseKey apiKey={created.api_key} />
          <button type="button" class="secondary small" onClick={() => setCreated(undefined)}>
            Done
          </button>
        </Card>
      ) : null}
      <ListView
        list={list}
        notice={page.notice}
        errors={[page.change.error, list.error]}
        isEmpty={(data) => data.api_keys.length === 0}
        empty="No keys yet."
      >
        {(data) => (
          <>
            <table class="table responsive" data-testid="api-keys">
              <TableHead columns={['Label', 'Key', 'Allowed', 'RPM / TPM', 'Monthly budget', 'Created']} actions />
              <tbody>
                {data.api_keys.map((key) => (
                  <Fragment key={key.id}>
                    <tr data-key={key.label}>
                      <td data-label="Label">
                        <strong>{key.label}</strong>
                        {key.description ? (
                          <>
                            <br />
                            <small class="muted">{key.description}</small>
                          </>
                        ) : null}
                      </td>
                      <td data-label="Key" class="mono">
                        {key.api_key}
                      </td>
                      <td data-label="Allowed">
                        <Allowlists apiKey={key} endpointName={endpointName} />
                      </td>
                      <td data-label="RPM / TPM">
                        {key.rpm ?? '∞'} / {key.tpm ?? '∞'}
                      </td>
                      <td data-label="Monthly budget" data-testid="key-budget">
                        {key.monthly_budget === null ? '∞' : `${key.monthly_budget} CNY`}
                      </td>
                      <td data-label="Created">{formatTime(key.create_time)}</td>
                      <td class="actions">
                        <button
                          type="button"
                          class="secondary small"
                          onClick={() => setEditing(editing === key.id ? undefined : key.id)}
                        >
                          Edit
                        </button>
                        <ConfirmButton label="Delete" disabled={page.change.busy} onConfirm={() => remove(key)} />
                      </td>
                    </tr>
                    {editing === key.id ? (
                      <tr class="edit-row">
                        <td colSpan={7}>
                          <KeyForm
                            apiKey={key}
                            endpoints={endpoints.data ?? []}
                            models={models.data ?? []}
                            onDone={async (saved) => {
                              setEditing(undefined);
                              await list.reload();
                              page.setNotice(`Key ${saved.label} saved.`);
                            }}
                          />
                        </td>
                      </tr>
                    ) : null}
                  </Fragment>
                ))}
              </tbody>
            </table>
            <Pager offset={offset} total={data.total} size={pageSize} onChange={setOffset} />
          </>
        )}
      </ListView>
    </Page>
  );
}

function Allowlists({ apiKey, endpointName }: { apiKey: ApiKey; endpointName: (id: string) => string }) {
  const parts: string[] = [];
  if (!apiKey.allow_all) parts.push(`addresses: ${apiKey.ip_whitelist.join(', ') || 'none'}`);
  if (apiKey.resident_model_version_whitelist.length > 0)
    parts.push(`models: ${apiKey.resident_model_version_whitelist.join(', ')}`);
  if (apiKey.endpoint_whitelist.length > 0)
    parts.push(`endpoints: ${apiKey.endpoint_whitelist.map(endpointName).join(', ')}`);
  if (parts.length === 0) return <Badge tone="muted">everything</Badge>;
  return (
    <ul class="plain">
      {parts.map((p) => (
        <li key={p}>{p}</li>
      ))}
    </ul>
  );
}

function KeyForm(props: {
  apiKey?: ApiKey;
  endpoints: { id: string; endpoint_name: string }[];
  /** The operator models open to the account. */
  models: string[];
  onDone: (key: ApiKey) => void | Promise<void>;
}) {
  const editing = props.apiKey;
  const [label, setLabel] = useState('');
  const [description, setDescription] = useState(editing?.description ?? '');
  const [allowAll, setAllowAll] = useState(editing?.allow_all ?? true);
  const [ips, setIps] = useState(editing?.ip_whitelist.join('\n') ?? '');
  const [models, setModels] = useState<string[]>(editing?.resident_model_version_whitelist ?? []);
  // A name the key allows that is no longer open to the account stays listed, so that saving does not drop it unseen.
  const modelChoices = [...new Set([...props.models, ...models])];
  const [endpointIds, setEndpointIds] = useState<string[]>(editing?.endpoint_whitelist ?? []);
  const [rpm, setRpm] = useState(editing?.rpm?.toString() ?? '');
  const [tpm, setTpm] = useState(editing?.tpm?.toString() ?? '');
  const [budget, setBudget] = useState(editing?.monthly_budget?.toString() ?? '');

  const save = useAction(async () => {
    const body = {
      description,
      allow_all: allowAll,
      ip_whitelist: allowAll ? [] : parseList(ips),
      resident_model_version_whitelist: models,
      endpoint_whitelist: endpointIds,
      rpm: optionalNumber(rpm),
      tpm: optionalNumber(tpm),
      // PUT replaces the settings: an empty field lifts the budget, as it does rpm and tpm.
      monthly_budget: optionalNumber(budget),
    };
    const key = editing
      ? await call<ApiKey>('PUT', `${keysPath()}/${editing.id}`, { body })
      : await call<ApiKey>('POST', keysPath(), { body: { ...(label ? { label } : {}), ...body } });
    await props.onDone(key);
  });

  return (
    <ActionForm action={save} submit={editing ? 'Save' : 'Create key'}>
      <div class="grid">
        {editing ? null : (
          <Field label="Label" hint="Unique in the account, cannot change; empty: ak-NNNNNN. Statistics filter by it.">
            <input name="label" value={label} onInput={(e) => setLabel(e.currentTarget.value)} />
          </Field>
        )}
        <Field label="Description">
          <input name="description" value={description} onInput={(e) => setDescription(e.currentTarget.value)} />
        </Field>
        <Field label="RPM" hint="Calls a minute through this key; empty: none.">
          <input name="rpm" inputMode="numeric" value={rpm} onInput={(e) => setRpm(e.currentTarget.value)} />
        </Field>
        <Field label="TPM" hint="Tokens a minute through this key; empty: none.">
          <input name="tpm" inputMode="numeric" value={tpm} onInput={(e) => setTpm(e.currentTarget.value)} />
        </Field>
        <NumberField
          label="Monthly budget"
          name="monthly_budget"
          hint="CNY a calendar month (UTC) at the models' prices; empty: none."
          value={budget}
          decimal
          onInput={setBudget}
        />
      </div>
      <label class="check">
        <input
          type="checkbox"
          name="allow_all"
          checked={allowAll}
          onChange={(e) => setAllowAll(e.currentTarget.checked)}
        />
        Any client address
      </label>
      <div class="grid">
        {allowAll ? null : (
          <Field label="Client addresses" hint="IPv4 addresses, ranges a.b.c.d-a.b.c.e or CIDR blocks, one a line.">
            <textarea name="ip_whitelist" rows={3} value={ips} onInput={(e) => setIps(e.currentTarget.value)} />
          </Field>
        )}
        <fieldset class="field">
          <legend class="field-label">Operator models</legend>
          {modelChoices.length === 0 ? <small class="hint">No operator model is open to this account.</small> : null}
          <Checkboxes name="models" options={modelChoices} value={models} onChange={setModels} />
          <small class="hint">The models the key may call directly; none ticked: every one.</small>
        </fieldset>
        <fieldset class="field">
          <legend class="field-label">Endpoints</legend>
          {props.endpoints.length === 0 ? <small class="hint">No endpoints yet.</small> : null}
          {props.endpoints.map((endpoint) => (
            <label class="check" key={endpoint.id}>
              <input
                type="checkbox"
                checked={endpointIds.includes(endpoint.id)}
                onChange={(e) =>
                  setEndpointIds(
                    e.currentTarget.checked
                      ? [...endpointIds, endpoint.id]
                      : endpointIds.filter((id) => id !== endpoint.id),
                  )
                }
              />
              {endpoint.endpoint_name}
            </label>
          ))}
          <small class="hint">None ticked: every endpoint.</small>
        </fieldset>
      </div>
    </ActionForm>
  );
}

/** The chat path every example uses (endpoints.ts: the first of the chat endpoint's paths). */
const chatPath = '/v1/chat/completions';

/** The new key's calls, ready to copy: curl and the OpenAI Node SDK against this service, for a model it may call. */
function keySnippets(origin: string, apiKey: string, model: string) {
  const body = JSON.stringify({ model, messages: [{ role: 'user', content: 'Hello' }] });
  const curl = [
    `curl -s ${origin}${chatPath} \\`,
    `  -H 'Authorization: Bearer ${apiKey}' \\`,
    `  -H 'Content-Type: application/json' \\`,
    `  -d '${body}'`,
  ].join('\n');
  const node = [
    `import OpenAI from 'openai';`,
    ``,
    `const client = new OpenAI({ baseURL: '${origin}/v1', apiKey: '${apiKey}' });`,
    `const answer = await client.chat.completions.create({`,
    `  model: '${model}',`,
    `  messages: [{ role: 'user', content: 'Hello' }],`,
    `});`,
    `console.log(answer.choices[0].message.content);`,
  ].join('\n');
  return { curl, node };
}

/**
 * What to do with a new key: the models it may call (GET /v1/models with the key itself), the calls to copy for the
 * one chosen, and one chat call from here, as a client makes it (the answer, or the error the SDKs would show).
 */
function UseKey(props: { apiKey: string }) {
  const callable = useLoad(async () => {
    const response = await fetch('/v1/models', {
      headers: { Authorization: `Bearer ${props.apiKey}`, Accept: 'application/json' },
      credentials: 'omit',
    });
    const json = await response.json().catch(() => undefined);
    if (!response.ok) throw failureFrom(response.status, response.statusText, json);
    const data = (json as { data: { id: string; owned_by: string }[] }).data;
    // Custom endpoints first: they are what the project set up for its clients.
    return [...data.filter((m) => m.owned_by !== 'maas'), ...data.filter((m) => m.owned_by === 'maas')];
  }, [props.apiKey]);
  const [chosen, setChosen] = useState<string | undefined>();
  const model = chosen ?? callable.data?.[0]?.id ?? '';
  const [message, setMessage] = useState('Hello');
  const [answer, setAnswer] = useState<string | undefined>();
  const send = useAction(async () => {
    setAnswer(undefined);
    const response = await fetch(chatPath, {
      method: 'POST',
      headers: { Authorization: `Bearer ${props.apiKey}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ model, messages: [{ role: 'user', content: message }] }),
      credentials: 'omit',
    });
    const json = await response.json().catch(() => undefined);
    if (!response.ok) throw failureFrom(response.status, response.statusText, json);
    setAnswer(json?.choices?.[0]?.message?.content ?? JSON.stringify(json));
  });
  const snippets = keySnippets(location.origin, props.apiKey, model);
  return (
    <div class="use-key">
      <ErrorNote error={callable.error} />
      {callable.data?.length === 0 ? (
        <p class="muted">The key may call nothing yet: create a custom endpoint, or ask the operator for a model.</p>
      ) : null}
      <Field label="Endpoint or model" hint="What the key may call (GET /v1/models).">
        <select name="snippet_model" value={model} onChange={(e) => setChosen(e.currentTarget.value)}>
          {(callable.data ?? []).map((m) => (
            <option value={m.id} key={m.id}>
              {m.id} {m.owned_by === 'maas' ? '(operator model)' : '(custom endpoint)'}
            </option>
          ))}
        </select>
      </Field>
      {model ? (
        <>
          <Snippet title="curl" code={snippets.curl} testid="snippet-curl" />
          <Snippet title="OpenAI SDK (Node.js)" code={snippets.node} testid="snippet-node" />
        </>
      ) : null}
      <details class="try">
        <summary>Try it</summary>
        <form
          class="form inline"
          onSubmit={(e) => {
            e.preventDefault();
            void send.run();
          }}
        >
          <Field label="Message">
            <input value={message} onInput={(e) => setMessage(e.currentTarget.value)} />
          </Field>
          <button type="submit" disabled={send.busy || !model}>
            Send
          </button>
        </form>
        <ErrorNote error={send.error} />
        {answer !== undefined ? <p class="answer">{answer}</p> : null}
      </details>
    </div>
  );
}
