import type { ComponentChildren } from 'preact';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { ApiFailure } from './api';
import { base, onLinkClick } from './router';

/** The catalogue's message of a failure, with its code, as the service answered it. */
export function ErrorNote({ error }: { error: unknown }) {
  if (!error) return null;
  const failure = error instanceof ApiFailure ? error : undefined;
  const message = error instanceof Error ? error.message : String(error);
  return (
    <p class="error" role="alert">
      {failure?.code ? <code class="error-code">{failure.code}</code> : null}
      <span class="error-msg">{message}</span>
      {failure?.requestId ? <small class="request-id">request {failure.requestId}</small> : null}
    </p>
  );
}

export function Notice({ children }: { children: ComponentChildren }) {
  return (
    <p class="notice" role="status">
      {children}
    </p>
  );
}

export interface Loaded<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => Promise<void>;
}

/** Loads data when the dependencies change; `reload` loads again (after a change the page made). */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): Loaded<T> {
  const [state, setState] = useState<{ data?: T; error?: unknown; loading: boolean }>({ loading: true });
  const generation = useRef(0);
  const run = useCallback(async () => {
    const mine = ++generation.current;
    setState((s) => ({ ...s, loading: true }));
    try {
      const data = await load();
      if (mine === generation.current) setState({ data, loading: false });
    } catch (error) {
      if (mine === generation.current) setState((s) => ({ data: s.data, error, loading: false }));
    }
  }, deps);
  useEffect(() => {
    void run();
  }, [run]);
  return { data: state.data, error: state.error, loading: state.loading, reload: run };
}

/** Runs an action (a create, a delete...), keeping its error and whether it is under way. */
export function useAction<A extends unknown[]>(action: (...args: A) => Promise<unknown>) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const run = async (...args: A) => {
    setBusy(true);
    setError(undefined);
    try {
      await action(...args);
      return true;
    } catch (e) {
      setError(e);
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { run, busy, error, setError };
}

export function Link(props: {
  to: string;
  class?: string;
  children: ComponentChildren;
  'aria-current'?: 'page' | undefined;
}) {
  return (
    <a href={base + props.to} class={props.class} aria-current={props['aria-current']} onClick={onLinkClick}>
      {props.children}
    </a>
  );
}

export function Field(props: { label: string; hint?: ComponentChildren; children: ComponentChildren; wide?: boolean }) {
  return (
    <label class={props.wide ? 'field wide' : 'field'}>
      <span class="field-label">{props.label}</span>
      {props.children}
      {props.hint ? <small class="hint">{props.hint}</small> : null}
    </label>
  );
}

export function Badge({
  tone,
  children,
}: {
  tone: 'ok' | 'warn' | 'bad' | 'muted' | 'info';
  children: ComponentChildren;
}) {
  return <span class={`badge ${tone}`}>{children}</span>;
}

/** The tone of a moderation suggestion. */
export function suggestionTone(suggestion: string | undefined): 'ok' | 'warn' | 'bad' | 'muted' {
  return suggestion === 'block' ? 'bad' : suggestion === 'review' ? 'warn' : suggestion === 'pass' ? 'ok' : 'muted';
}

/** A button that asks once more before it acts (no blocking browser dialog). */
export function ConfirmButton(props: { label: string; confirm?: string; onConfirm: () => void; disabled?: boolean }) {
  const [asking, setAsking] = useState(false);
  useEffect(() => {
    if (!asking) return;
    const timer = setTimeout(() => setAsking(false), 5000);
    return () => clearTimeout(timer);
  }, [asking]);
  if (!asking) {
    return (
      <button type="button" class="danger-outline small" disabled={props.disabled} onClick={() => setAsking(true)}>
        {props.label}
      </button>
    );
  }
  return (
    <button
      type="button"
      class="danger small"
      disabled={props.disabled}
      onClick={() => {
        setAsking(false);
        props.onConfirm();
      }}
    >
      {props.confirm ?? `Confirm ${props.label.toLowerCase()}`}
    </button>
  );
}

export function CopyButton({ text, label }: { text: string; label?: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      class="secondary small"
      aria-label={label}
      onClick={async () => {
        try {
          await navigator.clipboard.writeText(text);
          setCopied(true);
          setTimeout(() => setCopied(false), 1500);
        } catch {
          /* no clipboard (plain http on another host): the text is selectable anyway */
        }
      }}
    >
      {copied ? 'Copied' : 'Copy'}
    </button>
  );
}

/** An id as it is (wrapping where the card is narrow), with a button that copies it whole. */
export function IdText({ id, what = 'id' }: { id: string; what?: string }) {
  return (
    <span class="id">
      <code>{id}</code>
      <CopyButton text={id} label={`Copy ${what} ${id}`} />
    </span>
  );
}

/** A code snippet to copy: its title, a copy button, and the code (which scrolls inside its box). */
export function Snippet(props: { title: string; code: string; testid?: string }) {
  return (
    <div class="snippet">
      <div class="snippet-head">
        <span>{props.title}</span>
        <CopyButton text={props.code} label={`Copy ${props.title}`} />
      </div>
      <pre data-testid={props.testid}>
        <code>{props.code}</code>
      </pre>
    </div>
  );
}

/** A set of checkboxes for a list field: the values ticked, in the order they were ticked. */
export function Checkboxes(props: {
  name: string;
  options: string[];
  value: string[];
  onChange: (v: string[]) => void;
}) {
  return (
    <div class="checks">
      {props.options.map((option) => (
        <label class="check inline" key={option}>
          <input
            type="checkbox"
            name={props.name}
            value={option}
            checked={props.value.includes(option)}
            onChange={(e) =>
              props.onChange(
                e.currentTarget.checked ? [...props.value, option] : props.value.filter((v) => v !== option),
              )
            }
          />
          {option}
        </label>
      ))}
    </div>
  );
}

export function Page(props: { title: string; actions?: ComponentChildren; children: ComponentChildren }) {
  useEffect(() => {
    document.title = `${props.title} · AI Service Platform`;
  }, [props.title]);
  return (
    <section class="page">
      <header class="page-header">
        <h1>{props.title}</h1>
        {props.actions ? <div class="page-actions">{props.actions}</div> : null}
      </header>
      {props.children}
    </section>
  );
}

export function Card(props: { title?: string; children: ComponentChildren; class?: string }) {
  return (
    <div class={`card ${props.class ?? ''}`}>
      {props.title ? <h2>{props.title}</h2> : null}
      {props.children}
    </div>
  );
}

export function formatTime(ms: number | string | undefined): string {
  if (ms === undefined || ms === '' || ms === null) return '—';
  const date = typeof ms === 'number' ? new Date(ms) : new Date(ms);
  if (Number.isNaN(date.getTime())) return String(ms);
  return date.toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'medium' });
}

export function formatNumber(n: number | null | undefined, digits = 0): string {
  if (n === null || n === undefined) return '—';
  return n.toLocaleString(undefined, { maximumFractionDigits: digits });
}

/** "a, b\nc" → ["a", "b", "c"]: lists typed one per line or separated by commas. */
export function parseList(text: string): string[] {
  return text
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * An optional number from a form field: "" → null. Anything else that is not a number is sent as typed, so that the
 * service answers it with its own catalogue message instead of the console guessing.
 */
export function optionalNumber(text: string): number | null | string {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  const n = Number(trimmed);
  return Number.isFinite(n) ? n : trimmed;
}

export function Json({ value }: { value: unknown }) {
  return <pre class="json">{JSON.stringify(value, null, 2)}</pre>;
}

export function Empty({ children }: { children: ComponentChildren }) {
  return <p class="empty">{children}</p>;
}

/** The "New …" button of a page: opens its create panel, then closes it. */
export function NewButton(props: { open: boolean; onToggle: (open: boolean) => void; children: ComponentChildren }) {
  return (
    <button type="button" onClick={() => props.onToggle(!props.open)} aria-expanded={props.open}>
      {props.open ? 'Close' : props.children}
    </button>
  );
}

/** The card that holds a page's create form while its "New …" button has it open. */
export function CreatePanel(props: { open: boolean; title: string; children: ComponentChildren }) {
  return props.open ? <Card title={props.title}>{props.children}</Card> : null;
}

/**
 * The state a list page keeps around its list: whether its create panel is open, the notice of the last change, and
 * `change`, which runs a request, says what it did and loads the list again.
 */
export function useListPage(reload: () => Promise<void>) {
  const [creating, setCreating] = useState(false);
  const [notice, setNotice] = useState<string | undefined>();
  const change = useAction(async (what: string, request: () => Promise<unknown>) => {
    setNotice(undefined);
    await request();
    // The list first, then the notice: a notice on screen means the list shows the change.
    await reload();
    setNotice(what);
  });
  /** After the create form made something: closes the panel, says so (given what to say) and loads the list again. */
  const created = async (what?: string) => {
    setCreating(false);
    await reload();
    if (what !== undefined) setNotice(what);
  };
  return { creating, setCreating, notice, setNotice, change, created };
}

/**
 * What a list page shows under its header: the notice, the errors, then the list once loaded (`empty` when there is
 * nothing in it, `summary` above it and `footer` below) or "Loading…".
 */
export function ListView<T>(props: {
  list: Loaded<T>;
  notice?: string;
  errors: unknown[];
  isEmpty: (data: T) => boolean;
  empty: ComponentChildren;
  summary?: (data: T) => ComponentChildren;
  footer?: (data: T) => ComponentChildren;
  /** No "Loading…" while the list loads. */
  quiet?: boolean;
  children: (data: T) => ComponentChildren;
}) {
  const data = props.list.data;
  return (
    <>
      {props.notice ? <Notice>{props.notice}</Notice> : null}
      {props.errors.map((error, i) => (
        <ErrorNote key={i} error={error} />
      ))}
      {data ? (
        <>
          {props.summary?.(data)}
          {props.isEmpty(data) ? <Empty>{props.empty}</Empty> : props.children(data)}
          {props.footer?.(data)}
        </>
      ) : props.list.loading && !props.quiet ? (
        <p class="muted">Loading…</p>
      ) : null}
    </>
  );
}

/**
 * A form that runs an action on submit: its fields, then the notice and errors, then the submit button (disabled while
 * the action is under way).
 */
export function ActionForm(props: {
  action: { run: () => unknown; busy: boolean; error: unknown };
  submit: ComponentChildren;
  notice?: string;
  errors?: unknown[];
  testid?: string;
  children: ComponentChildren;
}) {
  return (
    <form
      class="form"
      data-testid={props.testid}
      onSubmit={(e) => {
        e.preventDefault();
        void props.action.run();
      }}
    >
      {props.children}
      {props.notice ? <Notice>{props.notice}</Notice> : null}
      <ErrorNote error={props.action.error} />
      {(props.errors ?? []).map((error, i) => (
        <ErrorNote key={i} error={error} />
      ))}
      <div class="buttons">
        <button type="submit" disabled={props.action.busy}>
          {props.submit}
        </button>
      </div>
    </form>
  );
}

/** A table's header row: one cell a column, then (with `actions`) an unlabelled one for the row's buttons. */
export function TableHead(props: { columns: string[]; actions?: boolean }) {
  return (
    <thead>
      <tr>
        {props.columns.map((column) => (
          <th key={column}>{column}</th>
        ))}
        {props.actions ? (
          <th>
            <span class="visually-hidden">Actions</span>
          </th>
        ) : null}
      </tr>
    </thead>
  );
}
