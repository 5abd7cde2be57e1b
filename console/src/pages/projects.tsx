import { useState } from 'preact/hooks';
import { call, getSession } from '../api';
import { NumberField } from '../number-fields';
import {
  ActionForm,
  Card,
  ErrorNote,
  Field,
  formatNumber,
  optionalNumber,
  Page,
  parseList,
  useAction,
  useLoad,
} from '../ui';

const moderationServices = ['text', 'image', 'audio', 'video', 'document', 'video_stream', 'audio_stream'];

interface ModerationSettings {
  subscribed: boolean;
  services: string[];
  monthly_free_calls: number | null;
  month: string;
  calls: Record<string, number>;
}

interface MaasSettings {
  monthly_free_tokens: number | null;
  used_tokens_this_month: number;
  /** The project's monthly budget in `currency` (null: none), and what its calls spent this month. */
  monthly_budget: number | null;
  spent_this_month: number;
  currency: string;
}

interface Grants {
  project_id: string;
  buckets: { bucket: string; prefix: string }[];
}

const projectBase = (id: string) => `/operator/v1/projects/${encodeURIComponent(id)}`;

/** A project's settings as the operator sets them: moderation subscription and free calls, MaaS free tokens, storage grants. */
export function ProjectsPage() {
  const [input, setInput] = useState(getSession().projectId ?? '');
  const [projectId, setProjectId] = useState(getSession().projectId ?? '');
  return (
    <Page title="Projects">
      <form
        class="form inline"
        onSubmit={(e) => {
          e.preventDefault();
          setProjectId(input.trim());
        }}
      >
        <Field label="Project id" hint="Shown in the token of the project's users, and in its account's creation.">
          <input name="project_id" value={input} required onInput={(e) => setInput(e.currentTarget.value)} />
        </Field>
        <button type="submit">Open</button>
      </form>
      {projectId ? (
        <div class="cards" key={projectId}>
          <ModerationCard projectId={projectId} />
          <MaasCard projectId={projectId} />
          <StorageCard projectId={projectId} />
        </div>
      ) : null}
    </Page>
  );
}

function ModerationCard({ projectId }: { projectId: string }) {
  const [form, setForm] = useState<{ subscribed: boolean; services: string[]; free: string } | undefined>();
  const [notice, setNotice] = useState<string | undefined>();
  const current = useLoad(async () => {
    const settings = await call<ModerationSettings>('GET', `${projectBase(projectId)}/moderation`, { operator: true });
    setForm({
      subscribed: settings.subscribed,
      services: settings.services,
      free: settings.monthly_free_calls?.toString() ?? '',
    });
    return settings;
  }, [projectId]);
  const save = useAction(async () => {
    if (!form) return;
    setNotice(undefined);
    await call('PUT', `${projectBase(projectId)}/moderation`, {
      operator: true,
      body: { subscribed: form.subscribed, services: form.services, monthly_free_calls: optionalNumber(form.free) },
    });
    await current.reload();
    setNotice('Moderation settings saved.');
  });
  const calls = current.data ? Object.entries(current.data.calls) : [];
  return (
    <Card title="Content Moderation" class="settings">
      <ErrorNote error={current.error} />
      {form ? (
        <ActionForm action={save} submit="Save" notice={notice} testid="moderation-settings">
          <label class="check">
            <input
              type="checkbox"
              name="subscribed"
              checked={form.subscribed}
              onChange={(e) => setForm({ ...form, subscribed: e.currentTarget.checked })}
            />
            Subscribed (unsubscribed projects answer AIS.0004)
          </label>
          <fieldset class="field">
            <legend class="field-label">Services enabled</legend>
            <div class="checks">
              {moderationServices.map((s) => (
                <label class="check inline" key={s}>
                  <input
                    type="checkbox"
                    name="services"
                    value={s}
                    checked={form.services.includes(s)}
                    onChange={(e) =>
                      setForm({
                        ...form,
                        services: e.currentTarget.checked
                          ? [...form.services, s]
                          : form.services.filter((x) => x !== s),
                      })
                    }
                  />
                  {s}
                </label>
              ))}
            </div>
          </fieldset>
          <Field label="Free calls a month" hint="Empty: no limit. Beyond it calls answer AIS.0032.">
            <input
              name="monthly_free_calls"
              inputMode="numeric"
              value={form.free}
              onInput={(e) => setForm({ ...form, free: e.currentTarget.value })}
            />
          </Field>
          <p class="muted">
            Calls in {current.data?.month}:{' '}
            {calls.length === 0 ? 'none' : calls.map(([service, n]) => `${service} ${formatNumber(n)}`).join(', ')}
          </p>
        </ActionForm>
      ) : null}
    </Card>
  );
}

function MaasCard({ projectId }: { projectId: string }) {
  const [free, setFree] = useState<string | undefined>();
  const [budget, setBudget] = useState('');
  const [notice, setNotice] = useState<string | undefined>();
  const current = useLoad(async () => {
    const settings = await call<MaasSettings>('GET', `${projectBase(projectId)}/maas`, { operator: true });
    setFree(settings.monthly_free_tokens?.toString() ?? '');
    setBudget(settings.monthly_budget?.toString() ?? '');
    return settings;
  }, [projectId]);
  const save = useAction(async () => {
    setNotice(undefined);
    await call('PUT', `${projectBase(projectId)}/maas`, {
      operator: true,
      body: { monthly_free_tokens: optionalNumber(free ?? ''), monthly_budget: optionalNumber(budget) },
    });
    await current.reload();
    setNotice('MaaS settings saved.');
  });
  return (
    <Card title="MaaS" class="settings">
      <ErrorNote error={current.error} />
      {free !== undefined ? (
        <ActionForm action={save} submit="Save" notice={notice}>
          <Field
            label="Free tokens a month on operator models"
            hint="Empty: no limit. Beyond it calls answer ModelArts.81005."
          >
            <input
              name="monthly_free_tokens"
              inputMode="numeric"
              value={free}
              onInput={(e) => setFree(e.currentTarget.value)}
            />
          </Field>
          <NumberField
            label="Monthly budget"
            name="monthly_budget"
            hint="At the models' prices, a calendar month (UTC); empty: none. Beyond it calls answer ModelArts.81005."
            value={budget}
            decimal
            onInput={setBudget}
          />
          <p class="muted">Used this month: {formatNumber(current.data?.used_tokens_this_month)} tokens</p>
          <p class="muted" data-testid="maas-spent">
            Spent this month: {formatNumber(current.data?.spent_this_month, 6)} {current.data?.currency}
          </p>
        </ActionForm>
      ) : null}
    </Card>
  );
}

function StorageCard({ projectId }: { projectId: string }) {
  const [text, setText] = useState<string | undefined>();
  const [notice, setNotice] = useState<string | undefined>();
  const current = useLoad(async () => {
    const grants = await call<Grants>('GET', `${projectBase(projectId)}/object-storage`, { operator: true });
    setText(grants.buckets.map((b) => (b.prefix ? `${b.bucket}/${b.prefix}` : b.bucket)).join('\n'));
    return grants;
  }, [projectId]);
  const save = useAction(async () => {
    setNotice(undefined);
    const buckets = parseList(text ?? '').map((line) => {
      const slash = line.indexOf('/');
      return slash < 0 ? { bucket: line, prefix: '' } : { bucket: line.slice(0, slash), prefix: line.slice(slash + 1) };
    });
    await call('PUT', `${projectBase(projectId)}/object-storage`, { operator: true, body: { buckets } });
    await current.reload();
    setNotice('Grants saved.');
  });
  return (
    <Card title="Object storage grants" class="settings">
      <ErrorNote error={current.error} />
      {text !== undefined ? (
        <ActionForm action={save} submit="Save" notice={notice}>
          <Field label="Buckets and prefixes of the operator's store" hint="bucket or bucket/prefix, one a line.">
            <textarea name="buckets" rows={4} value={text} onInput={(e) => setText(e.currentTarget.value)} />
          </Field>
        </ActionForm>
      ) : null}
    </Card>
  );
}
