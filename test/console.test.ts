import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import { type Browser, chromium, type Locator, type Page } from 'playwright-core';
import sharp from 'sharp';
import { imageFormats } from '../src/moderation/image/formats.js';
import { startFakeModelServer, type FakeModelServer } from './helpers/fake-model-server.js';
import { adminPassword, operatorKey, startServer, type TestServer } from './helpers/server.js';

/**
 * The web console in a real browser (Debian's chromium driven by playwright-core) against the real server: sign in,
 * a service, an endpoint and a key made through the pages, inference with the key seen in the usage charts, text
 * and image moderation, glossaries, jobs, the operator's pages, a narrow window. Every page is photographed into
 * test-output/screenshots/ (not committed).
 */
const chromiumPath = process.env.AISP_TEST_CHROMIUM ?? '/usr/bin/chromium';
const haveBrowser = existsSync(chromiumPath);
const requireBrowser = process.env.AISP_TEST_REQUIRE_BROWSER === '1';
const screenshots = path.resolve('test-output/screenshots');
const missing = `${chromiumPath} is absent: install Debian's chromium (apt-get install -y chromium) to run the console test`;

/** Retries an assertion until it holds or the time is up (the page updates after its calls answer). */
async function until(check: () => Promise<void>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

async function textOf(locator: Locator): Promise<string> {
  return ((await locator.textContent()) ?? '').trim();
}

if (!haveBrowser && requireBrowser) {
  describe('web console (browser)', () => {
    it('needs a browser (AISP_TEST_REQUIRE_BROWSER=1)', () => {
      assert.fail(missing);
    });
  });
}

describe('web console (browser)', { skip: haveBrowser ? false : missing }, () => {
  let server: TestServer;
  let model: FakeModelServer;
  let files: http.Server;
  let filesBase: string;
  let browser: Browser;
  let page: Page;
  let endpointId: string;
  let apiKey: string;
  const browserErrors: string[] = [];

  const shot = async (name: string) => {
    await page.screenshot({ path: path.join(screenshots, `${name}.png`), fullPage: true });
  };
  /** No sideways scrolling: the page fits the window. */
  const assertFits = async () => {
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the page is ${overflow}px wider than the window`);
  };
  const nav = async (label: string, heading: string) => {
    await page.locator('nav').getByRole('link', { name: label, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: heading }).waitFor();
  };
  /** The window sizes every check of the layout runs at: a laptop's and a phone's. */
  const widths = [
    { width: 1280, height: 860 },
    { width: 390, height: 844 },
  ];
  /** Runs a check at each width, then goes back to the laptop's. */
  const atEachWidth = async (check: (width: number) => Promise<void>) => {
    try {
      for (const size of widths) {
        await page.setViewportSize(size);
        await check(size.width);
      }
    } finally {
      await page.setViewportSize(widths[0]!);
    }
  };
  /**
   * Nothing runs past its box: neither the page (scrollWidth ≤ clientWidth) nor any block in it. Boxes that scroll on
   * purpose (a snippet, the JSON of an answer) and form fields keep what they hold inside, so they are not counted.
   */
  const assertNoOverflow = async (where: string) => {
    const overflowing = await page.evaluate(() => {
      const found: string[] = [];
      const root = document.documentElement;
      if (root.scrollWidth > root.clientWidth) found.push(`the page: ${root.scrollWidth} > ${root.clientWidth}`);
      for (const element of document.querySelectorAll('.shell *')) {
        const style = getComputedStyle(element);
        if (['inline', 'none', 'contents'].includes(style.display) || style.overflowX !== 'visible') continue;
        if (['INPUT', 'TEXTAREA', 'SELECT'].includes(element.tagName) || element.closest('pre')) continue;
        if (element.scrollWidth > element.clientWidth + 1) {
          const text = (element.textContent ?? '').slice(0, 40);
          found.push(
            `${element.tagName}.${element.className} "${text}": ${element.scrollWidth} > ${element.clientWidth}`,
          );
        }
      }
      return found;
    });
    assert.deepEqual(overflowing, [], `${where} at ${page.viewportSize()?.width}px`);
  };
  /** The page starts right under the header: no band between them (the folded menu's row is empty). */
  const assertContentUnderHeader = async (where: string) => {
    const header = await page.locator('header.topbar').boundingBox();
    const content = await page.locator('main.content').boundingBox();
    const heading = await page.locator('main h1').first().boundingBox();
    assert.ok(header && content && heading, where);
    const width = page.viewportSize()?.width;
    assert.ok(Math.abs(content.y - (header.y + header.height)) <= 1, `${where} at ${width}px: main at ${content.y}`);
    assert.ok(heading.y - (header.y + header.height) < 50, `${where} at ${width}px: heading at ${heading.y}`);
  };
  /** The moderation calls the browser made (to tell that a check in the page kept one from being sent). */
  const moderationCalls: string[] = [];

  before(async () => {
    mkdirSync(screenshots, { recursive: true });
    model = await startFakeModelServer();
    files = http.createServer((req, res) => {
      if (req.url === '/notes.txt') res.end('Dear team,\nthe report is ready. Also, go to hell.\n');
      else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => files.listen(0, '127.0.0.1', resolve));
    filesBase = `http://127.0.0.1:${(files.address() as AddressInfo).port}`;
    server = await startServer({
      maas: { statisticsFlushMs: 50, inference: { allowPrivateUpstreams: true } },
      moderation: { fetch: { allowPrivateAddresses: true }, jobs: { pollIntervalMs: 100 } } as never,
    });
    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.baseUrl });
    page = await context.newPage();
    page.setDefaultTimeout(15_000);
    page.on('request', (request) => {
      if (/\/moderation\/(text|image)$/.test(new URL(request.url()).pathname)) moderationCalls.push(request.url());
    });
    // Failed API calls are logged by the browser as failed resources; anything else (a script error, a CSP
    // violation) is a fault of the console.
    page.on('console', (message) => {
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
        browserErrors.push(message.text());
      }
    });
    page.on('pageerror', (error) => browserErrors.push(error.message));
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    await model?.close();
    await new Promise((resolve) => files?.close(resolve));
  });

  it('sends / to the console, shows a wrong password in the catalogue words, and signs in', async () => {
    await page.goto(`${server.baseUrl}/`);
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await until(async () => assert.equal(new URL(page.url()).pathname, '/console/sign-in'));
    await page.locator('input[name=account]').fill(server.accountName);
    await page.locator('input[name=password]').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const error = page.locator('.error');
    await error.waitFor();
    assert.equal(await textOf(error.locator('.error-code')), 'IAM.0001');
    assert.equal(await textOf(error.locator('.error-msg')), 'The username or password is wrong.');
    await shot('01-sign-in-error');

    // No project named: a domain token finds the user's first project and is rescoped to it. The operator key too.
    await page.locator('input[name=password]').fill(adminPassword);
    await page.locator('summary', { hasText: 'Operator' }).click();
    await page.locator('input[name=operator_key]').fill(operatorKey);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Custom endpoints' }).waitFor();
    assert.equal(new URL(page.url()).pathname, '/console/maas/endpoints');
    assert.equal(await textOf(page.locator('.topbar .project')), 'cn-test-1');
    assert.equal(await textOf(page.locator('.topbar .user')), `admin@${server.accountName}`);
    await shot('02-endpoints-empty');
  });

  it('creates a service and a custom endpoint on it, edits, disables and enables it', async () => {
    await nav('My services', 'My services');
    await page.getByRole('button', { name: 'New service' }).click();
    await page.locator('input[name=service_name]').fill('echo');
    await page.locator('input[name=upstream_url]').fill(model.url);
    await page.locator('input[name=upstream_model]').fill('qwen2.5-7b');
    // Priced (showback): a thousandth a token either way, so the usage page has spend to show.
    await page.locator('input[name=input_price_per_million_tokens]').fill('1000');
    await page.locator('input[name=output_price_per_million_tokens]').fill('1000');
    await page.getByRole('button', { name: 'Create service' }).click();
    await page.locator('.notice', { hasText: 'Service echo created.' }).waitFor();
    await shot('03-services');

    await nav('Custom endpoints', 'Custom endpoints');
    await page.getByRole('button', { name: 'New endpoint' }).click();
    await page.locator('input[name=endpoint_name]').fill('chat-live');
    await page.locator('select[name=infer_service_id]').selectOption({ label: 'echo' });
    await page.locator('input[name=rpm]').fill('60');
    await page.locator('input[name=tpm]').fill('100000');
    await page.locator('input[name=remark]').fill('production chat');
    await page.locator('input[name=cache_ttl_seconds]').fill('30');
    await shot('04-endpoint-form');
    await page.getByRole('button', { name: 'Create endpoint' }).click();
    const row = page.locator('tr[data-endpoint="chat-live"]');
    await row.waitFor();
    assert.match(await textOf(row), /running/);
    assert.match(await textOf(row), /60 \/ 100000/);
    const listed = await server.call('GET', `/v1/${server.projectId}/maas/services/custom-endpoint/endpoint`, {
      token: await server.token(),
    });
    endpointId = listed.json.items[0].id;
    assert.equal(listed.json.items[0].remark, 'production chat');
    assert.equal(listed.json.items[0].cache_ttl_seconds, 30);
    assert.equal(await textOf(row.locator('td[data-label=Cache]')), '30 s');

    // The same name again: the catalogue's message, as the service answered it.
    await page.getByRole('button', { name: 'New endpoint' }).click();
    await page.locator('input[name=endpoint_name]').fill('chat-live');
    await page.locator('select[name=infer_service_id]').selectOption({ label: 'echo' });
    await page.getByRole('button', { name: 'Create endpoint' }).click();
    const error = page.locator('.card .error');
    await error.waitFor();
    assert.equal(await textOf(error.locator('.error-code')), 'ModelArts.6271');
    assert.match(await textOf(error.locator('.error-msg')), /^Custom endpoint name has already been used/);
    await shot('05-endpoint-name-taken');
    await page.getByRole('button', { name: 'Close' }).click();

    // Edit: the content guard off needs the disclaimer accepted; the service refuses it otherwise.
    await row.getByRole('button', { name: 'Edit' }).click();
    // The form shows the cache's TTL as saved; emptied, the cache is off (the calls below are all answered upstream).
    assert.equal(await page.locator('.edit-row input[name=cache_ttl_seconds]').inputValue(), '30');
    await page.locator('.edit-row input[name=cache_ttl_seconds]').fill('');
    await page.locator('.edit-row input[name=remark]').fill('chat, v2');
    await page.locator('.edit-row input[name=moderation]').uncheck();
    await page.locator('.edit-row .agreement', { hasText: 'Content guard disclaimer' }).waitFor();
    await page.locator('.edit-row').getByRole('button', { name: 'Save' }).click();
    await until(async () => assert.equal(await textOf(page.locator('.edit-row .error-code')), 'ModelArts.0101'));
    await page.locator('.edit-row .agreement input[type=checkbox]').check();
    await shot('06-endpoint-edit-guard');
    await page.locator('.edit-row').getByRole('button', { name: 'Save' }).click();
    await page.locator('.notice', { hasText: 'Endpoint chat-live saved.' }).waitFor();
    assert.match(await textOf(row), /chat, v2/);
    assert.match(await textOf(row.locator('td[data-label=Guard]')), /off/);
    assert.equal(await textOf(row.locator('td[data-label=Cache]')), 'off');
    const saved = await server.call('GET', `/v1/${server.projectId}/maas/services/custom-endpoint/endpoint`, {
      token: await server.token(),
    });
    assert.equal(saved.json.items[0].cache_ttl_seconds, 0);

    await row.getByRole('button', { name: 'Disable' }).click();
    await until(async () => assert.match(await textOf(row.locator('td[data-label=Status]')), /stopped/));
    await row.getByRole('button', { name: 'Enable' }).click();
    await until(async () => assert.match(await textOf(row.locator('td[data-label=Status]')), /running/));
    await assertFits();
    await shot('07-endpoints');
  });

  it('creates an API key that is shown once, then masked', async () => {
    await nav('API keys', 'API keys');
    await page.getByRole('button', { name: 'New key' }).click();
    await page.locator('input[name=label]').fill('backend');
    await page.locator('input[name=description]').fill('the backend service');
    await page.getByRole('button', { name: 'Create key' }).click();
    const shown = page.getByTestId('new-api-key');
    await shown.waitFor();
    apiKey = await textOf(shown);
    assert.match(apiKey, /^sk-[A-Za-z0-9_-]{43}$/);
    const row = page.locator('tr[data-key="backend"]');
    await row.waitFor();
    const masked = await textOf(row.locator('td[data-label=Key]'));
    assert.notEqual(masked, apiKey);
    assert.ok(!masked.includes(apiKey.slice(3, 30)), masked);

    // What the key may call (GET /v1/models with the key): the endpoint, chosen already.
    const choice = page.locator('select[name=snippet_model]');
    await until(async () => assert.equal(await choice.inputValue(), 'chat-live'));

    // The snippets name this service, the chat path and the endpoint, with the key; run as they are written, they work.
    const curl = await textOf(page.getByTestId('snippet-curl'));
    assert.ok(curl.startsWith(`curl -s ${server.baseUrl}/v1/chat/completions \\\n`), curl);
    const url = /^curl -s (\S+)/.exec(curl)![1]!;
    const headers = Object.fromEntries(
      [...curl.matchAll(/-H '([^:]+): ([^']*)'/g)].map((m) => [m[1]!, m[2]!] as [string, string]),
    );
    const data = /-d '([^']*)'/.exec(curl)![1]!;
    assert.deepEqual(headers, { Authorization: `Bearer ${apiKey}`, 'Content-Type': 'application/json' });
    assert.equal(JSON.parse(data).model, 'chat-live');
    const byCurl = await fetch(url, { method: 'POST', headers, body: data });
    assert.equal(byCurl.status, 200);
    assert.equal(((await byCurl.json()) as any).choices[0].message.content, 'echo: Hello');
    const node = await textOf(page.getByTestId('snippet-node'));
    assert.match(node, /^import OpenAI from 'openai';/);
    const baseURL = /baseURL: '([^']+)'/.exec(node)![1]!;
    const sdkKey = /apiKey: '([^']+)'/.exec(node)![1]!;
    const sdkModel = /model: '([^']+)'/.exec(node)![1]!;
    assert.deepEqual([baseURL, sdkKey, sdkModel], [`${server.baseUrl}/v1`, apiKey, 'chat-live']);
    const sdk = new OpenAI({ baseURL, apiKey: sdkKey, maxRetries: 0 });
    const bySdk = await sdk.chat.completions.create({
      model: sdkModel,
      messages: [{ role: 'user', content: 'Hello' }],
    });
    assert.equal(bySdk.choices[0]!.message.content, 'echo: Hello');
    // The copy button puts the snippet on the clipboard as shown.
    await page.getByRole('button', { name: 'Copy curl' }).click();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), curl);

    // The key's own "try it": one call through the gateway from the browser.
    await page.locator('details.try summary').click();
    await page.locator('details.try').getByRole('button', { name: 'Send' }).click();
    await until(async () => assert.equal(await textOf(page.locator('.answer')), 'echo: Hello'));
    await atEachWidth(async (width) => {
      await page.getByTestId('snippet-curl').waitFor();
      await assertNoOverflow('the new key with its snippets');
      await shot(`08-api-key-created-${width}`);
    });
    await page.getByRole('button', { name: 'Done' }).click();
    assert.equal(await page.getByTestId('new-api-key').count(), 0);

    // Allowlists: an address the browser is not at; the gateway refuses the key with ModelArts.81015.
    await row.getByRole('button', { name: 'Edit' }).click();
    await page.locator('.edit-row input[name=allow_all]').uncheck();
    await page.locator('.edit-row textarea[name=ip_whitelist]').fill('10.0.0.0/8');
    await page.locator('.edit-row input[name=monthly_budget]').fill('5');
    await page.locator('.edit-row').getByRole('button', { name: 'Save' }).click();
    await page.locator('.notice', { hasText: 'Key backend saved.' }).waitFor();
    assert.equal(await textOf(row.locator('td[data-label="Monthly budget"]')), '5 CNY');
    assert.match(await textOf(row.locator('td[data-label=Allowed]')), /addresses: 10\.0\.0\.0\/8/);
    const refused = await server.call('POST', '/v1/chat/completions', {
      body: { model: 'chat-live', messages: [{ role: 'user', content: 'hi' }] },
      headers: { Authorization: `Bearer ${apiKey}` },
    });
    assert.equal(refused.json.error_code, 'ModelArts.81015');
    await row.getByRole('button', { name: 'Edit' }).click();
    // The form shows the budget as saved, and saving again keeps it (PUT replaces a key's settings).
    assert.equal(await page.locator('.edit-row input[name=monthly_budget]').inputValue(), '5');
    await page.locator('.edit-row input[name=allow_all]').check();
    await page.locator('.edit-row').getByRole('button', { name: 'Save' }).click();
    await until(async () => assert.match(await textOf(row.locator('td[data-label=Allowed]')), /everything/));
    const keys = await server.call('GET', `/v2/${server.projectId}/maas/api-auth/api-keys`, {
      token: await server.token(),
    });
    assert.equal(keys.json.api_keys.find((k: { label: string }) => k.label === 'backend').monthly_budget, 5);
    await shot('09-api-keys');
  });

  it('shows inference with the key in the usage figures and charts', async () => {
    await nav('Usage', 'Usage');
    // The calls so far: the two snippets' and the browser's try-it call (a key refused by its allowlist is not a call
    // of the endpoint).
    const calls = page.getByTestId('total-calls');
    await until(async () => assert.equal(await textOf(calls), '3'));
    const client = new OpenAI({ baseURL: `${server.baseUrl}/v1`, apiKey, maxRetries: 0 });
    for (const content of ['one', 'two three', 'four five six']) {
      const answer = await client.chat.completions.create({
        model: 'chat-live',
        messages: [{ role: 'user', content }],
      });
      assert.equal(answer.choices[0]!.message.content, `echo: ${content}`);
    }
    await page.getByRole('button', { name: 'Refresh' }).click();
    await until(async () => assert.equal(await textOf(calls), '6'));
    assert.equal(await textOf(page.getByTestId('total-errors')), '0');
    const charts = page.getByTestId('usage-charts');
    await until(async () => assert.equal(await charts.getAttribute('data-total-calls'), '6'));
    assert.equal(await charts.getAttribute('data-service'), 'chat-live');
    const row = page.locator('tr[data-service="chat-live"]');
    assert.equal(await textOf(row.locator('td[data-label=Calls]')), '6');
    assert.equal(await textOf(row.locator('td[data-label="Failure rate"]')), '0%');
    // Spend beside tokens, as the statistics API gives it: in total, per endpoint and per key label.
    const now = Date.now();
    const stats = await server.call('POST', `/v1/${server.projectId}/maas/monitoring/show-statistics`, {
      token: await server.token(),
      body: { service_type: 3, infer_type: 'real_time', start_time: now - 3600_000, end_time: now + 60_000 },
    });
    assert.equal(stats.json.total_request_count, 6);
    assert.ok(stats.json.cost > 0, `cost ${stats.json.cost}`);
    const spent = `${stats.json.cost} CNY`;
    assert.equal(await textOf(page.getByTestId('total-spend')), spent);
    assert.equal(await textOf(row.locator('td[data-label=Spend]')), spent);
    await until(async () =>
      assert.equal(
        await textOf(page.locator('[data-testid=usage-keys] tr[data-key=backend] td[data-label=Spend]')),
        spent,
      ),
    );
    // uPlot draws calls, tokens, latency, spend and calls per key.
    assert.equal(await page.locator('.chart canvas').count(), 5);
    assert.ok(await page.locator('.chart', { hasText: 'Spend' }).count());
    assert.ok(await page.locator('.chart', { hasText: 'Calls by API key' }).locator('text=backend').count());
    await shot('10-usage');

    // One key's calls only.
    await page.locator('select[name=api_key]').selectOption('backend');
    await until(async () => assert.equal(await textOf(calls), '6'));
    await until(async () => assert.match(await textOf(charts.locator('h2')), /with key backend/));
    const tokens = Number((await textOf(page.getByTestId('total-tokens'))).replace(/\D/g, ''));
    assert.ok(tokens > 0, `tokens ${tokens}`);
    await shot('11-usage-by-key');
  });

  it('moderates a text and highlights the segment found', async () => {
    await nav('Playground', 'Moderation playground');
    // An empty text (or only spaces) is caught in the page: a message, and nothing sent.
    await atEachWidth(async (width) => {
      await page.locator('textarea[name=text]').fill('   ');
      await page.getByRole('button', { name: 'Moderate text' }).click();
      await until(async () =>
        assert.equal(
          await textOf(page.locator('form .error .error-msg')),
          'Type or paste a text to check: an empty one is not sent.',
        ),
      );
      assert.ok(await page.locator('form .error').isVisible());
      await assertNoOverflow('the playground');
      await shot(`12-playground-empty-text-${width}`);
    });
    assert.deepEqual(moderationCalls, []);
    await page.locator('textarea[name=text]').fill('you are a f.u.c.k.i.n.g idiot');
    await page.getByRole('button', { name: 'Moderate text' }).click();
    await page.getByTestId('verdict').waitFor();
    assert.equal(await textOf(page.getByTestId('suggestion')), 'block');
    assert.equal(await textOf(page.getByTestId('label')), 'abuse');
    const marks = page.locator('[data-testid=highlighted] mark');
    assert.ok((await marks.count()) >= 1);
    assert.match(await textOf(marks.first()), /^f\.u\.c\.k/);
    assert.equal(await marks.first().getAttribute('data-label'), 'abuse');
    assert.equal(await textOf(page.getByTestId('highlighted')), 'you are a f.u.c.k.i.n.g idiot');
    await shot('12-playground-text');
  });

  it('creates a glossary, edits its words and sees it applied in a moderation', async () => {
    await nav('Glossaries', 'Glossaries');
    await page.getByRole('button', { name: 'New glossary' }).click();
    await page.locator('input[name=name]').fill('rivals');
    await page.locator('textarea[name=words]').fill('acmecorp');
    await page.getByRole('button', { name: 'Create glossary' }).click();
    const row = page.locator('tr[data-glossary="rivals"]');
    await row.waitFor();
    assert.equal(await textOf(row.locator('td[data-label=Words]')), '1');
    await row.getByRole('button', { name: 'Edit words' }).click();
    const words = page.locator('.edit-row textarea[name=words]');
    await until(async () => assert.equal(await words.inputValue(), 'acmecorp'));
    await words.fill('acmecorp\nglobex');
    await page.getByRole('button', { name: 'Save words' }).click();
    await until(async () => assert.equal(await textOf(row.locator('td[data-label=Words]')), '2'));
    await shot('13-glossaries');

    await nav('Playground', 'Moderation playground');
    await page.locator('textarea[name=text]').fill('try A.C.M.E.C.O.R.P instead, or globex');
    await page.locator('input[name=glossary_names][value=rivals]').check();
    await page.getByRole('button', { name: 'Moderate text' }).click();
    await page.getByTestId('verdict').waitFor();
    assert.equal(await textOf(page.getByTestId('suggestion')), 'block');
    assert.equal(await textOf(page.getByTestId('label')), 'customized');
    const marks = page.locator('[data-testid=highlighted] mark');
    assert.deepEqual(await marks.allTextContents(), ['A.C.M.E.C.O.R.P', 'globex']);
    assert.match((await marks.first().getAttribute('title')) ?? '', /rivals/);
    await shot('14-playground-glossary');
  });

  it('moderates an uploaded image', async () => {
    await page.getByRole('tab', { name: 'Image' }).click();
    // The hint and the file picker name the formats the API takes, from its one list; BMP is not one of them.
    const names = imageFormats.map((f) => f.name).join(', ');
    const hint = page.locator('label.field', { has: page.locator('input[name=image]') }).locator('.hint');
    assert.equal(await textOf(hint), `Sent as base64 in the request: ${names}.`);
    assert.doesNotMatch(await textOf(hint), /BMP/);
    assert.equal(
      await page.locator('input[name=image]').getAttribute('accept'),
      imageFormats.map((f) => f.mediaType).join(','),
    );
    const bmp = Buffer.concat([Buffer.from('BM'), Buffer.alloc(62)]);
    const refused = await server.call('POST', `/v3/${server.projectId}/moderation/image`, {
      token: await server.token(),
      body: { event_type: 'head_image', categories: ['porn'], image: bmp.toString('base64') },
    });
    assert.equal(refused.json.error_code, 'AIS.0402');
    // No file chosen, or an empty one: caught in the page, nothing sent.
    await atEachWidth(async (width) => {
      await page.getByRole('button', { name: 'Moderate image' }).click();
      await until(async () =>
        assert.equal(await textOf(page.locator('form .error .error-msg')), 'Choose an image file to check.'),
      );
      assert.match(await textOf(hint), new RegExp(names));
      await assertNoOverflow('the image playground');
      await shot(`15-playground-no-image-${width}`);
    });
    await page
      .locator('input[name=image]')
      .setInputFiles({ name: 'blank.png', mimeType: 'image/png', buffer: Buffer.alloc(0) });
    await page.getByRole('button', { name: 'Moderate image' }).click();
    await until(async () =>
      assert.equal(await textOf(page.locator('form .error .error-msg')), 'blank.png is empty: choose an image file.'),
    );
    assert.deepEqual(
      moderationCalls.filter((u) => u.endsWith('/image')),
      [],
    );
    const png = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#88aacc' } })
      .png()
      .toBuffer();
    await page.locator('input[name=image]').setInputFiles({ name: 'sky.png', mimeType: 'image/png', buffer: png });
    await page.locator('img.preview').waitFor();
    await page.getByRole('button', { name: 'Moderate image' }).click();
    await page.getByTestId('verdict').waitFor({ timeout: 60_000 });
    assert.equal(await textOf(page.getByTestId('suggestion')), 'pass');
    await shot('15-playground-image');

    // By URL: the service's download guard and its catalogue message.
    await page.locator('input[name=mode]').nth(1).check();
    await page.locator('input[name=url]').fill(`${filesBase}/missing.png`);
    await page.getByRole('button', { name: 'Moderate image' }).click();
    const error = page.locator('.error');
    await error.waitFor();
    assert.match(await textOf(error.locator('.error-code')), /^AIS\./);
    await shot('16-playground-image-url-error');
  });

  it('creates a document job and shows its status and result', async () => {
    await nav('Jobs', 'Moderation jobs');
    await page.getByRole('button', { name: 'New job' }).click();
    await page.locator('input[name=url]').fill(`${filesBase}/notes.txt`);
    await page.locator('select[name=format]').selectOption('txt');
    await page.getByRole('button', { name: 'Create job' }).click();
    const firstNotice = page.locator('.notice', { hasText: /Job .* created\./ });
    await firstNotice.waitFor();
    const firstId = /Job (\S+) created/.exec(await textOf(firstNotice))![1]!;
    const job = page.locator('[data-testid=jobs] li').first();
    await until(async () => {
      await page.getByRole('button', { name: 'Refresh' }).click();
      assert.match(await textOf(job.locator('.job-summary')), /succeeded/);
    }, 30_000);
    assert.match(await textOf(job.locator('.job-summary')), /block/);
    assert.match(await textOf(job.locator('.job-detail')), /go to hell/);
    await shot('17-jobs');

    // A job that fails (its file is not there): its code and message on its line, as the API answers them.
    await page.getByRole('button', { name: 'New job' }).click();
    await page.locator('input[name=url]').fill(`${filesBase}/missing.txt`);
    await page.locator('select[name=format]').selectOption('txt');
    await page.getByRole('button', { name: 'Create job' }).click();
    // The first job's notice may still be up: wait for the one that names another job.
    const notice = page.locator('.notice', { hasText: /Job .* created\./ }).filter({ hasNotText: firstId });
    await notice.waitFor();
    const failedId = /Job (\S+) created/.exec(await textOf(notice))![1]!;
    const failed = page.locator('[data-testid=jobs] li', { hasText: failedId });
    await until(async () => {
      await page.getByRole('button', { name: 'Refresh' }).click();
      assert.match(await textOf(failed.locator('.job-summary')), /failed/);
    }, 30_000);
    const shown = await server.call('GET', `/v3/${server.projectId}/moderation/document/jobs/${failedId}`, {
      token: await server.token(),
    });
    assert.equal(shown.json.status, 'failed');
    assert.match(shown.json.error_code, /^AIS\./);
    await atEachWidth(async (width) => {
      const failure = failed.locator('[data-testid=job-failure]');
      assert.ok(await failure.isVisible());
      assert.equal(await textOf(failure.locator('.error-code')), shown.json.error_code);
      assert.equal(await textOf(failure.locator('.error-msg')), shown.json.error_msg);
      await assertNoOverflow('the jobs');
      await shot(`17-jobs-failed-${width}`);
    });
  });

  it('shows the operator pages: model deployments with replica health, accounts and their states, projects', async () => {
    await nav('Model deployments', 'Model deployments');
    await page.getByRole('button', { name: 'New model' }).click();
    await page.locator('input[name=name]').fill('qwen-op');
    await page.locator('textarea[name=replicas]').fill(model.url);
    await page.locator('input[name=input_price_per_million_tokens]').fill('2');
    await page.locator('input[name=output_price_per_million_tokens]').fill('6');
    await page.locator('input[name=cache_ttl_seconds]').fill('60');
    await page.getByRole('button', { name: 'Deploy model' }).click();
    const card = page.locator('.card.model', { hasText: 'qwen-op' });
    await card.waitFor();
    assert.match(await textOf(card), /not called yet/);
    assert.equal(await textOf(card.getByTestId('model-prices')), '2 / 6 CNY');
    assert.equal(await textOf(card.getByTestId('model-cache-ttl')), '60 s');
    const deployed = (await server.operator('GET', '/operator/v1/maas/models/qwen-op')).json;
    assert.deepEqual(
      [deployed.cache_ttl_seconds, deployed.input_price_per_million_tokens, deployed.output_price_per_million_tokens],
      [60, 2, 6],
    );
    // Stop and start send the model back whole (PUT): its cache and prices stay.
    await card.getByRole('button', { name: 'Stop' }).click();
    await until(async () => assert.match(await textOf(card), /stopped/));
    await card.getByRole('button', { name: 'Start' }).click();
    await until(async () => assert.match(await textOf(card.locator('.badge').first()), /running/));
    assert.equal(await textOf(card.getByTestId('model-cache-ttl')), '60 s');
    assert.equal(await textOf(card.getByTestId('model-prices')), '2 / 6 CNY');
    const client = new OpenAI({ baseURL: `${server.baseUrl}/v1`, apiKey, maxRetries: 0 });
    await client.chat.completions.create({ model: 'qwen-op', messages: [{ role: 'user', content: 'hi' }] });
    await page.getByRole('button', { name: 'Refresh' }).click();
    await until(async () => assert.match(await textOf(card), /in rotation/));
    assert.match(await textOf(card), /ok 1/);
    await shot('18-operator-models');

    await nav('Accounts', 'Accounts');
    const own = page.locator(`tr[data-account="${server.accountName}"]`);
    await own.waitFor();
    assert.match(await textOf(own), /normal/);
    await page.getByRole('button', { name: 'New account' }).click();
    await page.locator('input[name=name]').fill('globex');
    await page.locator('input[name=admin_password]').fill('a-long-password-1');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.locator('.card.highlight', { hasText: 'Account globex created' }).waitFor();
    const globex = page.locator('tr[data-account="globex"]');
    await globex.waitFor();
    await globex.getByRole('button', { name: 'Freeze' }).click();
    await globex.getByRole('button', { name: 'Confirm freeze' }).click();
    await until(async () => assert.match(await textOf(globex.locator('td[data-label=State]')), /frozen/));
    assert.equal((await server.operator('GET', '/operator/v1/accounts/globex')).json.account.state, 'frozen');
    await shot('19-operator-accounts');
    // An unknown account: the catalogue's message.
    await page.locator('input[name=account]').fill('nobody');
    await page.getByRole('button', { name: 'Open', exact: true }).click();
    await until(async () => assert.equal(await textOf(page.locator('.error .error-msg')), 'Could not find account.'));

    // Every account is listed (GET /operator/v1/accounts), a page at a time; a long name wraps in its row.
    const longName = `a${'x'.repeat(59)}-end`;
    for (const name of [...Array.from({ length: 19 }, (_, i) => `tenant-${String(i).padStart(2, '0')}`), longName]) {
      const made = await server.operator('POST', '/operator/v1/accounts', { name, admin_password: 'a-long-password' });
      assert.equal(made.status, 201, made.text);
    }
    await nav('Model deployments', 'Model deployments');
    await nav('Accounts', 'Accounts');
    await page.locator('tr[data-account="tenant-17"]').waitFor();
    assert.equal(await page.locator('[data-testid=accounts] tbody tr').count(), 20);
    assert.match(await textOf(page.locator('.pager')), /1–20 of 22/);
    await page.locator('.pager').getByRole('button', { name: 'Next' }).click();
    await page.locator(`tr[data-account="${longName}"]`).waitFor();
    assert.equal(await page.locator('[data-testid=accounts] tbody tr').count(), 2);
    await atEachWidth(async (width) => {
      await assertNoOverflow('the accounts');
      await shot(`19-operator-accounts-page-2-${width}`);
    });

    await nav('Projects', 'Projects');
    const settings = page.getByTestId('moderation-settings');
    await settings.waitFor();
    assert.ok(await settings.locator('input[name=subscribed]').isChecked());
    // The two text calls of the playground, this month.
    assert.match(await textOf(settings), /text 2/);
    await settings.locator('input[name=monthly_free_calls]').fill('1000');
    await settings.getByRole('button', { name: 'Save' }).click();
    await settings.locator('.notice', { hasText: 'Moderation settings saved.' }).waitFor();
    const shown = await server.operator('GET', `/operator/v1/projects/${server.projectId}/moderation`);
    assert.equal(shown.json.monthly_free_calls, 1000);
    // MaaS: the project's monthly budget, and what its calls spent this month (the endpoint's priced calls above).
    const maasForm = page.locator('form', { has: page.locator('input[name=monthly_budget]') });
    await maasForm.locator('input[name=monthly_budget]').fill('100');
    await maasForm.getByRole('button', { name: 'Save' }).click();
    await maasForm.locator('.notice', { hasText: 'MaaS settings saved.' }).waitFor();
    const maasShown = await server.operator('GET', `/operator/v1/projects/${server.projectId}/maas`);
    assert.equal(maasShown.json.monthly_budget, 100);
    assert.ok(maasShown.json.spent_this_month > 0, `spent ${maasShown.json.spent_this_month}`);
    assert.equal(
      await textOf(page.getByTestId('maas-spent')),
      `Spent this month: ${maasShown.json.spent_this_month} CNY`,
    );
    await shot('20-operator-projects');
  });

  it("lets a tenant pick an operator model from a list, for an endpoint and a key's allowlist", async () => {
    await atEachWidth(async (width) => {
      await page.goto(`${server.baseUrl}/console/maas/endpoints`);
      await page.getByRole('button', { name: 'New endpoint' }).click();
      await page.locator('select[name=source]').selectOption('custom_from_maas');
      const model = page.locator('[name=model_name]');
      assert.equal(await model.evaluate((e) => e.tagName), 'SELECT');
      await until(async () => assert.ok((await model.locator('option').allTextContents()).includes('qwen-op')));
      await assertNoOverflow('the endpoint form');
      await shot(`24-endpoint-operator-model-${width}`);
    });
    await page.goto(`${server.baseUrl}/console/maas/endpoints`);
    await page.getByRole('button', { name: 'New endpoint' }).click();
    await page.locator('input[name=endpoint_name]').fill('op-chat');
    await page.locator('select[name=source]').selectOption('custom_from_maas');
    await page.locator('select[name=model_name]').selectOption('qwen-op');
    await page.getByRole('button', { name: 'Create endpoint' }).click();
    const row = page.locator('tr[data-endpoint="op-chat"]');
    await row.waitFor();
    assert.match(await textOf(row.locator('td[data-label=Serves]')), /qwen-op/);

    // A key's model allowlist: the same names, ticked rather than typed.
    await atEachWidth(async (width) => {
      await page.goto(`${server.baseUrl}/console/maas/api-keys`);
      await page.locator('tr[data-key="backend"]').getByRole('button', { name: 'Edit' }).click();
      await page.locator('.edit-row input[name=models][value=qwen-op]').waitFor();
      assert.equal(await page.locator('.edit-row textarea[name=models]').count(), 0);
      await assertNoOverflow('the key form');
      await shot(`25-key-operator-models-${width}`);
    });
    await page.locator('.edit-row input[name=models][value=qwen-op]').check();
    await page.locator('.edit-row').getByRole('button', { name: 'Save' }).click();
    await until(async () =>
      assert.match(await textOf(page.locator('tr[data-key="backend"] td[data-label=Allowed]')), /models: qwen-op/),
    );
  });

  it("lists the project's batches a page at a time, shows one, downloads its files and cancels one, at both widths", async () => {
    // Batches made through the Batch API with a key, as a client makes them: one with a failing line (output and error
    // files), twenty of one line (a second page), and a slow one (each line 2 s) to cancel from the page.
    const token = await server.token();
    const key = await server.call('POST', `/v2/${server.projectId}/maas/api-auth/api-keys`, {
      token,
      body: { allow_all: true },
    });
    assert.equal(key.status, 200, key.text);
    for (const [name, upstream] of [
      ['batch-op', 'qwen2.5-7b'],
      ['batch-slow', 'slow-model'],
    ]) {
      const deployed = await server.operator('POST', '/operator/v1/maas/models', {
        name,
        replicas: [{ url: model.url }],
        upstream_model: upstream,
        moderation: false,
      });
      assert.equal(deployed.status, 201, deployed.text);
    }
    const client = new OpenAI({ baseURL: `${server.baseUrl}/v1`, apiKey: key.json.api_key, maxRetries: 0 });
    const line = (id: string, model: string, content: string) =>
      JSON.stringify({
        custom_id: id,
        method: 'POST',
        url: '/v1/chat/completions',
        body: { model, messages: [{ role: 'user', content }] },
      });
    const batchOf = async (lines: string[]) => {
      const file = await client.files.create({
        file: new File([`${lines.join('\n')}\n`], 'in.jsonl'),
        purpose: 'batch',
      });
      return client.batches.create({
        input_file_id: file.id,
        endpoint: '/v1/chat/completions',
        completion_window: '24h',
      });
    };
    const ended = (id: string) =>
      until(async () => {
        const batch = await client.batches.retrieve(id);
        assert.ok(['completed', 'cancelled', 'failed'].includes(batch.status), batch.status);
      }, 30_000);
    const mixed = await batchOf([
      line('a', 'batch-op', 'first'),
      line('b', 'no-such-model', 'x'),
      line('c', 'batch-op', 'third'),
    ]);
    await ended(mixed.id);
    const fillers = [];
    for (let i = 0; i < 20; i++) fillers.push(await batchOf([line(`f${i}`, 'batch-op', `filler ${i}`)]));
    for (const filler of fillers) await ended(filler.id);
    const slow = await batchOf(Array.from({ length: 20 }, (_, i) => line(`s${i}`, 'batch-slow', `slow ${i}`)));
    const done = await client.batches.retrieve(mixed.id);
    assert.deepEqual(done.request_counts, { total: 3, completed: 2, failed: 1 });

    await nav('Batches', 'Batches');
    const rows = page.locator('[data-testid=batches] tbody tr');
    // Newest first, twenty a page: the slow batch and nineteen fillers; the first batch is on the second page.
    await until(async () => assert.equal(await rows.count(), 20));
    assert.equal(await rows.first().getAttribute('data-batch'), slow.id);
    assert.equal(await page.locator(`tr[data-batch="${mixed.id}"]`).count(), 0);
    await shot('30-batches');
    await page.getByRole('button', { name: 'Next' }).click();
    const mixedRow = page.locator(`tr[data-batch="${mixed.id}"]`);
    await mixedRow.waitFor();
    assert.equal(await rows.count(), 2);
    assert.equal(await page.getByRole('button', { name: 'Next' }).isDisabled(), true);
    assert.equal(await mixedRow.getAttribute('data-status'), 'completed');
    assert.equal(await textOf(mixedRow.locator('td[data-label=Requests]')), '2 ok, 1 failed / 3');
    assert.equal(await textOf(mixedRow.locator('td[data-label=Endpoint]')), '/v1/chat/completions');
    // A header cell over each cell of a row (and one, unlabelled, over its buttons).
    assert.equal(await page.locator('[data-testid=batches] thead th').count(), await mixedRow.locator('td').count());
    await mixedRow.getByRole('button', { name: 'Details' }).click();
    const detail = page.getByTestId('batch-detail');
    await detail.waitFor();
    assert.match(await textOf(detail), new RegExp(done.output_file_id!));
    assert.match(await textOf(detail), new RegExp(done.error_file_id!));
    await atEachWidth(async (width) => {
      await assertNoOverflow('batches, second page');
      await shot(`31-batch-detail-${width}`);
    });
    // The files download as they are stored.
    for (const [label, fileId] of [
      ['Output', done.output_file_id!],
      ['Errors', done.error_file_id!],
    ] as const) {
      const [saved] = await Promise.all([
        page.waitForEvent('download'),
        mixedRow.getByRole('button', { name: `Download the ${label} file ${fileId}` }).click(),
      ]);
      assert.equal(saved.suggestedFilename(), `${fileId}.jsonl`);
      const stream = await saved.createReadStream();
      const chunks: Buffer[] = [];
      for await (const chunk of stream) chunks.push(chunk as Buffer);
      assert.equal(Buffer.concat(chunks).toString('utf8'), await (await client.files.content(fileId)).text());
    }

    // Back to the first page: cancel the slow batch (asked twice), and see it end with its error file.
    await page.getByRole('button', { name: 'Previous' }).click();
    const slowRow = page.locator(`tr[data-batch="${slow.id}"]`);
    await slowRow.waitFor();
    await slowRow.getByRole('button', { name: 'Cancel' }).click();
    await slowRow.getByRole('button', { name: 'Confirm cancel' }).click();
    await page.getByText(`Batch ${slow.id} cancelled.`).waitFor();
    await until(async () => assert.equal(await slowRow.getAttribute('data-status'), 'cancelled'), 30_000);
    await until(async () =>
      assert.equal(await slowRow.getByRole('button', { name: /^Download the Errors file/ }).count(), 1),
    );
    assert.equal(await slowRow.getByRole('button', { name: 'Cancel' }).count(), 0);
    const cancelled = await client.batches.retrieve(slow.id);
    assert.equal(cancelled.status, 'cancelled');
    await atEachWidth(async (width) => {
      await assertNoOverflow('batches, first page');
      await shot(`32-batches-cancelled-${width}`);
    });

    // Another project's batch is not there for this project's token (the console's routes are the project's own).
    const other = await server.call('GET', `/v1/${server.projectId}/maas/batches/batch_nope`, { token });
    assert.equal(other.status, 404);
    assert.equal(other.json.error_code, 'ModelArts.81121');
  });

  it('starts every page right under the header and keeps it inside the window, at both widths', async () => {
    const pages: [string, string][] = [
      ['/maas/endpoints', 'Custom endpoints'],
      ['/maas/services', 'My services'],
      ['/maas/api-keys', 'API keys'],
      ['/maas/usage', 'Usage'],
      ['/maas/batches', 'Batches'],
      ['/moderation/playground', 'Moderation playground'],
      ['/moderation/jobs', 'Moderation jobs'],
      ['/moderation/glossaries', 'Glossaries'],
      ['/operator/models', 'Model deployments'],
      ['/operator/accounts', 'Accounts'],
      ['/operator/projects', 'Projects'],
    ];
    await atEachWidth(async (width) => {
      for (const [path, heading] of pages) {
        await page.goto(`${server.baseUrl}/console${path}`);
        await page.getByRole('heading', { level: 1, name: heading }).waitFor();
        await page.waitForLoadState('networkidle');
        if (width < 760) assert.equal(await page.locator('nav').isVisible(), false, path);
        await assertContentUnderHeader(path);
        await assertNoOverflow(path);
      }
    });
    // The short page of the phone, with its ids: the endpoint list, ids wrapping with their copy buttons.
    await page.setViewportSize(widths[1]!);
    await page.goto(`${server.baseUrl}/console/maas/endpoints`);
    await page.locator('tr[data-endpoint="op-chat"]').waitFor();
    assert.ok(
      await page
        .getByRole('button', { name: /^Copy endpoint id / })
        .first()
        .isVisible(),
    );
    await shot('26-narrow-endpoints-ids');
    await page.goto(`${server.baseUrl}/console/moderation/glossaries`);
    await page.locator('tr[data-glossary="rivals"]').waitFor();
    await assertContentUnderHeader('glossaries');
    await shot('27-narrow-short-page');
    await page.setViewportSize(widths[0]!);
  });

  it('opens deep links, fits a narrow window, and signs out', async () => {
    await page.goto(`${server.baseUrl}/console/moderation/glossaries`);
    await page.getByRole('heading', { level: 1, name: 'Glossaries' }).waitFor();
    await page.locator('tr[data-glossary="rivals"]').waitFor();

    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${server.baseUrl}/console/maas/endpoints`);
    await page.locator('tr[data-endpoint="chat-live"]').waitFor();
    assert.equal(await page.locator('nav').isVisible(), false);
    await assertFits();
    await shot('21-narrow-endpoints');
    await page.getByRole('button', { name: 'Menu' }).click();
    await shot('22-narrow-menu');
    await nav('Usage', 'Usage');
    assert.equal(await page.locator('nav').isVisible(), false);
    await page.getByTestId('usage-charts').waitFor();
    await assertFits();
    await shot('23-narrow-usage');

    await page.setViewportSize({ width: 1280, height: 860 });
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await until(async () => assert.equal(new URL(page.url()).pathname, '/console/sign-in'));
    assert.deepEqual(browserErrors, []);
  });
});
