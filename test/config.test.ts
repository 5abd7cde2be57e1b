import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { isKnownVariable, loadConfig, settingVariables } from '../src/config.js';
import { spawnServer } from './helpers/server.js';

describe('configuration', () => {
  // Every temporary folder the tests make, removed when they are done.
  const made: string[] = [];
  const tempDir = () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'aisp-config-'));
    made.push(dir);
    return dir;
  };
  after(() => {
    for (const dir of made) rmSync(dir, { recursive: true, force: true });
  });
  const file = (content: unknown) => {
    const name = path.join(tempDir(), 'config.json');
    writeFileSync(name, JSON.stringify(content));
    return name;
  };

  it('reads a config file and lets the environment override it', () => {
    const config = loadConfig({
      AISP_CONFIG: file({ gateway: { rateLimitPerSecond: 7 }, maas: { endpointQuotaPerAccount: 3 } }),
      AISP_ENDPOINT_QUOTA: '5',
    });
    assert.equal(config.gateway.rateLimitPerSecond, 7);
    assert.equal(config.maas.endpointQuotaPerAccount, 5);
    assert.equal(config.gateway.rateLimitBurst, 200);
  });

  it('refuses a misspelt key or a wrong type, naming it', () => {
    assert.throws(() => loadConfig({ AISP_CONFIG: file({ gateway: { bodyLimitByte: 5 } }) }), /gateway\/bodyLimitByte/);
    assert.throws(
      () => loadConfig({ AISP_CONFIG: file({ moderation: { fetch: { timeoutMs: 'soon' } } }) }),
      /moderation\/fetch\/timeoutMs/,
    );
    assert.throws(
      () => loadConfig({ AISP_PORT: 'eighty' }),
      /AISP_PORT=eighty: is not an integer; must be an integer from 0 to 65535/,
    );
  });

  it('reads comma-separated address ranges and refuses malformed ones, naming them', () => {
    const config = loadConfig({
      AISP_FETCH_ALLOWED_ADDRESSES: '127.0.0.1/32, 10.1.0.0/16,,fd00::/8',
      AISP_UPSTREAM_ALLOWED_ADDRESSES: '192.168.5.7',
    });
    assert.deepEqual(config.moderation.fetch.allowedAddresses, ['127.0.0.1/32', '10.1.0.0/16', 'fd00::/8']);
    assert.deepEqual(config.maas.inference.allowedAddresses, ['192.168.5.7']);
    assert.deepEqual(loadConfig({}).moderation.fetch.allowedAddresses, []);
    assert.throws(
      () => loadConfig({ AISP_FETCH_ALLOWED_ADDRESSES: '127.0.0.1/32,intranet' }),
      /AISP_FETCH_ALLOWED_ADDRESSES=127\.0\.0\.1\/32,intranet: item 2 \("intranet"\) is not valid; .*address or CIDR range/,
    );
    assert.throws(
      () => loadConfig({ AISP_CONFIG: file({ maas: { inference: { allowedAddresses: ['10.0.0.0/40'] } } }) }),
      /\/maas\/inference\/allowedAddresses = \["10\.0\.0\.0\/40"\] in .*config\.json: item 1 \("10\.0\.0\.0\/40"\)/,
    );
  });

  it('decides the database by the URL scheme: PostgreSQL, SQLite, or a refusal that does not repeat the URL', () => {
    const dataDir = path.join(os.tmpdir(), 'aisp-unused');
    const scheme = (databaseUrl: string) => loadConfig({ AISP_DATA_DIR: dataDir, AISP_DATABASE_URL: databaseUrl });
    for (const accepted of [
      'postgres://u:p@db/aisp',
      'postgresql://u:p@db/aisp',
      'sqlite:/var/lib/aisp/aisp.db',
      'sqlite:aisp.db',
      '/var/lib/aisp/aisp.db',
      'data/aisp.db',
      ':memory:',
    ]) {
      assert.equal(scheme(accepted).databaseUrl, accepted);
    }
    assert.equal(loadConfig({ AISP_DATA_DIR: dataDir }).databaseUrl, `sqlite:${path.join(dataDir, 'aisp.db')}`);
    for (const refused of [
      'postgress://u:hunter22@db/aisp',
      'mysql://u:hunter22@db/aisp',
      'file:/tmp/a.db',
      'sqlite:',
    ]) {
      assert.throws(
        () => scheme(refused),
        (error: Error) =>
          /^invalid configuration:\n {2}AISP_DATABASE_URL/.test(error.message) &&
          error.message.includes('postgres://') &&
          error.message.includes('sqlite:<file>') &&
          !error.message.includes('hunter22') &&
          !error.message.includes('@db'),
      );
    }
  });

  it('does not start with an unknown database scheme: a clear message, no password, no file', () => {
    const cwd = mkdtempSync(path.join(os.tmpdir(), 'aisp-cwd-'));
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'aisp-data-'));
    try {
      const run = spawnSync(process.execPath, [path.resolve('dist/src/main.js'), 'serve'], {
        cwd,
        encoding: 'utf8',
        timeout: 30_000,
        env: {
          ...process.env,
          AISP_DATA_DIR: dataDir,
          AISP_DATABASE_URL: 'postgress://aisp:s3cret-Passw0rd@db.example/aisp',
          AISP_PORT: '0',
          AISP_ENV_FILE: '',
        },
      });
      assert.notEqual(run.status, 0);
      const output = run.stdout + run.stderr;
      assert.match(output, /AISP_DATABASE_URL .*scheme.*postgres:\/\/.*postgresql:\/\/.*sqlite:<file>/);
      assert.ok(!output.includes('s3cret-Passw0rd'), output);
      assert.ok(!output.includes('db.example'), output);
      // Nothing was created: no SQLite file named after the URL, nothing in the data folder.
      assert.deepEqual(readdirSync(cwd), []);
      assert.deepEqual(readdirSync(dataDir), []);
    } finally {
      rmSync(cwd, { recursive: true, force: true });
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('does not start with a misspelt key in its config file', async () => {
    const dataDir = tempDir();
    await assert.rejects(
      spawnServer({ AISP_DATA_DIR: dataDir, AISP_CONFIG: file({ identity: { tokenTtl: 60 } }) }),
      /invalid configuration:[\s\S]*\/identity\/tokenTtl/,
    );
  });

  it('refuses an unknown AISP_ variable, naming it and the closest real one; ignores the test and tool variables', () => {
    assert.throws(
      () => loadConfig({ AISP_LOG_LEVL: 'debug', AISP_PORT: '8080' }),
      (error: Error) =>
        error.message === 'invalid configuration:\n  unknown setting AISP_LOG_LEVL; did you mean AISP_LOG_LEVEL?',
    );
    assert.throws(
      () => loadConfig({ AISP_OPERATORKEY: 'x', AISP_ZZZ: '1' }),
      /unknown setting AISP_OPERATORKEY; did you mean AISP_OPERATOR_KEY\?\n {2}unknown setting AISP_ZZZ$/,
    );
    // Reserved: the test harness's AISP_TEST_* and the tools' variables; and the loader's own.
    const config = loadConfig({
      AISP_TEST_REDIS_URL: 'redis://127.0.0.1:6379',
      AISP_TEST_ANYTHING: 'x',
      AISP_NODE_ARGS: '--cpu-prof',
      AISP_DATASETS_DIR: '/tmp',
      AISP_ENV_FILE: '',
      AISP_BOOTSTRAP_PASSWORD: 'a-long-password',
      AISP_LOG_LEVEL: 'debug',
    });
    assert.equal(config.logLevel, 'debug');
    assert.equal(config.bootstrap?.user, 'admin');
  });

  it('names the variable, the problem and the allowed values for every kind of setting, hiding secrets', () => {
    const refusal = (env: Record<string, string>) => {
      try {
        loadConfig(env);
      } catch (error) {
        return (error as Error).message;
      }
      assert.fail(`accepted ${JSON.stringify(env)}`);
    };
    const cases: [Record<string, string>, string][] = [
      [
        { AISP_LOG_LEVEL: 'verbose' },
        'AISP_LOG_LEVEL=verbose: is not one of the allowed values; must be one of fatal, error, warn, info, debug, trace, silent',
      ],
      [{ AISP_PORT: '70000' }, 'AISP_PORT=70000: is above 65535; must be an integer from 0 to 65535'],
      [{ AISP_JOBS_MAX_ATTEMPTS: '0' }, 'AISP_JOBS_MAX_ATTEMPTS=0: is below 1; must be an integer of at least 1'],
      [
        { AISP_SHUTDOWN_DEADLINE_MS: '5s' },
        'AISP_SHUTDOWN_DEADLINE_MS=5s: is not an integer; must be an integer of at least 0',
      ],
      [
        { AISP_METRICS_PUBLIC: 'yes' },
        'AISP_METRICS_PUBLIC=yes: is not true or false; must be true or false (in the environment also 1 or 0)',
      ],
      [
        { AISP_MAAS_MONTHLY_FREE_TOKENS: 'lots' },
        'AISP_MAAS_MONTHLY_FREE_TOKENS=lots: is not one of the allowed values; must be an integer of at least 0, or null',
      ],
      [
        { AISP_OTEL_ENDPOINT: 'collector:4318' },
        'AISP_OTEL_ENDPOINT=collector:4318: is not valid; must be an http:// or https:// URL',
      ],
      [
        { AISP_PUBLIC_URL: 'https://ai.example.com/v1' },
        'AISP_PUBLIC_URL=https://ai.example.com/v1: is not valid; must be an http:// or https:// origin with no path, e.g. https://ai.example.com',
      ],
      [
        { AISP_IMAGE_MODEL: 'big' },
        'AISP_IMAGE_MODEL=big: is not one of the allowed values; must be one of MobileNetV2Mid, MobileNetV2, InceptionV3',
      ],
      // Secrets, and URLs that may carry a password, are named but not shown.
      [
        { AISP_OPERATOR_KEY: 'hunter2' },
        'AISP_OPERATOR_KEY (value not shown): is shorter than 16 characters; must be text of at least 16 characters',
      ],
      [
        { AISP_REDIS_URL: 'http://:hunter2@cache' },
        'AISP_REDIS_URL (value not shown): is not valid; must be a redis:// or rediss:// URL',
      ],
      [
        { AISP_METRICS_TOKEN: 'hunter2' },
        'AISP_METRICS_TOKEN (value not shown): is shorter than 16 characters; must be text of at least 16 characters',
      ],
    ];
    for (const [env, line] of cases) assert.equal(refusal(env), `invalid configuration:\n  ${line}`);
    // All at once: one line each.
    const all = refusal(Object.assign({}, ...cases.map(([env]) => env)));
    assert.equal(all.split('\n').length, cases.length + 1);
    assert.ok(!all.includes('hunter2'), all);
    // A long value is cut short in the message.
    assert.match(refusal({ AISP_LOG_LEVEL: 'x'.repeat(10_000) }), /AISP_LOG_LEVEL=x{77}\.\.\.: is not one/);
  });

  it('explains a bad config file value with its path and file, and a misspelt key with the closest one', () => {
    const name = file({ gateway: { bodyLimitByte: 5, rateLimitPerSecond: -1 }, maas: 3, logLevel: 'loud' });
    assert.equal(
      (() => {
        try {
          loadConfig({ AISP_CONFIG: name });
        } catch (error) {
          return (error as Error).message;
        }
      })(),
      [
        'invalid configuration:',
        '  /logLevel = "loud" in NAME: is not one of the allowed values; must be one of fatal, error, warn, info, debug, trace, silent',
        '  /gateway/bodyLimitByte in NAME: unknown setting; did you mean /gateway/bodyLimitBytes?',
        '  /gateway/rateLimitPerSecond = -1 in NAME: is below 0; must be an integer of at least 0',
        '  /maas: must be an object of settings (endpointQuotaPerAccount, apiKeysPerAccount, modelsFile, defaultMonthlyFreeTokens, statisticsFlushMs, statisticsRetentionDays, otlpEndpoint, inference, batch, pool)',
      ]
        .join('\n')
        .replaceAll('NAME', name),
    );
    // The environment wins over the file, and so is the one named.
    assert.throws(
      () => loadConfig({ AISP_CONFIG: file({ port: 1 }), AISP_PORT: '-5' }),
      /invalid configuration:\n {2}AISP_PORT=-5: is below 0/,
    );
  });

  it('knows every AISP_ name the repository uses (tests, tools, CI, docs, examples, deployment files)', () => {
    const names = new Map<string, string>();
    const skip = new Set(['node_modules', 'dist', '.git', '.builds', 'README.md']);
    const misspeltOnPurpose = new Set([
      path.join('test', 'config.test.ts'),
      path.join('test', 'unit-closest-name.test.ts'),
    ]);
    const scan = (dir: string) => {
      for (const entry of readdirSync(dir)) {
        const full = path.join(dir, entry);
        // The tests of the refusals themselves name misspelt variables on purpose.
        if (skip.has(entry) || misspeltOnPurpose.has(full)) continue;
        if (statSync(full).isDirectory()) scan(full);
        else if (statSync(full).size < 2_000_000)
          // A name ending in _ is a family (AISP_OBS_*, AISP_TEST_*), not a variable.
          for (const [name] of readFileSync(full, 'utf8').matchAll(/\bAISP_[A-Z0-9_]*[A-Z0-9]\b/g))
            names.set(name, full);
      }
    };
    scan('.');
    // The README too, but for the placeholder in its description of how a setting is declared and the misspelt name
    // its Configuration section shows being refused.
    for (const [name] of readFileSync('README.md', 'utf8').matchAll(/\bAISP_[A-Z0-9_]*[A-Z0-9]\b/g))
      if (name !== 'AISP_X' && name !== 'AISP_LOG_LEVL') names.set(name, 'README.md');
    assert.ok(names.size > 50, `only ${names.size} names found: run from the repository root`);
    const unknown = [...names].filter(([name]) => !isKnownVariable(name));
    assert.deepEqual(unknown, []);
    assert.ok(settingVariables.includes('AISP_METRICS_TOKEN'));
  });

  it('does not start with an unknown variable from its .env file, naming it', () => {
    const cwd = mkdtempSync(path.join(os.tmpdir(), 'aisp-cwd-'));
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'aisp-data-'));
    try {
      writeFileSync(path.join(cwd, '.env'), 'AISP_LOG_LEVL=debug\n');
      const run = spawnSync(process.execPath, [path.resolve('dist/src/main.js'), 'serve'], {
        cwd,
        encoding: 'utf8',
        timeout: 30_000,
        env: { ...process.env, AISP_DATA_DIR: dataDir, AISP_PORT: '0' },
      });
      assert.notEqual(run.status, 0);
      assert.match(run.stdout + run.stderr, /unknown setting AISP_LOG_LEVL; did you mean AISP_LOG_LEVEL\?/);
      assert.deepEqual(readdirSync(dataDir), []);
    } finally {
      rmSync(cwd, { recursive: true, force: true });
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
