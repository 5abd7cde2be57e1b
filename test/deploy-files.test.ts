import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { TSchema } from '@sinclair/typebox';
import { parse as parseYaml } from 'yaml';
import { ConfigSchema, defaultConfig, loadConfig } from '../src/config.js';
import { shutdownGraceMs } from '../src/ops/shutdown.js';
import { startServer, type TestServer } from './helpers/server.js';

/**
 * The container and cluster files (Dockerfile, compose.yaml, deploy/) against the code they deploy: no server image or
 * cluster is needed. The settings they name are real, the paths they probe answer 200, the time they give a stopping
 * instance covers the shutdown deadline, and the image builds and starts the way the README does.
 */
const read = (file: string) => readFileSync(path.resolve(file), 'utf8');

/** Every file the deployment consists of, as repository paths. */
const deployFiles = [
  'Dockerfile',
  '.dockerignore',
  'compose.yaml',
  ...readdirSync('deploy', { recursive: true, encoding: 'utf8' })
    .map((name) => path.join('deploy', name))
    .filter((file) => statSync(file).isFile()),
].sort();

/** The AISP_* variables of the configuration schema (each setting's `env`), read from the schema itself. */
function settingVariables(schema: TSchema, names = new Set<string>()): Set<string> {
  if (typeof schema.env === 'string') names.add(schema.env);
  for (const child of Object.values((schema.properties ?? {}) as Record<string, TSchema>))
    settingVariables(child, names);
  return names;
}

/** `FROM ... AS name` stages of the Dockerfile, each with its instructions (continuation lines joined). */
function dockerfileStages(text: string): Map<string, { instruction: string; args: string }[]> {
  const stages = new Map<string, { instruction: string; args: string }[]>();
  let current: { instruction: string; args: string }[] | undefined;
  const logical = text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  for (const line of logical) {
    const [, instruction, args] = /^(\w+)\s+(.*)$/.exec(line) ?? [];
    if (!instruction) continue;
    if (instruction.toUpperCase() === 'FROM') {
      current = [];
      stages.set(/\bAS\s+(\S+)/i.exec(args)?.[1] ?? String(stages.size), current);
    }
    current?.push({ instruction: instruction.toUpperCase(), args });
  }
  return stages;
}

/** The shell commands of a `RUN`, without BuildKit's `--mount=...` options. */
const runCommands = (args: string) =>
  args
    .replace(/^(--\S+\s+)+/, '')
    .split('&&')
    .map((c) => c.trim().replace(/\s+/g, ' '));

/** The commands of the README's first code block: the two a new user types. */
function readmeFirstCommands(): string[] {
  const block = /```sh\n([\s\S]*?)```/.exec(read('README.md'))?.[1] ?? '';
  return block
    .split('\n')
    .map((line) => line.replace(/#.*$/, '').trim())
    .filter((line) => line !== '')
    .flatMap((line) => line.split('&&').map((c) => c.trim()));
}

const packageJson = JSON.parse(read('package.json')) as { scripts: Record<string, string> };
const values = parseYaml(read('deploy/helm/aisp/values.yaml')) as {
  port: number;
  settings: Record<string, string>;
  preStopSleepSeconds: number;
  terminationGracePeriodSeconds: number;
  podDisruptionBudget: { minAvailable: number };
  replicaCount: number;
};
const compose = parseYaml(read('compose.yaml'), { merge: true }) as {
  services: Record<
    string,
    {
      environment?: Record<string, string>;
      secrets?: { source: string; target: string }[];
      stop_grace_period?: string;
      image?: string;
      build?: string;
      depends_on?: Record<string, unknown>;
      ports?: string[];
    }
  >;
  secrets: Record<string, { file: string }>;
};
const deployment = read('deploy/helm/aisp/templates/deployment.yaml');
const dockerfile = dockerfileStages(read('Dockerfile'));

describe('deployment files', () => {
  it('name only real settings: every AISP_* variable is one of the configuration schema', () => {
    const known = settingVariables(ConfigSchema);
    assert.ok(known.size > 50, `the schema walk found only ${known.size} variables`);
    const used = new Map<string, string[]>();
    for (const file of deployFiles)
      for (const [name] of read(file).matchAll(/\bAISP_[A-Z0-9_]*[A-Z0-9]\b/g))
        used.set(name, [...(used.get(name) ?? []), file]);
    const unknown = [...used].filter(([name]) => !known.has(name)).map(([name, files]) => `${name} in ${files}`);
    assert.deepEqual(unknown, [], 'not settings');
    // What the deployment cannot do without is there.
    for (const name of ['AISP_MASTER_KEY', 'AISP_OPERATOR_KEY', 'AISP_DATABASE_URL', 'AISP_REDIS_URL', 'AISP_DATA_DIR'])
      assert.ok(used.has(name), `${name} is named nowhere`);
  });

  it('give values the configuration accepts (image, compose and chart settings loaded as the server loads them)', () => {
    const imageEnv = Object.fromEntries(
      dockerfile
        .get('runtime')!
        .filter((i) => i.instruction === 'ENV')
        .flatMap((i) => [...i.args.matchAll(/(\w+)=(\S+)/g)].map(([, name, value]) => [name, value])),
    );
    assert.equal(imageEnv.AISP_DATA_DIR, '/data');
    assert.equal(imageEnv.AISP_HOST, '0.0.0.0', 'the image must listen beyond its loopback');
    const keys = { AISP_MASTER_KEY: 'ab'.repeat(32), AISP_OPERATOR_KEY: 'an-operator-key-0123' };
    for (const [name, service] of Object.entries(compose.services).filter(([, s]) => s.image === 'aisp:local')) {
      const config = loadConfig({ ...imageEnv, ...service.environment, ...keys });
      assert.match(config.databaseUrl, /^postgres:\/\//, `${name}: not on PostgreSQL`);
      assert.ok(config.redisUrl, `${name}: no Redis`);
    }
    const chart = loadConfig({ ...imageEnv, ...values.settings, ...keys, AISP_PORT: String(values.port) });
    assert.equal(chart.port, values.port);
  });

  it('keep the master and operator keys in secrets, never in plain settings', () => {
    for (const [name, service] of Object.entries(compose.services).filter(([, s]) => s.image === 'aisp:local')) {
      assert.deepEqual(
        service.secrets?.map((s) => s.target).sort(),
        ['AISP_MASTER_KEY', 'AISP_OPERATOR_KEY'],
        `${name}: the keys are not compose secrets`,
      );
      for (const secret of service.secrets ?? []) assert.ok(compose.secrets[secret.source], secret.source);
      assert.ok(!('AISP_MASTER_KEY' in (service.environment ?? {})), `${name}: master key in plain environment`);
    }
    // The entrypoint turns /run/secrets/AISP_* into the variables; it must be executable and end by exec.
    const entrypoint = 'deploy/docker-entrypoint.sh';
    assert.ok(statSync(entrypoint).mode & 0o111, `${entrypoint} is not executable`);
    assert.match(read(entrypoint), /\/run\/secrets\/AISP_\*/);
    assert.match(read(entrypoint), /^exec "\$@"$/m);
    for (const name of ['AISP_MASTER_KEY', 'AISP_OPERATOR_KEY'])
      assert.match(
        deployment,
        new RegExp(`- name: ${name}\\n\\s+valueFrom:\\n\\s+secretKeyRef:`),
        `${name} is not read from a Secret in the chart`,
      );
    assert.doesNotMatch(read('deploy/helm/aisp/templates/configmap.yaml'), /KEY|databaseUrl|redisUrl/);
    assert.match(read('.dockerignore'), /^deploy\/compose\/secrets$/m);
    assert.match(read('.gitignore'), /^deploy\/compose\/secrets\/$/m);
  });

  it('stop within the time the orchestrator gives: grace above the preStop sleep, the deadline and the last writes', () => {
    const deadlineMs = Number(values.settings.AISP_SHUTDOWN_DEADLINE_MS ?? defaultConfig.shutdownDeadlineMs);
    assert.equal(deadlineMs, defaultConfig.shutdownDeadlineMs, 'the chart and the server disagree on the deadline');
    assert.ok(
      values.terminationGracePeriodSeconds * 1000 > values.preStopSleepSeconds * 1000 + deadlineMs + shutdownGraceMs,
      `terminationGracePeriodSeconds ${values.terminationGracePeriodSeconds} s is not above ${values.preStopSleepSeconds} s + ${deadlineMs} ms + ${shutdownGraceMs} ms`,
    );
    assert.match(deployment, /terminationGracePeriodSeconds: \{\{ \.Values\.terminationGracePeriodSeconds \}\}/);
    assert.match(deployment, /command: \['sleep', '\{\{ \.Values\.preStopSleepSeconds \}\}'\]/);
    for (const [name, service] of Object.entries(compose.services).filter(([, s]) => s.image === 'aisp:local')) {
      const grace = Number(/^(\d+)s$/.exec(service.stop_grace_period ?? '')?.[1]);
      assert.ok(grace * 1000 > deadlineMs + shutdownGraceMs, `${name}: stop_grace_period ${service.stop_grace_period}`);
    }
  });

  it('run two instances behind one port, with a disruption budget that keeps one', () => {
    const instances = Object.entries(compose.services).filter(([, s]) => s.image === 'aisp:local');
    assert.equal(instances.length, 2);
    assert.ok(compose.services.postgres && compose.services.redis);
    const published = Object.entries(compose.services).filter(([, s]) => s.ports?.length);
    assert.deepEqual(
      published.map(([name]) => name),
      ['proxy'],
      'only the proxy publishes a port',
    );
    const nginx = read('deploy/compose/nginx.conf');
    const upstreams = [...nginx.matchAll(/^\s*server (\S+):(\d+)/gm)].map(([, host, port]) => `${host}:${port}`);
    assert.deepEqual(upstreams.sort(), instances.map(([name]) => `${name}:8080`).sort());
    assert.match(read('deploy/helm/aisp/templates/pdb.yaml'), /kind: PodDisruptionBudget/);
    assert.ok(values.replicaCount > values.podDisruptionBudget.minAvailable);
  });

  it('build the image as the README installs, and start it as npm start does', () => {
    // README: `npm install && npm start`. npm install runs the package's prepare script, which is the build; the image
    // runs `npm ci` (the same install, held to package-lock.json, as CI does) without --ignore-scripts, so it builds
    // the same way, and then starts what `npm start` starts, without npm and its shell between tini and node.
    assert.deepEqual(readmeFirstCommands().slice(0, 2), ['npm install', 'npm start']);
    assert.equal(packageJson.scripts.prepare, 'npm run build');
    const build = dockerfile.get('build')!;
    const commands = build.filter((i) => i.instruction === 'RUN').flatMap((i) => runCommands(i.args));
    const install = commands.filter((c) => /^npm (ci|install|i)\b/.test(c));
    assert.equal(install.length, 1, `one install, not ${install}`);
    assert.match(install[0]!, /^npm ci\b/);
    assert.doesNotMatch(install[0]!, /--ignore-scripts|--omit/, 'the install must run prepare (the build)');
    assert.ok(commands.indexOf(install[0]!) < commands.findIndex((c) => c.startsWith('npm prune --omit=dev')));
    const runtime = dockerfile.get('runtime')!;
    const cmd = JSON.parse(runtime.find((i) => i.instruction === 'CMD')!.args) as string[];
    assert.equal(cmd.join(' '), packageJson.scripts.start!.replace(/^exec /, ''));
    const entrypoint = JSON.parse(runtime.find((i) => i.instruction === 'ENTRYPOINT')!.args) as string[];
    assert.equal(entrypoint[0], '/usr/bin/tini', 'tini is PID 1');
    assert.equal(runtime.find((i) => i.instruction === 'USER')?.args, 'node', 'the service runs as a user');
    assert.ok(runtime.some((i) => i.instruction === 'VOLUME' && i.args.includes('/data')));
    // What the runtime stage copies from the build exists there: the build's outputs and the repository's files.
    for (const copy of runtime.filter((i) => i.instruction === 'COPY' && i.args.includes('--from=build'))) {
      const sources = copy.args
        .split(/\s+/)
        .filter((a) => !a.startsWith('--'))
        .slice(0, -1);
      for (const source of sources) {
        const local = source.replace(/^\/app\//, '');
        assert.ok(
          existsSync(local) || local.startsWith('dist/') || local === 'node_modules',
          `${source} is neither in the repository nor built`,
        );
      }
    }
    assert.match(packageJson.scripts.build!, /tsc -p tsconfig\.json/);
    assert.match(read('console/vite.config.ts'), /outDir: .*'\.\.\/dist\/console'/);
    for (const ignored of ['node_modules', 'dist', '.env', '.git'])
      assert.match(read('.dockerignore'), new RegExp(`^${ignored.replace('.', '\\.')}$`, 'm'));
  });

  it('parse as YAML (the chart templates when helm is installed)', (t) => {
    assert.equal(typeof parseYaml(read('deploy/helm/aisp/Chart.yaml')).version, 'string');
    const helm = spawnSync('helm', ['version'], { encoding: 'utf8' });
    if (helm.error) {
      t.skip('helm is not installed: the templates are checked as text only');
      return;
    }
    const rendered = spawnSync(
      'helm',
      [
        'template',
        'aisp',
        'deploy/helm/aisp',
        '--set',
        `keys.masterKey=${'ab'.repeat(32)},keys.operatorKey=an-operator-key-0123`,
        '--set',
        'databaseUrl=postgres://aisp:aisp@postgres:5432/aisp',
      ],
      { encoding: 'utf8' },
    );
    assert.equal(rendered.status, 0, rendered.stderr);
    const kinds = rendered.stdout
      .split(/^---$/m)
      .map((doc) => parseYaml(doc) as { kind?: string } | null)
      .map((doc) => doc?.kind)
      .filter(Boolean)
      .sort();
    assert.deepEqual(kinds, ['ConfigMap', 'Deployment', 'PodDisruptionBudget', 'Secret', 'Service']);
  });
});

describe('deployment probes', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer();
  });
  after(async () => {
    await server.close();
  });

  it('name paths the server answers 200 on', async () => {
    const probed = new Set<string>();
    for (const file of deployFiles) for (const [probe] of read(file).matchAll(/\/health\/[a-z]+/g)) probed.add(probe);
    assert.deepEqual(
      [...probed].sort(),
      ['/health/live', '/health/ready'],
      'the deployment probes other paths than expected',
    );
    assert.match(deployment, /livenessProbe:\n\s+httpGet:\n\s+path: \/health\/live\n/);
    assert.match(deployment, /readinessProbe:\n\s+httpGet:\n\s+path: \/health\/ready\n/);
    for (const probe of probed) {
      const res = await server.call('GET', probe);
      assert.equal(res.status, 200, `${probe}: ${res.status} ${res.text}`);
    }
  });
});
