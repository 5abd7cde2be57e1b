import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
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

  it('does not start with a misspelt key in its config file', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'aisp-config-'));
    await assert.rejects(
      spawnServer({ AISP_DATA_DIR: dataDir, AISP_CONFIG: file({ identity: { tokenTtl: 60 } }) }),
      /invalid configuration:[\s\S]*\/identity\/tokenTtl/,
    );
  });
});
