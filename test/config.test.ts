import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { loadConfig } from '../src/config.js';
import { spawnServer } from './helpers/server.js';

describe('configuration', () => {
  const file = (content: unknown) => {
    const name = path.join(mkdtempSync(path.join(os.tmpdir(), 'aisp-config-')), 'config.json');
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
    assert.throws(() => loadConfig({ AISP_PORT: 'eighty' }), /AISP_PORT must be a non-negative integer/);
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
      /moderation\/fetch\/allowedAddresses\/1/,
    );
    assert.throws(
      () => loadConfig({ AISP_CONFIG: file({ maas: { inference: { allowedAddresses: ['10.0.0.0/40'] } } }) }),
      /maas\/inference\/allowedAddresses\/0/,
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
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'aisp-config-'));
    await assert.rejects(
      spawnServer({ AISP_DATA_DIR: dataDir, AISP_CONFIG: file({ identity: { tokenTtl: 60 } }) }),
      /invalid configuration:[\s\S]*\/identity\/tokenTtl/,
    );
  });
});
