import { useEffect, useState } from 'preact/hooks';
import { call, projectPath } from '../api';
import {
  ActionForm,
  Badge,
  Card,
  ConfirmButton,
  Empty,
  ErrorNote,
  Field,
  formatTime,
  IdText,
  Json,
  Notice,
  Page,
  suggestionTone,
  TableHead,
  useAction,
  useLoad,
} from '../ui';
import { Pager } from './endpoints';

interface Job {
  job_id: string;
  status: 'running' | 'succeeded' | 'failed';
  state?: string;
  create_time: string;
  update_time: string;
  request_params: Record<string, any>;
  result?: Record<string, any>;
  error_code?: string;
  error_msg?: string;
  callback_status?: string;
}

interface Kind {
  path: string;
  label: string;
  stream: boolean;
  eventTypes: string[];
  /** The request field of its categories, and the categories it takes. */
  categoryField: string;
  categories: string[];
}

const kinds: Kind[] = [
  {
    path: 'document',
    label: 'Documents',
    stream: false,
    eventTypes: ['default', 'liberal_arts_education', 'sciences_education', 'news', 'forums', 'novels'],
    categoryField: 'text_categories',
    categories: ['default'],
  },
  {
    path: 'audio',
    label: 'Audio',
    stream: false,
    eventTypes: ['default', 'audiobook', 'education', 'game', 'live', 'ecommerce', 'voiceroom', 'private'],
    categoryField: 'categories',
    categories: ['politics', 'porn', 'ad', 'moan', 'abuse'],
  },
  {
    path: 'video',
    label: 'Video',
    stream: false,
    eventTypes: ['default', 'group_message', 'message', 'live', 'dynamic'],
    categoryField: 'image_categories',
    categories: ['terrorism', 'porn', 'image_text', 'politics'],
  },
  {
    path: 'video-stream',
    label: 'Video streams',
    stream: true,
    eventTypes: ['default'],
    categoryField: 'image_categories',
    categories: ['terrorism', 'porn', 'image_text', 'politics'],
  },
  {
    path: 'audio-stream',
    label: 'Audio streams',
    stream: true,
    eventTypes: ['default', 'audiobook', 'education', 'game', 'live', 'ecommerce', 'voiceroom', 'private'],
    categoryField: 'categories',
    categories: ['politics', 'porn', 'ad', 'moan', 'abuse'],
  },
];
const documentFormats = ['pdf', 'docx', 'txt', 'csv', 'webpage'];
const pageSize = 20;

const jobsPath = (kind: Kind, rest = '') => projectPath('v3', `moderation/${kind.path}/jobs${rest}`);

/** Asynchronous moderation jobs: your jobs by kind and status, each with its result; create, cancel, stop. */
export function JobsPage() {
  const [kind, setKind] = useState(kinds[0]!);
  const [status, setStatus] = useState('');
  const [offset, setOffset] = useState(0);
  const [open, setOpen] = useState<string | undefined>();
  const [creating, setCreating] = useState(false);
  const [notice, setNotice] = useState<string | undefined>();
  const list = useLoad(
    () =>
      call<{ total: number; jobs: Job[] }>(
        'GET',
        jobsPath(kind, `?offset=${offset}&limit=${pageSize}${status ? `&status=${status}` : ''}`),
      ),
    [kind, status, offset],
  );
  // While a job of the page is running, the list follows it.
  const running = list.data?.jobs.some((job) => job.status === 'running') ?? false;
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => void list.reload(), 3000);
    return () => clearInterval(timer);
  }, [running, list.reload]);
  const end = useAction(async (job: Job) => {
    setNotice(undefined);
    await call('POST', kind.stream ? jobsPath(kind, `/stop/${job.job_id}`) : jobsPath(kind, `/${job.job_id}/cancel`));
    await list.reload();
    setNotice(`Job ${job.job_id} ${kind.stream ? 'stopped' : 'cancelled'}.`);
  });

  return (
    <Page
      title="Moderation jobs"
      actions={
        <>
          <button type="button" class="secondary" onClick={() => list.reload()}>
            Refresh
          </button>
          <button type="button" onClick={() => setCreating(!creating)} aria-expanded={creating}>
            {creating ? 'Close' : 'New job'}
          </button>
        </>
      }
    >
      <div class="tabs" role="tablist">
        {kinds.map((k) => (
          <button
            type="button"
            role="tab"
            key={k.path}
            aria-selected={k === kind}
            onClick={() => {
              setKind(k);
              setOffset(0);
              setOpen(undefined);
              setCreating(false);
            }}
          >
            {k.label}
          </button>
        ))}
      </div>
      {creating ? (
        <Card title={`New ${kind.label.toLowerCase().replace(/s$/, '')} job`}>
          <JobForm
            kind={kind}
            onDone={async (jobId) => {
              setCreating(false);
              setNotice(`Job ${jobId} created.`);
              setOpen(jobId);
              await list.reload();
            }}
          />
        </Card>
      ) : null}
      <div class="filters">
        <Field label="Status">
          <select
            value={status}
            onChange={(e) => {
              setStatus(e.currentTarget.value);
              setOffset(0);
            }}
          >
            <option value="">Any</option>
            <option value="running">running</option>
            <option value="succeeded">succeeded</option>
            <option value="failed">failed</option>
          </select>
        </Field>
      </div>
      {notice ? <Notice>{notice}</Notice> : null}
      <ErrorNote error={end.error} />
      <ErrorNote error={list.error} />
      {list.data ? (
        list.data.jobs.length === 0 ? (
          <Empty>No {kind.label.toLowerCase()} jobs.</Empty>
        ) : (
          <>
            <ul class="jobs" data-testid="jobs">
              {list.data.jobs.map((job) => (
                <li key={job.job_id} class="card job">
                  <button
                    type="button"
                    class="job-summary"
                    aria-expanded={open === job.job_id}
                    onClick={() => setOpen(open === job.job_id ? undefined : job.job_id)}
                  >
                    <Badge tone={job.status === 'succeeded' ? 'ok' : job.status === 'failed' ? 'bad' : 'info'}>
                      {job.status}
                    </Badge>
                    {job.result?.suggestion ? (
                      <Badge tone={suggestionTone(job.result.suggestion)}>{job.result.suggestion}</Badge>
                    ) : null}
                    <span class="mono wrap">{job.job_id}</span>
                    <small class="muted">{formatTime(job.create_time)}</small>
                    {job.status === 'failed' ? <JobFailure job={job} /> : null}
                  </button>
                  {open === job.job_id ? (
                    <div class="job-detail">
                      <JobDetail job={job} />
                      {job.status === 'running' ? (
                        <ConfirmButton
                          label={kind.stream ? 'Stop' : 'Cancel'}
                          disabled={end.busy}
                          onConfirm={() => end.run(job)}
                        />
                      ) : null}
                    </div>
                  ) : null}
                </li>
              ))}
            </ul>
            <Pager offset={offset} total={list.data.total} size={pageSize} onChange={setOffset} />
          </>
        )
      ) : list.loading ? (
        <p class="muted">Loading…</p>
      ) : null}
    </Page>
  );
}

/** Why a job failed, in the catalogue's words, on the job's own line (seen without opening it). */
function JobFailure({ job }: { job: Job }) {
  return (
    <span class="job-failure" data-testid="job-failure">
      <code class="error-code">{job.error_code ?? 'failed'}</code>{' '}
      <span class="error-msg">{job.error_msg || 'The job failed without a message.'}</span>
    </span>
  );
}

function JobDetail({ job }: { job: Job }) {
  const source = job.request_params?.data?.url as string | undefined;
  const findings: { where: string; suggestion: string; label: string; text?: string }[] = [];
  const result = job.result ?? {};
  for (const d of (result.details ?? []) as any[]) {
    findings.push({
      where:
        d.start_time !== undefined
          ? `${d.start_time}–${d.end_time} s`
          : d.index !== undefined
            ? `${d.type ?? 'part'} ${d.index}`
            : '',
      suggestion: d.suggestion,
      label: d.label,
      text: d.audio_text ?? d.text,
    });
  }
  for (const d of (result.image_detail ?? []) as any[]) {
    findings.push({ where: `frame at ${d.time} s`, suggestion: d.suggestion, label: d.category });
  }
  for (const d of (result.audio_detail ?? []) as any[]) {
    findings.push({
      where: `${d.start_time}–${d.end_time} s`,
      suggestion: d.suggestion,
      label: d.label,
      text: d.audio_text,
    });
  }
  return (
    <>
      <dl class="facts">
        <dt>Job</dt>
        <dd>
          <IdText id={job.job_id} what="job id" />
        </dd>
        <dt>Source</dt>
        <dd class="mono wrap">{source ?? '—'}</dd>
        <dt>Updated</dt>
        <dd>{formatTime(job.update_time)}</dd>
        {job.callback_status ? (
          <>
            <dt>Callback</dt>
            <dd>{job.callback_status}</dd>
          </>
        ) : null}
      </dl>
      {findings.length > 0 ? (
        <table class="table responsive">
          <TableHead columns={['Where', 'Suggestion', 'Label', 'Text']} />
          <tbody>
            {findings.map((f, i) => (
              <tr key={i}>
                <td data-label="Where">{f.where || '—'}</td>
                <td data-label="Suggestion">
                  <Badge tone={suggestionTone(f.suggestion)}>{f.suggestion}</Badge>
                </td>
                <td data-label="Label">{f.label}</td>
                <td data-label="Text">{f.text ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : job.status === 'succeeded' ? (
        <p class="muted">Nothing found.</p>
      ) : null}
      <details>
        <summary>Job as JSON</summary>
        <Json value={job} />
      </details>
    </>
  );
}

function JobForm(props: { kind: Kind; onDone: (jobId: string) => void | Promise<void> }) {
  const { kind } = props;
  const [url, setUrl] = useState('');
  const [format, setFormat] = useState('pdf');
  const [eventType, setEventType] = useState(kind.eventTypes[0]!);
  const [categories, setCategories] = useState<string[]>([kind.categories[0]!]);
  const [callback, setCallback] = useState('');
  const create = useAction(async () => {
    const created = await call<{ job_id: string }>('POST', jobsPath(kind), {
      body: {
        data: { url, ...(kind.path === 'document' ? { format } : {}) },
        event_type: eventType,
        [kind.categoryField]: categories,
        ...(callback ? { callback } : {}),
      },
    });
    await props.onDone(created.job_id);
  });
  return (
    <ActionForm action={create} submit="Create job">
      <div class="grid">
        <Field
          label={kind.stream ? 'Stream URL' : 'File URL'}
          hint={
            kind.stream
              ? 'rtmp(s):// or http(s):// (HLS, HTTP-FLV).'
              : 'http(s)://, obs://bucket/key or s3://bucket/key.'
          }
        >
          <input name="url" value={url} required onInput={(e) => setUrl(e.currentTarget.value)} />
        </Field>
        {kind.path === 'document' ? (
          <Field label="Format">
            <select name="format" value={format} onChange={(e) => setFormat(e.currentTarget.value)}>
              {documentFormats.map((f) => (
                <option key={f}>{f}</option>
              ))}
            </select>
          </Field>
        ) : null}
        <Field label="Event type">
          <select value={eventType} onChange={(e) => setEventType(e.currentTarget.value)}>
            {kind.eventTypes.map((t) => (
              <option key={t}>{t}</option>
            ))}
          </select>
        </Field>
        <Field label="Categories">
          <div class="checks">
            {kind.categories.map((c) => (
              <label class="check inline" key={c}>
                <input
                  type="checkbox"
                  checked={categories.includes(c)}
                  onChange={(e) =>
                    setCategories(e.currentTarget.checked ? [...categories, c] : categories.filter((x) => x !== c))
                  }
                />
                {c}
              </label>
            ))}
          </div>
        </Field>
        <Field
          label="Callback URL"
          hint={kind.stream ? 'Required for streams: findings are posted there.' : 'Optional.'}
        >
          <input name="callback" value={callback} onInput={(e) => setCallback(e.currentTarget.value)} />
        </Field>
      </div>
    </ActionForm>
  );
}
