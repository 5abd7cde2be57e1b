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
      AISP_CONFIG: file({ gateway: { rateLimitPerSecond: 7 }, maas: { endpointQuotaPerProject: 3 } }),
      AISP_ENDPOINT_QUOTA: '5',
    });
    assert.equal(config.gateway.rateLimitPerSecond, 7);
    assert.equal(config.maas.endpointQuotaPerProject, 5);
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

  it('does not start with a misspelt key in its config file', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'aisp-config-'));
    await assert.rejects(
      spawnServer({ AISP_DATA_DIR: dataDir, AISP_CONFIG: file({ identity: { tokenTtl: 60 } }) }),
      /invalid configuration:[\s\S]*\/identity\/tokenTtl/,
    );
  });
});
