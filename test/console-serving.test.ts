import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import Fastify from 'fastify';
import { consolePlugin, defaultConsoleRoot } from '../src/console/index.js';
import { startServer, type TestServer } from './helpers/server.js';

/** How the service sends the web console (without a browser; test/console.test.ts drives it in one). */
describe('web console files', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer();
  });
  after(async () => server.close());

  it('sends / and /console to /console/', async () => {
    for (const url of ['/', '/console']) {
      const res = await server.call('GET', url);
      assert.equal(res.status, 302, url);
      assert.equal(res.headers.location, '/console/');
    }
  });

  it('answers the app for /console/ and any page under it (deep links), with a strict policy and no caching', async () => {
    for (const url of ['/console/', '/console/maas/usage', '/console/moderation/glossaries?x=1']) {
      const res = await server.call('GET', url);
      assert.equal(res.status, 200, url);
      assert.match(res.headers['content-type'] ?? '', /^text\/html/);
      assert.match(res.text, /<div id="app"><\/div>/);
      assert.equal(res.headers['cache-control'], 'no-cache');
      assert.match(String(res.headers['content-security-policy']), /default-src 'self'; script-src 'self'/);
      assert.match(String(res.headers['content-security-policy']), /frame-ancestors 'none'/);
      assert.equal(res.headers['x-content-type-options'], 'nosniff');
    }
  });

  it('sends the built assets with their types, cached for good (their names change with their content)', async () => {
    const assets = readdirSync(path.join(defaultConsoleRoot, 'assets'));
    const script = assets.find((name) => name.endsWith('.js'));
    const style = assets.find((name) => name.endsWith('.css'));
    assert.ok(script && style, `built assets: ${assets.join(', ')}`);
    const js = await server.call('GET', `/console/assets/${script}`);
    assert.equal(js.status, 200);
    assert.match(js.headers['content-type'] ?? '', /javascript/);
    assert.equal(js.headers['cache-control'], 'public, max-age=31536000, immutable');
    const css = await server.call('GET', `/console/assets/${style}`);
    assert.match(css.headers['content-type'] ?? '', /^text\/css/);
    const index = await server.call('GET', '/console/');
    assert.ok(index.text.includes(`/console/assets/${script}`), 'index.html loads the built script');
  });

  it('answers a missing file, or a path out of the folder, as the unknown route it is', async () => {
    for (const url of ['/console/assets/gone-1234.js', '/console/%2e%2e/package.json', '/console/..%2fpackage.json']) {
      const res = await server.call('GET', url);
      assert.equal(res.status, 400, url);
      assert.equal(res.json.error_code, 'APIG.0101', url);
    }
    // Only the files of the build are sent: a page path that climbs out gets the app, never a file from outside.
    const climbing = await server.call('GET', '/console/../src/app');
    assert.ok(!climbing.text.includes('buildPlatform'));
  });

  it('says how to build the console when it is not built', async () => {
    const empty = mkdtempSync(path.join(os.tmpdir(), 'aisp-console-'));
    const app = Fastify();
    try {
      await app.register(consolePlugin, { root: empty });
      const res = await app.inject({ method: 'GET', url: '/console/maas/endpoints' });
      assert.equal(res.statusCode, 503);
      assert.match(res.body, /npm run build/);
      assert.equal((await app.inject({ method: 'GET', url: '/' })).headers.location, '/console/');
    } finally {
      await app.close();
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
