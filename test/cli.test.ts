import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { loadConfig } from '../src/config.js';
import { loadEnvFile } from '../src/ops/env-file.js';
import { passwordPolicy, passwordRule } from '../src/identity/password-policy.js';
import { operatorKey, request, spawnServer, tokenRequest } from './helpers/server.js';

const main = path.resolve('dist/src/main.js');

/** Runs the aisp command in a fresh working directory (no .env of the checkout), `input` on its standard input. */
function aisp(args: string[], env: Record<string, string> = {}, input = '') {
  const cwd = mkdtempSync(path.join(os.tmpdir(), 'aisp-cwd-'));
  try {
    const { AISP_ADMIN_PASSWORD: _ignored, ...inherited } = process.env;
    return spawnSync(process.execPath, [main, ...args], {
      encoding: 'utf8',
      timeout: 60_000,
      cwd,
      env: { ...inherited, ...env },
      input,
    });
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
}

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

  it('prints the package version for --version and -v, without starting anything', () => {
    const { version } = JSON.parse(readFileSync('package.json', 'utf8'));
    for (const flag of ['--version', '-v']) {
      const run = aisp([flag]);
      assert.equal(run.status, 0, run.stderr);
      assert.equal(run.stdout, `${version}\n`);
    }
  });

  it('names an unknown command, option or value on stderr with exit status 2, not the usage', () => {
    const cases: [string[], RegExp][] = [
      [['frobnicate'], /^aisp: unknown command 'frobnicate' \(commands: serve, admin/],
      [['admin', 'frob'], /^aisp admin: unknown command 'frob' \(admin commands: bootstrap, account-state, openapi\)/],
      [['serve', '--port', '80'], /^aisp serve: Unknown option '--port'/],
      [['--colour'], /^aisp serve: Unknown option '--colour'/],
      [['serve', 'now'], /^aisp serve: Unexpected argument 'now'/],
      [['--version', 'x'], /^aisp --version: Unexpected argument 'x'/],
      [
        ['admin', 'account-state', '--account', 'acme', '--state', 'asleep'],
        /--state 'asleep' is not one of normal, frozen, restricted/,
      ],
      [['admin', 'account-state', '--account', 'acme'], /^aisp admin account-state: --state is required/],
      [
        ['admin', 'account-state', '--state', 'frozen', '--account'],
        /^aisp admin account-state: Option '--account <value>' argument missing/,
      ],
      [
        ['admin', 'bootstrap', '--account', 'acme', '--user', 'admin', '--projekt', 'p'],
        /^aisp admin bootstrap: Unknown option '--projekt'/,
      ],
      [['admin', 'openapi', 'a.json', 'b.json'], /^aisp admin openapi: unexpected argument 'b.json'/],
    ];
    for (const [args, message] of cases) {
      const run = aisp(args);
      assert.equal(run.status, 2, `${args.join(' ')}: ${run.stderr}`);
      assert.match(run.stderr, message, args.join(' '));
      assert.doesNotMatch(run.stderr, /usage:/);
      assert.equal(run.stdout, '');
    }
  });
});

describe('aisp admin bootstrap: the password', () => {
  const withDataDir = async (check: (env: Record<string, string>) => Promise<void>) => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'aisp-cli-'));
    try {
      await check({ AISP_DATA_DIR: dir, AISP_LOG_LEVEL: 'warn' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  const bootstrap = (account: string, env: Record<string, string>, input?: string) =>
    aisp(['admin', 'bootstrap', '--account', account, '--user', 'admin', '--project', 'cn-test-1'], env, input);

  it('is refused as an argument, saying where it is read from, and the value is not shown', () => {
    for (const args of [['--password', 'hunter2-secret'], ['--password=hunter2-secret'], ['--password']]) {
      const run = aisp(['admin', 'bootstrap', '--account', 'acme', '--user', 'admin', ...args]);
      assert.equal(run.status, 2);
      assert.match(
        run.stderr,
        /--password is not taken.*set AISP_ADMIN_PASSWORD or give the password as one line on standard input/,
      );
      assert.doesNotMatch(run.stderr + run.stdout, /hunter2/);
    }
  });

  it('is read from one line of standard input or from AISP_ADMIN_PASSWORD, and then logs in', async () => {
    await withDataDir(async (env) => {
      const piped = bootstrap('piped', env, 'piped-password-1\nnot read\n');
      assert.equal(piped.status, 0, piped.stderr);
      assert.match(JSON.parse(piped.stdout).access_key, /^[A-Z0-9]{20}$/);
      const fromEnv = bootstrap('fromenv', { ...env, AISP_ADMIN_PASSWORD: 'env-password-1' }, 'ignored-when-env-set\n');
      assert.equal(fromEnv.status, 0, fromEnv.stderr);
      // A second bootstrap of the same account changes nothing.
      const again = bootstrap('piped', env, 'other-password-1');
      assert.equal(again.status, 1);
      assert.match(again.stderr, /account "piped" exists already; nothing changed/);

      const server = await spawnServer(env);
      try {
        const login = (account: string, password: string) =>
          request(server.baseUrl, 'POST', '/v3/auth/tokens', {
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify(tokenRequest('admin', password, account, 'cn-test-1')),
          });
        assert.equal((await login('piped', 'piped-password-1')).status, 201);
        assert.equal((await login('fromenv', 'env-password-1')).status, 201);
        assert.equal((await login('fromenv', 'ignored-when-env-set')).status, 401);
      } finally {
        await server.stop();
      }
    });
  });

  it('keeps the password policy of the IAM API, in the same words', async () => {
    await withDataDir(async (env) => {
      const empty = bootstrap('acme', env, '');
      assert.equal(empty.status, 2);
      assert.match(empty.stderr, /no password: set AISP_ADMIN_PASSWORD or give the password as one line/);
      for (const password of ['short', 'x'.repeat(passwordPolicy.maxLength + 1)]) {
        const run = bootstrap('acme', env, `${password}\n`);
        assert.equal(run.status, 2);
        assert.equal(run.stderr, `aisp admin bootstrap: the password ${passwordRule}\n`);
        assert.ok(!run.stderr.includes(password));
      }
      assert.equal(passwordRule, 'must be 8 to 128 characters');
      const server = await spawnServer({ ...env, AISP_OPERATOR_KEY: operatorKey });
      try {
        const res = await request(server.baseUrl, 'POST', '/operator/v1/accounts', {
          headers: { 'X-Operator-Key': operatorKey, 'Content-Type': 'application/json' },
          body: JSON.stringify({ name: 'acme', admin_password: 'short' }),
        });
        assert.equal(res.status, 400);
        assert.equal(res.json.error_code, 'IAM.0002');
        assert.match(res.json.error_msg, new RegExp(`: admin_password ${passwordRule}$`));
      } finally {
        await server.stop();
      }
      // Nothing was created by the refused commands: the account name is free.
      assert.equal(bootstrap('acme', env, 'long-enough-1\n').status, 0);
    });
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
