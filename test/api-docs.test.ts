import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { type Browser, chromium } from 'playwright-core';
import { documentUrl, swaggerUiBase } from '../src/api-docs/docs-page.js';
import { pollUntil } from './helpers/poll.js';
import { startServer, type TestServer } from './helpers/server.js';

const chromiumPath = process.env.AISP_TEST_CHROMIUM ?? '/usr/bin/chromium';
const haveBrowser = existsSync(chromiumPath);
const requireBrowser = process.env.AISP_TEST_REQUIRE_BROWSER === '1';

/** The files a page loads: every script's src and every stylesheet's or icon's href. */
function referencedFiles(html: string): string[] {
  return [...html.matchAll(/<(?:script[^>]*\ssrc|link[^>]*\shref)="([^"]+)"/g)].map((match) => match[1]!);
}

/** The API reference at /docs: swagger-ui from the package, public, under the console's Content-Security-Policy. */
describe('API reference page', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer();
  });
  after(async () => server.close());

  it('answers /docs and /docs/ without credentials, with a strict policy and no caching', async () => {
    for (const url of ['/docs', '/docs/']) {
      const res = await server.call('GET', url);
      assert.equal(res.status, 200, url);
      assert.equal(res.headers['content-type'], 'text/html; charset=utf-8');
      assert.equal(res.headers['cache-control'], 'no-cache');
      const policy = String(res.headers['content-security-policy']);
      assert.match(policy, /default-src 'self'; script-src 'self'; style-src 'self';/);
      assert.doesNotMatch(policy, /unsafe-|https?:/);
      assert.equal(res.headers['x-content-type-options'], 'nosniff');
      assert.equal(res.headers['x-frame-options'], 'DENY');
      // No inline script: every script element loads a file of the platform, and is empty.
      assert.deepEqual(res.text.match(/<script\b[^>]*>[^<]+<\/script>/g), null);
      assert.deepEqual(res.text.match(/<script(?![^>]*\ssrc="\/)[^>]*>/g), null);
    }
  });

  it('sends the files the page loads, from the package, with their types; the versioned ones cached for good', async () => {
    const page = await server.call('GET', '/docs');
    const files = referencedFiles(page.text);
    assert.ok(files.length >= 4, files.join(', '));
    const types: Record<string, RegExp> = { js: /javascript/, css: /^text\/css/, png: /^image\/png$/ };
    for (const file of files) {
      assert.ok(file.startsWith('/docs/'), `${file} is served here (no CDN)`);
      const res = await server.call('GET', file);
      assert.equal(res.status, 200, file);
      assert.match(res.headers['content-type'] ?? '', types[file.split('.').pop()!]!, file);
      assert.equal(
        res.headers['cache-control'],
        file.startsWith(`${swaggerUiBase}/`) ? 'public, max-age=31536000, immutable' : 'no-cache',
        file,
      );
    }
    assert.ok(files.includes(`${swaggerUiBase}/swagger-ui-bundle.js`));
    assert.ok(files.includes(`${swaggerUiBase}/swagger-ui.css`));
  });

  it('starts swagger-ui on the served document, which needs no credentials either', async () => {
    const initializer = await server.call('GET', '/docs/swagger-initializer.js');
    assert.equal(initializer.status, 200);
    assert.match(initializer.headers['content-type'] ?? '', /^text\/javascript/);
    assert.match(initializer.text, new RegExp(`url: "${documentUrl}"`));
    assert.match(initializer.text, /validatorUrl: null/);
    const document = await server.call('GET', documentUrl);
    assert.equal(document.status, 200);
    assert.ok(Object.keys(document.json.paths).length > 50);
  });

  it('sends no other file of the package, nor one of another version', async () => {
    for (const url of [
      `${swaggerUiBase}/package.json`,
      `${swaggerUiBase}/swagger-ui-bundle.js.map`,
      '/docs/swagger-ui-0.0.1/swagger-ui.css',
      '/docs/swagger-ui.css',
      `${swaggerUiBase}/..%2fpackage.json`,
    ]) {
      const res = await server.call('GET', url);
      assert.equal(res.status, 400, url);
      assert.equal(res.json.error_code, 'APIG.0101', url);
    }
  });
});

if (!haveBrowser && requireBrowser) {
  describe('API reference page (browser)', () => {
    it('needs a browser (AISP_TEST_REQUIRE_BROWSER=1)', () => {
      assert.fail(`${chromiumPath} is absent: install Debian's chromium to run the browser check`);
    });
  });
}

describe('API reference page (browser)', { skip: haveBrowser ? false : `${chromiumPath} is absent` }, () => {
  let server: TestServer;
  let browser: Browser;
  before(async () => {
    server = await startServer();
    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
    });
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows every operation of the document, with no script error and nothing the policy refuses', async () => {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    // A refused style or script raises this event in the page, whether or not the console shows it.
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (event) => {
        console.error(`CSP refused ${event.violatedDirective}: ${event.blockedURI || 'inline'}`);
      });
    });
    const outside: string[] = [];
    page.on('request', (request) => {
      if (!request.url().startsWith(server.baseUrl)) outside.push(request.url());
    });

    const openapi = (await server.call('GET', documentUrl)).json as { paths: Record<string, object> };
    const operations = Object.values(openapi.paths).reduce((n, item) => n + Object.keys(item).length, 0);
    await page.goto(`${server.baseUrl}/docs`);
    const blocks = page.locator('.opblock');
    await blocks.first().waitFor({ timeout: 30_000 });
    // swagger-ui renders a long list (150 tags and operations or more) virtualized, only what is on screen: the
    // operations are counted by their ids while the page scrolls from top to bottom.
    const seen = new Set<string>();
    for (let last = -1; ;) {
      for (const id of await blocks.evaluateAll((nodes) => nodes.map((n) => n.id))) seen.add(id);
      const y = await page.evaluate(() => {
        window.scrollBy(0, window.innerHeight / 2);
        return window.scrollY;
      });
      if (y === last) break;
      last = y;
      await page.waitForTimeout(50);
    }
    assert.equal(seen.size, operations);
    await page.evaluate(() => window.scrollTo(0, 0));
    // An operation's element id ends with its operationId: the text moderation's was among those seen on the way.
    assert.ok(
      [...seen].some((id) => id.endsWith('-RunTextModeration')),
      [...seen].slice(0, 3).join(', '),
    );
    assert.deepEqual(problems, []);
    assert.deepEqual(outside, []);
    // The watch on the policy works: an inline style, which the policy refuses, is reported.
    await page.evaluate(() => document.head.insertAdjacentHTML('beforeend', '<style>body { color: red }</style>'));
    await pollUntil('the refused inline style reported', async () =>
      problems.some((problem) => /^CSP refused style-src/.test(problem)) ? true : undefined,
    );
    await page.close();
  });
});
