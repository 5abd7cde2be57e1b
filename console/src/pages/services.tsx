import { useState } from 'preact/hooks';
import { call, projectPath } from '../api';
import { usePriceFields } from '../number-fields';
import {
  ActionForm,
  Badge,
  ConfirmButton,
  CreatePanel,
  Field,
  formatTime,
  ListView,
  NewButton,
  Page,
  parseList,
  TableHead,
  useAction,
  useListPage,
  useLoad,
} from '../ui';

interface Service {
  service_id: string;
  service_name: string;
  upstream_url: string;
  replica_urls: string[];
  upstream_model: string;
  mount_to_maas_gateway: boolean;
  auth_mode: string;
  description: string;
  access_address: string;
  created_at: string;
}

const servicesPath = () => projectPath('v1', 'services');

/** The project's own real-time services: OpenAI-compatible model servers that custom endpoints can sit on. */
export function ServicesPage() {
  const list = useLoad(() => call<{ total: number; services: Service[] }>('GET', servicesPath()), []);
  const { creating, setCreating, notice, change, created } = useListPage(list.reload);

  return (
    <Page
      title="My services"
      actions={
        <NewButton open={creating} onToggle={setCreating}>
          New service
        </NewButton>
      }
    >
      <p class="muted">
        Your own model servers (any OpenAI-compatible API). Mounted to the MaaS gateway, a service can back custom
        endpoints; it is also reachable directly at its access address with a token.
      </p>
      <CreatePanel open={creating} title="New service">
        <ServiceForm onDone={(name) => created(`Service ${name} created.`)} />
      </CreatePanel>
      <ListView
        list={list}
        notice={notice}
        errors={[change.error, list.error]}
        isEmpty={(data) => data.services.length === 0}
        empty="No services yet."
      >
        {(data) => (
          <table class="table responsive" data-testid="services">
            <TableHead columns={['Name', 'Upstream', 'Model', 'Gateway', 'Created']} actions />
            <tbody>
              {data.services.map((s) => (
                <tr key={s.service_id}>
                  <td data-label="Name">
                    <strong>{s.service_name}</strong>
                    <br />
                    <small class="muted mono">{s.access_address}</small>
                  </td>
                  <td data-label="Upstream" class="mono wrap">
                    {[s.upstream_url, ...s.replica_urls].join(', ')}
                  </td>
                  <td data-label="Model">{s.upstream_model}</td>
                  <td data-label="Gateway">
                    <Badge tone={s.mount_to_maas_gateway ? 'ok' : 'muted'}>
                      {s.mount_to_maas_gateway ? 'mounted' : 'not mounted'}
                    </Badge>
                  </td>
                  <td data-label="Created">{formatTime(s.created_at)}</td>
                  <td class="actions">
                    <ConfirmButton
                      label="Delete"
                      disabled={change.busy}
                      onConfirm={() =>
                        change.run(`Service ${s.service_name} deleted.`, () =>
                          call('DELETE', `${servicesPath()}/${s.service_id}`),
                        )
                      }
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </ListView>
    </Page>
  );
}

function ServiceForm(props: { onDone: (name: string) => void | Promise<void> }) {
  const [name, setName] = useState('');
  const [url, setUrl] = useState('');
  const [replicas, setReplicas] = useState('');
  const [model, setModel] = useState('');
  const [mount, setMount] = useState(true);
  const [description, setDescription] = useState('');
  const prices = usePriceFields();
  const save = useAction(async () => {
    const created = await call<Service>('POST', servicesPath(), {
      body: {
        service_name: name,
        upstream_url: url,
        ...(parseList(replicas).length > 0 ? { replica_urls: parseList(replicas) } : {}),
        ...(model ? { upstream_model: model } : {}),
        mount_to_maas_gateway: mount,
        ...(description ? { description } : {}),
        ...prices.body(),
      },
    });
    await props.onDone(created.service_name);
  });
  return (
    <ActionForm action={save} submit="Create service">
      <div class="grid">
        <Field label="Name">
          <input name="service_name" value={name} required onInput={(e) => setName(e.currentTarget.value)} />
        </Field>
        <Field label="Upstream URL" hint="Base URL of an OpenAI-compatible API, e.g. http://10.0.0.5:8000/v1">
          <input name="upstream_url" value={url} required onInput={(e) => setUrl(e.currentTarget.value)} />
        </Field>
        <Field label="Upstream model" hint="The model name the server expects; default: the service name.">
          <input name="upstream_model" value={model} onInput={(e) => setModel(e.currentTarget.value)} />
        </Field>
        <Field label="More replicas" hint="Other servers of the same model, one URL a line.">
          <textarea name="replica_urls" rows={2} value={replicas} onInput={(e) => setReplicas(e.currentTarget.value)} />
        </Field>
        {prices.fields}
        <Field label="Description" wide>
          <input name="description" value={description} onInput={(e) => setDescription(e.currentTarget.value)} />
        </Field>
      </div>
      <label class="check">
        <input type="checkbox" name="mount" checked={mount} onChange={(e) => setMount(e.currentTarget.checked)} />
        Mount to the MaaS gateway (custom endpoints may use it)
      </label>
    </ActionForm>
  );
}
