import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { AKSKSigner } from '@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner.js';
import { buildPlatform, type Platform, type PlatformOptions } from '../../src/app.js';
import { type Config, type DeepPartial, loadConfig } from '../../src/config.js';
import { signRequest } from '../../src/identity/aksk-signature.js';
import { pollUntil } from './poll.js';

export const operatorKey = 'test-operator-key-0123456789';
export const masterKey = 'a'.repeat(64);
export const adminPassword = 'admin-password-1';

export interface Response {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  json: any;
}

/** A plain HTTP/1.1 request over a real socket, with full control of headers (Host included) and raw bodies. */
export function request(
  baseUrl: string,
  method: string,
  urlPath: string,
  options: { headers?: Record<string, string>; body?: string | Buffer } = {},
): Promise<Response> {
  const url = new URL(urlPath, baseUrl);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: url.hostname, port: url.port, method, path: url.pathname + url.search, headers: options.headers ?? {} },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = text ? JSON.parse(text) : undefined;
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
      },
    );
    req.on('error', reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

export interface TestServer {
  baseUrl: string;
  platform: Platform;
  config: Config;
  accountName: string;
  projectId: string;
  userId: string;
  accessKey: string;
  secretKey: string;
  /** JSON request with an optional token. */
  call(
    method: string,
    urlPath: string,
    options?: { token?: string; body?: unknown; rawBody?: string | Buffer; headers?: Record<string, string> },
  ): Promise<Response>;
  /**
   * A request as the cloud's SDKs send it: JSON with `Content-Type: application/json` (GET included), signed by
   * `@huaweicloud/huaweicloud-sdk-core`'s own AKSKSigner with the administrator's AK/SK.
   */
  sdk(method: string, urlPath: string, body?: unknown): Promise<Response>;
  /** Request signed with an AK/SK pair (defaults to the administrator's). */
  signed(method: string, urlPath: string, body?: unknown, keys?: { ak: string; sk: string }): Promise<Response>;
  token(options?: { user?: string; password?: string; project?: string | null }): Promise<string>;
  operator(method: string, urlPath: string, body?: unknown): Promise<Response>;
  close(keepData?: boolean): Promise<void>;
}

/**
 * With AISP_TEST_POSTGRES_URL (an account that may create databases), every test server gets a database of its own
 * on that PostgreSQL server, named after its data folder; otherwise each uses SQLite in its data folder.
 */
export const testPostgresUrl = process.env.AISP_TEST_POSTGRES_URL;

function testDatabaseName(dataDir: string): string {
  return `aisp_${path
    .basename(dataDir)
    .replace(/[^A-Za-z0-9]/g, '_')
    .toLowerCase()}`;
}

async function adminQuery(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: testPostgresUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

async function testDatabaseUrl(dataDir: string): Promise<string | undefined> {
  if (!testPostgresUrl) return undefined;
  const name = testDatabaseName(dataDir);
  await adminQuery(`CREATE DATABASE ${name}`).catch((error: { code?: string }) => {
    if (error.code !== '42P04') throw error; // exists already: the same data folder, restarted
  });
  const url = new URL(testPostgresUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * Drops a test server's database once the server has closed. A plain DROP, since WITH (FORCE) fails for an account
 * that is not a superuser while an autovacuum worker is on the database, where a plain DROP tells the worker to stop
 * and waits for it; a connection still open (55006, in use) is waited for a little, then forced.
 */
async function dropTestDatabase(dataDir: string): Promise<void> {
  if (!testPostgresUrl) return;
  const name = testDatabaseName(dataDir);
  for (let attempt = 1; ; attempt++) {
    try {
      await adminQuery(`DROP DATABASE IF EXISTS ${name}${attempt === 5 ? ' WITH (FORCE)' : ''}`);
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== '55006' || attempt === 5) throw error;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

/** Starts the real server in this process on a free port with a temporary database. */
export async function startServer(
  overrides: DeepPartial<Config> = {},
  platformOptions: PlatformOptions = {},
): Promise<TestServer> {
  // A test that restarts the server passes the same dataDir twice; otherwise each server has its own.
  const dataDir = overrides.dataDir ?? mkdtempSync(path.join(os.tmpdir(), 'aisp-test-'));
  // loadConfig merges overrides deeply, so a test names only the settings it changes.
  const databaseUrl = await testDatabaseUrl(dataDir);
  const config = loadConfig(
    {},
    {
      ...(databaseUrl ? { databaseUrl } : {}),
      dataDir,
      masterKey,
      operatorKey,
      logLevel: 'silent',
      host: '127.0.0.1',
      port: 0,
      ...overrides,
      gateway: { rateLimitPerSecond: 10_000, rateLimitBurst: 10_000, ...overrides.gateway },
      moderation: { warmUpClassifier: false, ...overrides.moderation },
    },
  );
  const platform = await buildPlatform(config, platformOptions);
  const accountName = 'acme';
  const boot = await platform.identity.bootstrap({
    account: accountName,
    user: 'admin',
    password: adminPassword,
    project: 'cn-test-1',
  });
  await platform.app.listen({ host: '127.0.0.1', port: 0 });
  const address = platform.app.server.address() as net.AddressInfo;
  const baseUrl = `http://127.0.0.1:${address.port}`;
  const server: TestServer = {
    baseUrl,
    platform,
    config,
    accountName,
    projectId: boot.projectId,
    userId: boot.userId,
    accessKey: boot.accessKey!,
    secretKey: boot.secretKey!,
    call(method, urlPath, options = {}) {
      const headers: Record<string, string> = { ...(options.headers ?? {}) };
      if (options.token) headers['X-Auth-Token'] = options.token;
      let body = options.rawBody;
      if (options.body !== undefined) {
        body = JSON.stringify(options.body);
        headers['Content-Type'] ??= 'application/json';
      }
      return request(baseUrl, method, urlPath, { headers, ...(body !== undefined ? { body } : {}) });
    },
    sdk(method, urlPath, body) {
      const url = new URL(urlPath, baseUrl);
      const sdkRequest = {
        endpoint: `${baseUrl}${url.pathname}`,
        method,
        headers: { 'Content-Type': 'application/json' } as Record<string, string>,
        queryParams: Object.fromEntries(url.searchParams),
        ...(body !== undefined ? { data: body } : {}),
      };
      const credential = { getAk: () => server.accessKey, getSk: () => server.secretKey };
      const headers = AKSKSigner.sign(sdkRequest as never, credential as never) as Record<string, string>;
      return request(baseUrl, method, urlPath, {
        headers,
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
    },
    signed(method, urlPath, body, keys) {
      const text = body === undefined ? '' : JSON.stringify(body);
      const headers = signRequest(
        {
          method,
          url: urlPath,
          headers: body === undefined ? {} : { 'content-type': 'application/json' },
          body: text,
          host: `127.0.0.1:${address.port}`,
        },
        keys?.ak ?? server.accessKey,
        keys?.sk ?? server.secretKey,
      );
      return request(baseUrl, method, urlPath, { headers, ...(body !== undefined ? { body: text } : {}) });
    },
    async token(options = {}) {
      const project = options.project === undefined ? 'cn-test-1' : options.project;
      const res = await server.call('POST', '/v3/auth/tokens', {
        body: tokenRequest(options.user ?? 'admin', options.password ?? adminPassword, accountName, project),
      });
      if (res.status !== 201) throw new Error(`token request failed: ${res.status} ${res.text}`);
      return res.headers['x-subject-token'] as string;
    },
    operator(method, urlPath, body) {
      return server.call(method, urlPath, {
        headers: { 'X-Operator-Key': operatorKey },
        ...(body !== undefined ? { body } : {}),
      });
    },
    async close(keepData = false) {
      await platform.close();
      if (!keepData) {
        rmSync(dataDir, { recursive: true, force: true });
        await dropTestDatabase(dataDir);
      }
    },
  };
  return server;
}

export function tokenRequest(user: string, password: string, domain: string, project: string | null) {
  return {
    auth: {
      identity: { methods: ['password'], password: { user: { name: user, password, domain: { name: domain } } } },
      ...(project === null ? { scope: { domain: { name: domain } } } : { scope: { project: { name: project } } }),
    },
  };
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

export interface SpawnedServer {
  baseUrl: string;
  child: ChildProcess;
  /** What the process wrote so far (standard output and error). */
  output(): string;
  /** Its exit code (null when killed by a signal), once it exits. */
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

/**
 * Starts the built server as its own process (`node dist/src/main.js serve`), as `npm start` does; `cwd` is where it
 * runs (where it looks for a .env file): by default an empty folder of its own, so that a developer's .env in the
 * checkout never reaches a test (and is removed when the process exits: flags in AISP_NODE_ARGS that write files, such
 * as --cpu-prof, need an absolute --cpu-prof-dir).
 */
export async function spawnServer(env: Record<string, string>, options: { cwd?: string } = {}): Promise<SpawnedServer> {
  const port = await freePort();
  const cwd = options.cwd ?? mkdtempSync(path.join(os.tmpdir(), 'aisp-cwd-'));
  const child = spawn(
    process.execPath,
    [
      ...(process.env.AISP_NODE_ARGS ? process.env.AISP_NODE_ARGS.split(' ') : []),
      path.resolve('dist/src/main.js'),
      'serve',
    ],
    {
      env: { ...process.env, ...env, AISP_PORT: String(port), AISP_HOST: '127.0.0.1', AISP_LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
      cwd,
    },
  );
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      if (!options.cwd) rmSync(cwd, { recursive: true, force: true });
      resolve(code);
    }),
  );
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    await pollUntil(
      'the server to start',
      async () => {
        if (child.exitCode !== null) throw new Error('it exited');
        const res = await request(baseUrl, 'GET', '/health').catch(() => undefined); // not listening yet
        return res?.status === 200 ? true : undefined;
      },
      20_000,
      100,
    );
  } catch (error) {
    throw new Error(`server did not start (${(error as Error).message}): ${output}`);
  }
  return {
    baseUrl,
    child,
    output: () => output,
    exited,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** Asserts the catalogue's error body and status. */
export function expectError(res: Response, status: number, code: string, message: string): void {
  const ok = res.status === status && res.json?.error_code === code && res.json?.error_msg === message;
  if (!ok) {
    throw new Error(`expected ${status} ${code} "${message}", got ${res.status} ${res.text}`);
  }
  if (typeof res.headers['x-request-id'] !== 'string') throw new Error('error response without X-Request-Id');
}
