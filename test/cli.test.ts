import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { loadConfig } from '../src/config.js';
import { loadEnvFile } from '../src/ops/env-file.js';
import { operatorKey, request, spawnServer } from './helpers/server.js';

const main = path.resolve('dist/src/main.js');

describe('the aisp command', () => {
  it('is the package bin: dist/src/main.js, executable, with a node shebang', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
    assert.deepEqual(pkg.bin, { aisp: 'dist/src/main.js' });
    assert.notEqual(statSync(main).mode & 0o111, 0, 'not executable after the build');
    assert.equal(readFileSync(main, 'utf8').split('\n')[0], '#!/usr/bin/env node');
  });

  it('prints its usage for --help, run as the executable itself (as npm links it)', () => {
    for (const args of [['--help'], ['-h'], ['help'], ['admin', '--help'], ['serve', '--help']]) {
      const run = spawnSync(main, args, { encoding: 'utf8', timeout: 30_000 });
      assert.equal(run.status, 0, `${args.join(' ')}: ${run.stderr}`);
      assert.match(run.stdout, /^usage:\n {2}aisp serve/);
      assert.match(run.stdout, /aisp admin bootstrap --account A/);
      assert.match(run.stdout, /AISP_SHUTDOWN_DEADLINE_MS/);
    }
  });

  it('refuses an unknown command with the usage, exit status 1', () => {
    const run = spawnSync(process.execPath, [main, 'frobnicate'], { encoding: 'utf8', timeout: 30_000 });
    assert.equal(run.status, 1);
    assert.match(run.stderr, /usage:/);
  });
});

describe('.env file', () => {
  const withDir = (files: Record<string, string>, check: (dir: string) => void) => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'aisp-env-'));
    try {
      for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
      check(dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };

  it('adds what the environment does not set; the environment wins, even with an empty value', () => {
    const text = [
      '# settings for this machine',
      'AISP_PORT=9999',
      'AISP_LOG_LEVEL="warn"',
      "AISP_OPERATOR_KEY='from the file, with spaces'",
      'export AISP_DEFAULT_REGION=eu-west-0 # trailing comment',
      'AISP_PUBLIC_URL=',
      'AISP_REDIS_URL=redis://file:6379',
    ].join('\n');
    withDir({ '.env': text }, (dir) => {
      const env: Record<string, string | undefined> = { AISP_PORT: '8081', AISP_REDIS_URL: '' };
      const loaded = loadEnvFile(env, dir);
      assert.equal(loaded?.file, path.join(dir, '.env'));
      assert.deepEqual(env, {
        AISP_PORT: '8081',
        AISP_REDIS_URL: '',
        AISP_LOG_LEVEL: 'warn',
        AISP_OPERATOR_KEY: 'from the file, with spaces',
        AISP_DEFAULT_REGION: 'eu-west-0',
        AISP_PUBLIC_URL: '',
      });
      assert.deepEqual(loaded?.applied.sort(), [
        'AISP_DEFAULT_REGION',
        'AISP_LOG_LEVEL',
        'AISP_OPERATOR_KEY',
        'AISP_PUBLIC_URL',
      ]);
    });
  });

  it('reads nothing without a .env file, and the file AISP_ENV_FILE names instead of .env', () => {
    withDir({ 'prod.env': 'AISP_PORT=7000\n' }, (dir) => {
      const env: Record<string, string | undefined> = {};
      assert.equal(loadEnvFile(env, dir), undefined);
      assert.deepEqual(env, {});
      const named: Record<string, string | undefined> = { AISP_ENV_FILE: 'prod.env' };
      loadEnvFile(named, dir);
      assert.equal(named.AISP_PORT, '7000');
      // A file asked for by name must be there.
      assert.throws(() => loadEnvFile({ AISP_ENV_FILE: 'missing.env' }, dir), /cannot read the env file/);
    });
  });

  it('ships a .env.example that loads as a valid config and names only documented variables', () => {
    const env: Record<string, string | undefined> = { AISP_ENV_FILE: '.env.example' };
    assert.ok(loadEnvFile(env)!.applied.includes('AISP_SHUTDOWN_DEADLINE_MS'));
    assert.equal(loadConfig(env).shutdownDeadlineMs, 25_000);
    const readme = readFileSync('README.md', 'utf8');
    const named = new Set(readFileSync('.env.example', 'utf8').match(/AISP_[A-Z0-9_]+/g));
    for (const name of named) assert.ok(readme.includes(name), `${name} is not in the README`);
  });

  it('configures the served process from .env in its working directory, the environment winning', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'aisp-envserve-'));
    const fileKey = 'key-from-the-env-file-000';
    writeFileSync(
      path.join(dir, '.env'),
      [`AISP_OPERATOR_KEY=${fileKey}`, 'AISP_METRICS_PUBLIC=true', 'AISP_WARM_UP_CLASSIFIER=false'].join('\n'),
    );
    try {
      // The data folder is the default, ./data, in the working directory.
      const server = await spawnServer({ AISP_OPERATOR_KEY: operatorKey }, { cwd: dir });
      try {
        // Set by the file only.
        assert.equal((await request(server.baseUrl, 'GET', '/metrics')).status, 200);
        // Set by both: the environment's key works, the file's does not.
        const models = (key: string) =>
          request(server.baseUrl, 'GET', '/operator/v1/maas/models', { headers: { 'X-Operator-Key': key } });
        assert.equal((await models(operatorKey)).status, 200);
        assert.notEqual((await models(fileKey)).status, 200);
        assert.ok(statSync(path.join(dir, 'data', 'aisp.db')).isFile());
      } finally {
        await server.stop();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
