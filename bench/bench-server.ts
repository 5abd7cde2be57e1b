import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { operatorKey, request, spawnServer, tokenRequest } from '../test/helpers/server.js';

/** The built server as its own process for a benchmark, its admin logged in, and how to call it. */
export interface BenchServer {
  baseUrl: string;
  token: string;
  projectId: string;
  operatorKey: string;
  /** A JSON call with the admin's token (or the operator key for /operator paths); answers the parsed body. */
  call(method: string, url: string, body?: unknown): Promise<any>;
  /** What the process wrote to standard output and error so far. */
  output(): string;
  stop(): Promise<void>;
  /** Kills the process with SIGKILL (no shutdown at all), leaving its data folder; resolves once it has exited. */
  kill(): Promise<void>;
}

/**
 * Starts the server with a fresh data folder, rate limits out of the way, the operator API on and model servers on
 * this machine allowed, plus the given settings, and logs in as its first account's admin.
 */
export async function startBenchServer(
  env: Record<string, string> = {},
  options: { dataDir?: string } = {},
): Promise<BenchServer> {
  // A data folder given (a server started again on it) is the caller's to remove.
  const dataDir = options.dataDir ?? mkdtempSync(path.join(os.tmpdir(), 'aisp-bench-'));
  const server = await spawnServer({
    AISP_DATA_DIR: dataDir,
    AISP_BOOTSTRAP_ACCOUNT: 'bench',
    AISP_BOOTSTRAP_PASSWORD: 'bench-password',
    AISP_BOOTSTRAP_PROJECT: 'main',
    AISP_RATE_LIMIT_PER_SECOND: '1000000',
    AISP_RATE_LIMIT_BURST: '1000000',
    AISP_UPSTREAM_ALLOW_PRIVATE: 'true',
    AISP_WARM_UP_CLASSIFIER: 'false',
    AISP_OPERATOR_KEY: operatorKey,
    ...env,
  });
  const stop = async () => {
    await server.stop();
    if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    const login = await request(server.baseUrl, 'POST', '/v3/auth/tokens', {
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(tokenRequest('admin', 'bench-password', 'bench', 'main')),
    });
    const token = login.headers['x-subject-token'] as string;
    return {
      baseUrl: server.baseUrl,
      token,
      projectId: login.json.token.project.id as string,
      operatorKey,
      async call(method, url, body) {
        const auth: Record<string, string> = url.startsWith('/operator/')
          ? { 'X-Operator-Key': operatorKey }
          : { 'X-Auth-Token': token };
        const res = await request(server.baseUrl, method, url, {
          headers: { 'Content-Type': 'application/json', ...auth },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
        if (res.status >= 400) throw new Error(`${method} ${url}: ${res.status} ${res.text}`);
        return res.json;
      },
      output: () => server.output(),
      stop,
      async kill() {
        server.child.kill('SIGKILL');
        await server.exited;
      },
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** A script of bench/ (the fixed-answer upstream, the minimal proxy) as its own process, once it listens. */
export async function startScript(script: string, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, [path.resolve('bench', script), String(port)], { stdio: 'ignore' });
  for (let i = 0; i < 100; i++) {
    try {
      await fetch(`http://127.0.0.1:${port}/v1/chat/completions`, { method: 'POST', body: '{}' });
      return child;
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  child.kill();
  throw new Error(`${script} on port ${port} did not start`);
}

/**
 * Custom endpoints (content guard off, as a plain proxy has none) on one tenant service of the fixed-answer upstream
 * at `upstreamPort`, one per entry of `endpoints` (its name and any further fields); answers an API key for them.
 */
export async function fixedAnswerEndpoints(
  server: BenchServer,
  upstreamPort: number,
  endpoints: Record<string, Record<string, unknown>>,
): Promise<string> {
  const { projectId: project, call } = server;
  const service = await call('POST', `/v1/${project}/services`, {
    service_name: 'fixed',
    upstream_url: `http://127.0.0.1:${upstreamPort}/v1`,
    mount_to_maas_gateway: true,
  });
  const agreement = await call('GET', `/v1/${project}/maas/compliance/agreements?lang=en`);
  for (const [name, fields] of Object.entries(endpoints)) {
    await call('POST', `/v1/${project}/maas/services/custom-endpoint/endpoint`, {
      endpoint_name: name,
      source: 'custom_from_modelarts_v2',
      infer_service_id: service.service_id,
      moderation: false,
      agreement_id: agreement.agreement_id,
      ...fields,
    });
  }
  return (await call('POST', `/v2/${project}/maas/api-auth/api-keys`, { allow_all: true })).api_key as string;
}

/** The gateway process's CPU seconds so far (user and system), from its own /metrics. */
export async function gatewayCpuSeconds(server: BenchServer): Promise<number> {
  const text = (await request(server.baseUrl, 'GET', '/metrics', { headers: { 'X-Operator-Key': server.operatorKey } }))
    .text;
  const line = text.split('\n').find((l) => l.startsWith('aisp_process_cpu_seconds_total '));
  return Number(line!.split(' ')[1]);
}
