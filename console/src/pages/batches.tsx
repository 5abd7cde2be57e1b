import { Fragment } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { call, projectPath } from '../api';
import {
  Badge,
  Card,
  ConfirmButton,
  Empty,
  ErrorNote,
  formatTime,
  IdText,
  Json,
  Notice,
  Page,
  TableHead,
  useAction,
  useLoad,
} from '../ui';

/** A batch as the Batch API answers it (times in seconds). */
interface Batch {
  id: string;
  endpoint: string;
  status: string;
  input_file_id: string | null;
  input_url?: string;
  output_file_id: string | null;
  error_file_id: string | null;
  errors: unknown;
  completion_window: string;
  created_at: number;
  in_progress_at: number | null;
  expires_at: number | null;
  finalizing_at: number | null;
  completed_at: number | null;
  failed_at: number | null;
  expired_at: number | null;
  cancelling_at: number | null;
  cancelled_at: number | null;
  request_counts: { total: number; completed: number; failed: number };
  metadata: Record<string, string> | null;
}

interface BatchList {
  data: Batch[];
  has_more: boolean;
  last_id: string | null;
}

const pageSize = 20;
const running = new Set(['validating', 'in_progress', 'finalizing', 'cancelling']);
const cancellable = new Set(['validating', 'in_progress']);
const batchesPath = (rest = '') => projectPath('v1', `maas/batches${rest}`);
const secondsToTime = (s: number | null) => (s === null ? '—' : formatTime(s * 1000));

function statusTone(status: string): 'ok' | 'warn' | 'bad' | 'info' | 'muted' {
  if (status === 'completed') return 'ok';
  if (status === 'failed' || status === 'expired') return 'bad';
  if (status === 'cancelled' || status === 'cancelling') return 'warn';
  return 'info';
}

/** Saves a file of the project (a batch's output or error file) under its id, as JSONL. */
async function download(fileId: string): Promise<void> {
  const text = await call<string>('GET', projectPath('v1', `maas/files/${encodeURIComponent(fileId)}/content`), {
    text: true,
  });
  const url = URL.createObjectURL(new Blob([text], { type: 'application/jsonl' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = `${fileId}.jsonl`;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/**
 * The project's batches (OpenAI's Batch API, created with an API key): newest first, a page at a time, each with its
 * counts and files; the details of one, its cancel, and the download of its output and error files.
 */
export function BatchesPage() {
  // The cursors of the pages seen so far: the Batch API pages by the last id of the page before.
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const after = cursors.at(-1);
  const [open, setOpen] = useState<string | undefined>();
  const [notice, setNotice] = useState<string | undefined>();
  const list = useLoad(
    () =>
      call<BatchList>('GET', batchesPath(`?limit=${pageSize}${after ? `&after=${encodeURIComponent(after)}` : ''}`)),
    [after],
  );
  // While a batch of the page runs, the list follows it.
  const busy = list.data?.data.some((batch) => running.has(batch.status)) ?? false;
  useEffect(() => {
    if (!busy) return;
    const timer = setInterval(() => void list.reload(), 3000);
    return () => clearInterval(timer);
  }, [busy, list.reload]);
  const cancel = useAction(async (batch: Batch) => {
    setNotice(undefined);
    await call('POST', batchesPath(`/${encodeURIComponent(batch.id)}/cancel`));
    await list.reload();
    setNotice(`Batch ${batch.id} cancelled.`);
  });
  const save = useAction(download);

  return (
    <Page
      title="Batches"
      actions={
        <button type="button" class="secondary" onClick={() => list.reload()}>
          Refresh
        </button>
      }
    >
      <p class="muted">
        Batches of requests run with an API key through the OpenAI Batch API (<code>POST /v1/batches</code>), each line
        a call of the data plane. Their output and error files hold one line per request.
      </p>
      {notice ? <Notice>{notice}</Notice> : null}
      <ErrorNote error={cancel.error} />
      <ErrorNote error={save.error} />
      <ErrorNote error={list.error} />
      {list.data ? (
        list.data.data.length === 0 ? (
          <Empty>No batches yet.</Empty>
        ) : (
          <>
            <table class="table responsive" data-testid="batches">
              <TableHead columns={['Batch', 'Status', 'Endpoint', 'Requests', 'Created / ended', 'Files']} actions />
              <tbody>
                {list.data.data.map((batch) => (
                  <BatchRow
                    key={batch.id}
                    batch={batch}
                    open={open === batch.id}
                    onToggle={() => setOpen(open === batch.id ? undefined : batch.id)}
                    onDownload={(fileId) => void save.run(fileId)}
                    onCancel={() => void cancel.run(batch)}
                    busy={cancel.busy || save.busy}
                  />
                ))}
              </tbody>
            </table>
            {open && list.data.data.some((b) => b.id === open) ? (
              <BatchDetail batch={list.data.data.find((b) => b.id === open)!} />
            ) : null}
            <div class="pager">
              <button
                type="button"
                class="secondary small"
                disabled={cursors.length === 1}
                onClick={() => setCursors(cursors.slice(0, -1))}
              >
                Previous
              </button>
              <span class="muted">Page {cursors.length}</span>
              <button
                type="button"
                class="secondary small"
                disabled={!list.data.has_more}
                onClick={() => setCursors([...cursors, list.data!.last_id ?? undefined])}
              >
                Next
              </button>
            </div>
          </>
        )
      ) : list.loading ? (
        <p class="muted">Loading…</p>
      ) : null}
    </Page>
  );
}

function FileLink(props: { id: string | null; what: string; onDownload: (id: string) => void; busy: boolean }) {
  if (!props.id) return null;
  return (
    <button
      type="button"
      class="secondary small"
      disabled={props.busy}
      aria-label={`Download the ${props.what} file ${props.id}`}
      data-file={props.id}
      onClick={() => props.onDownload(props.id!)}
    >
      {props.what}
    </button>
  );
}

function BatchRow(props: {
  batch: Batch;
  open: boolean;
  onToggle: () => void;
  onDownload: (fileId: string) => void;
  onCancel: () => void;
  busy: boolean;
}) {
  const { batch } = props;
  const counts = batch.request_counts;
  return (
    <tr data-batch={batch.id} data-status={batch.status}>
      <td data-label="Batch" class="batch-id">
        <IdText id={batch.id} what="batch id" />
      </td>
      <td data-label="Status">
        <Badge tone={statusTone(batch.status)}>{batch.status}</Badge>
      </td>
      <td data-label="Endpoint" class="mono wrap">
        {batch.endpoint}
      </td>
      <td data-label="Requests" data-testid="batch-counts">
        {counts.completed} ok, {counts.failed} failed / {counts.total}
      </td>
      <td data-label="Created / ended">
        {secondsToTime(batch.created_at)}
        <br />
        <small class="muted">{secondsToTime(batch.completed_at ?? batch.cancelled_at ?? batch.expired_at)}</small>
      </td>
      <td data-label="Files">
        <FileLink id={batch.output_file_id} what="Output" onDownload={props.onDownload} busy={props.busy} />{' '}
        <FileLink id={batch.error_file_id} what="Errors" onDownload={props.onDownload} busy={props.busy} />
        {!batch.output_file_id && !batch.error_file_id ? <span class="muted">—</span> : null}
      </td>
      <td class="actions">
        <button type="button" class="secondary small" aria-expanded={props.open} onClick={props.onToggle}>
          {props.open ? 'Hide' : 'Details'}
        </button>
        {cancellable.has(batch.status) ? (
          <ConfirmButton label="Cancel" disabled={props.busy} onConfirm={props.onCancel} />
        ) : null}
      </td>
    </tr>
  );
}

/** Everything the Batch API says of one batch: its times, files, input, metadata and errors. */
function BatchDetail({ batch }: { batch: Batch }) {
  const times: [string, number | null][] = [
    ['Created', batch.created_at],
    ['In progress', batch.in_progress_at],
    ['Finalizing', batch.finalizing_at],
    ['Completed', batch.completed_at],
    ['Failed', batch.failed_at],
    ['Cancelling', batch.cancelling_at],
    ['Cancelled', batch.cancelled_at],
    ['Expired', batch.expired_at],
    ['Expires', batch.expires_at],
  ];
  return (
    <Card title={`Batch ${batch.id}`}>
      <dl class="facts" data-testid="batch-detail">
        <dt>Input</dt>
        <dd class="mono wrap">{batch.input_file_id ?? batch.input_url ?? '—'}</dd>
        <dt>Output file</dt>
        <dd class="mono wrap">{batch.output_file_id ?? '—'}</dd>
        <dt>Error file</dt>
        <dd class="mono wrap">{batch.error_file_id ?? '—'}</dd>
        <dt>Window</dt>
        <dd>{batch.completion_window}</dd>
        {times
          .filter(([, at]) => at !== null)
          .map(([label, at]) => (
            <Fragment key={label}>
              <dt>{label}</dt>
              <dd>{secondsToTime(at)}</dd>
            </Fragment>
          ))}
      </dl>
      {batch.metadata ? (
        <>
          <h3>Metadata</h3>
          <Json value={batch.metadata} />
        </>
      ) : null}
      {batch.errors ? (
        <>
          <h3>Errors</h3>
          <Json value={batch.errors} />
        </>
      ) : null}
    </Card>
  );
}
