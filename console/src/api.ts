/**
 * The console's one way to the service: the public APIs over fetch, on this origin. A user signs in with the IAM
 * password flow (POST /v3/auth/tokens; the token comes back in X-Subject-Token and goes out as X-Auth-Token); the
 * operator pages send the operator key as X-Operator-Key. The session lives in sessionStorage: it ends with the tab.
 */

export interface Session {
  /** IAM token, project-scoped. */
  token?: string;
  expiresAt?: string;
  projectId?: string;
  projectName?: string;
  userName?: string;
  accountName?: string;
  /** The operator key, when the operator signed in with it. */
  operatorKey?: string;
}

const storageKey = 'aisp-console-session';
let session: Session = load();
const listeners = new Set<() => void>();

function load(): Session {
  try {
    return JSON.parse(sessionStorage.getItem(storageKey) ?? '{}') as Session;
  } catch {
    return {};
  }
}

export function getSession(): Session {
  return session;
}

export function setSession(next: Session): void {
  session = next;
  sessionStorage.setItem(storageKey, JSON.stringify(next));
  for (const listener of listeners) listener();
}

export function onSessionChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function signOut(): void {
  setSession({});
}

/** A failed call, carrying the catalogue's code and message as the service answered them. */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string | undefined,
    message: string,
    readonly requestId: string | undefined,
  ) {
    super(message);
  }
}

/**
 * The message to show for a failed answer: the catalogue's `error_msg` with its `error_code` (every API family), or
 * the OpenAI `error` object of an inference answer, or the status line when the body says nothing.
 */
export function failureFrom(status: number, statusText: string, body: unknown, requestId?: string): ApiFailure {
  const b = (body ?? {}) as {
    error_code?: unknown;
    error_msg?: unknown;
    error?: { message?: unknown; code?: unknown };
  };
  if (typeof b.error_code === 'string' && typeof b.error_msg === 'string') {
    return new ApiFailure(status, b.error_code, b.error_msg, requestId);
  }
  if (b.error && typeof b.error.message === 'string') {
    return new ApiFailure(
      status,
      typeof b.error.code === 'string' ? b.error.code : undefined,
      b.error.message,
      requestId,
    );
  }
  return new ApiFailure(status, undefined, `HTTP ${status} ${statusText}`.trim(), requestId);
}

export interface CallOptions {
  body?: unknown;
  /** Send the operator key instead of the token. */
  operator?: boolean;
  /** Send neither (the headers given say who calls). */
  anonymous?: boolean;
  /** Answer the text as it is (for /metrics), not JSON. */
  text?: boolean;
  headers?: Record<string, string>;
}

/** One call of the service's API; throws ApiFailure with the catalogue's message on any answer other than 2xx. */
export async function call<T = any>(method: string, path: string, options: CallOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', ...options.headers };
  if (!options.operator && !options.anonymous && session.expiresAt && Date.parse(session.expiresAt) <= Date.now()) {
    expireSession();
    throw new ApiFailure(0, undefined, 'The session has expired: sign in again.', undefined);
  }
  if (options.anonymous) {
    /* credentials in options.headers */
  } else if (options.operator) {
    if (session.operatorKey) headers['X-Operator-Key'] = session.operatorKey;
  } else if (session.token) {
    headers['X-Auth-Token'] = session.token;
  }
  let body: string | undefined;
  if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  let response: Response;
  try {
    response = await fetch(path, { method, headers, body, credentials: 'omit', cache: 'no-store' });
  } catch (error) {
    throw new ApiFailure(0, undefined, `The service could not be reached (${(error as Error).message}).`, undefined);
  }
  const text = await response.text();
  if (!response.ok) {
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    const failure = failureFrom(
      response.status,
      response.statusText,
      json,
      response.headers.get('X-Request-Id') ?? undefined,
    );
    if (!options.operator && !options.anonymous && isExpiredToken(failure)) expireSession();
    throw failure;
  }
  if (options.text) return text as T;
  return (text ? JSON.parse(text) : undefined) as T;
}

/** Codes that say the token itself is no good any more (expired, revoked, its user disabled). */
function isExpiredToken(failure: ApiFailure): boolean {
  if (failure.code === 'ModelArts.4103' || failure.code === 'ModelArts.4102') return true;
  return failure.code === 'APIG.0301' && /token/i.test(failure.message);
}

function expireSession(): void {
  const { operatorKey } = session;
  setSession(operatorKey ? { operatorKey } : {});
}

/** `/v1/{project_id}/...` with the signed-in project. */
export function projectPath(version: 'v1' | 'v2' | 'v3', rest: string): string {
  return `/${version}/${encodeURIComponent(session.projectId ?? '')}/${rest}`;
}

interface TokenBody {
  token: {
    expires_at: string;
    project?: { id: string; name: string };
    domain?: { id: string; name: string };
    user: { name: string; domain: { name: string } };
  };
}

async function requestToken(auth: unknown): Promise<{ token: string; body: TokenBody }> {
  let response: Response;
  try {
    response = await fetch('/v3/auth/tokens?nocatalog=1', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ auth }),
      credentials: 'omit',
    });
  } catch (error) {
    throw new ApiFailure(0, undefined, `The service could not be reached (${(error as Error).message}).`, undefined);
  }
  const text = await response.text();
  const json = text ? JSON.parse(text) : undefined;
  if (!response.ok) throw failureFrom(response.status, response.statusText, json);
  const token = response.headers.get('X-Subject-Token');
  if (!token) throw new ApiFailure(response.status, undefined, 'The answer carried no X-Subject-Token.', undefined);
  return { token, body: json as TokenBody };
}

/** A project-scoped session from a token answer. */
function sessionFrom(token: string, body: TokenBody, operatorKey: string | undefined): Session {
  return {
    token,
    expiresAt: body.token.expires_at,
    projectId: body.token.project?.id,
    projectName: body.token.project?.name,
    userName: body.token.user.name,
    accountName: body.token.user.domain.name,
    ...(operatorKey ? { operatorKey } : {}),
  };
}

export interface Project {
  id: string;
  name: string;
  enabled?: boolean;
}

/**
 * Signs in with the password method. With a project name the token is scoped to it; without one, a domain-scoped
 * token finds the user's projects (GET /v3/auth/projects) and is rescoped to the first (the token method). Answers
 * the session without keeping it (the caller keeps it once every check passed).
 */
export async function signIn(input: {
  account: string;
  user: string;
  password: string;
  project: string;
}): Promise<Session> {
  const identity = {
    methods: ['password'],
    password: { user: { name: input.user, password: input.password, domain: { name: input.account } } },
  };
  if (input.project) {
    const { token, body } = await requestToken({ identity, scope: { project: { name: input.project } } });
    return sessionFrom(token, body, undefined);
  }
  const domain = await requestToken({ identity, scope: { domain: { name: input.account } } });
  const projects = await listProjects(domain.token);
  if (projects.length === 0) throw new ApiFailure(0, undefined, 'The user has no project to sign in to.', undefined);
  return rescope(domain.token, projects[0]!.id);
}

/** The projects the signed-in user may scope a token to. */
export async function listProjects(token = session.token): Promise<Project[]> {
  const response = await fetch('/v3/auth/projects', {
    headers: { 'X-Auth-Token': token ?? '', Accept: 'application/json' },
    credentials: 'omit',
  });
  const json = await response.json().catch(() => undefined);
  if (!response.ok) throw failureFrom(response.status, response.statusText, json);
  return ((json as { projects: Project[] }).projects ?? []).filter((p) => p.enabled !== false);
}

async function rescope(token: string, projectId: string): Promise<Session> {
  const rescoped = await requestToken({
    identity: { methods: ['token'], token: { id: token } },
    scope: { project: { id: projectId } },
  });
  return sessionFrom(rescoped.token, rescoped.body, undefined);
}

/** Rescopes the session's token to another project of the account, and keeps the new session. */
export async function switchProject(projectId: string): Promise<void> {
  const next = await rescope(session.token ?? '', projectId);
  setSession({ ...next, ...(session.operatorKey ? { operatorKey: session.operatorKey } : {}) });
}

/** Checks an operator key against the operator API (the list of model deployments). */
export async function checkOperatorKey(operatorKey: string): Promise<void> {
  await call('GET', '/operator/v1/maas/models', { headers: { 'X-Operator-Key': operatorKey }, anonymous: true });
}
