import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadConfig } from '../src/config.js';
import { OcrReader } from '../src/moderation/image/ocr.js';
import { ImageResponse } from '../src/moderation/schemas.js';
import { assertMatches } from './helpers/response-schemas.js';
import { startServer, type TestServer } from './helpers/server.js';

const scrapeToken = 'scrape-token-0123456789';
const fixture = (name: string) => readFileSync(path.join('test/fixtures/ocr', name));

/** A server with the given OCR settings, a token, and its image call and OCR metrics. */
async function ocrServer(ocr: Record<string, unknown>) {
  const server = await startServer({ metricsToken: scrapeToken, moderation: { ocr } });
  const token = await server.token();
  return {
    server,
    moderate: (image: Buffer) =>
      server.call('POST', `/v3/${server.projectId}/moderation/image`, {
        token,
        body: { event_type: 'album', categories: ['image_text'], image: image.toString('base64') },
      }),
    /** How many images each engine has read, from aisp_moderation_ocr_seconds_count{engine}. */
    readsBy: async (engine: string) => {
      const metrics = await server.call('GET', '/metrics', { headers: { Authorization: `Bearer ${scrapeToken}` } });
      const series = `aisp_moderation_ocr_seconds_count{engine="${engine}"} `;
      const line = metrics.text.split('\n').find((l) => l.startsWith(series));
      return line === undefined ? 0 : Number(line.slice(series.length));
    },
  };
}

describe('OCR engines (AISP_OCR_ENGINE)', () => {
  let paddle: Awaited<ReturnType<typeof ocrServer>>;
  before(async () => {
    paddle = await ocrServer({});
  });
  after(() => paddle.server.close());

  it('reads a Chinese contact ad with PaddleOCR, the default, and flags it as image_text', async () => {
    const res = await paddle.moderate(fixture('contact-zh.png'));
    assert.equal(res.status, 200, res.text);
    assertMatches(res.json, ImageResponse);
    assert.equal(res.json.result.ocr_text, '联系电话13812345678\n客服微信shop888');
    assert.equal(res.json.result.category, 'image_text');
    assert.notEqual(res.json.result.suggestion, 'pass', res.text);
    const detail = res.json.result.details[0];
    assert.equal(detail.label, 'ad');
    assert.ok(
      detail.segments.some((s: { segment: string }) => s.segment === '13812345678'),
      JSON.stringify(detail),
    );
    assert.equal(await paddle.readsBy('paddle'), 1);
    assert.equal(await paddle.readsBy('tesseract'), 0);
  });

  it('switches to tesseract.js when the setting names it', async () => {
    assert.equal(loadConfig({ AISP_OCR_ENGINE: 'tesseract' }).moderation.ocr.engine, 'tesseract');
    assert.equal(loadConfig({}).moderation.ocr.engine, 'paddle');
    assert.throws(() => loadConfig({ AISP_OCR_ENGINE: 'easyocr' }), /AISP_OCR_ENGINE/);
    const tesseract = await ocrServer({ engine: 'tesseract' });
    try {
      const res = await tesseract.moderate(fixture('ad-en.png'));
      assert.equal(res.status, 200, res.text);
      assert.match(res.json.result.ocr_text, /WhatsApp \+1 555 0100/);
      assert.equal(res.json.result.details[0].label, 'ad');
      assert.equal(await tesseract.readsBy('tesseract'), 1);
      assert.equal(await tesseract.readsBy('paddle'), 0);
    } finally {
      await tesseract.server.close();
    }
  });

  it('answers an image whose OCR overran without its text, and reads the next one', async () => {
    const hurried = await ocrServer({ timeoutMs: 1 });
    try {
      const res = await hurried.moderate(fixture('contact-zh.png'));
      assert.equal(res.status, 200, res.text);
      assert.equal(res.json.result.ocr_text, undefined, res.text);
      assert.equal(res.json.result.suggestion, 'pass', res.text);
    } finally {
      await hurried.server.close();
    }
    // The default server is unaffected, and its worker still reads.
    const res = await paddle.moderate(fixture('ad-zh.png'));
    assert.match(res.json.result.ocr_text, /代开各类发票/);
  });
});

describe('OCR when PaddleOCR cannot start', () => {
  it('reads with tesseract.js instead, and says why once', async () => {
    const told: unknown[] = [];
    const reader = new OcrReader({
      workers: 1,
      timeoutMs: 30_000,
      paddleScript: new URL('./helpers/resident-failing-worker.js', import.meta.url),
      onFallback: (error) => told.push(error),
    });
    try {
      const [first, second] = await Promise.all([reader.read(fixture('ad-en.png')), reader.read(fixture('ad-zh.png'))]);
      assert.equal(reader.engineName, 'tesseract');
      assert.match(first.text, /HUGE SALE/);
      assert.match(second.text, /代开各类发票/);
      assert.equal(told.length, 1);
      assert.match(String(told[0]), /could not be loaded/);
    } finally {
      await reader.close();
    }
  });

  it('does not fall back when closed while PaddleOCR loads (the server stopping)', async () => {
    const told: unknown[] = [];
    const reader = new OcrReader({ workers: 1, timeoutMs: 30_000, onFallback: (error) => told.push(error) });
    const warming = assert.rejects(reader.warmUp(), /closed/);
    await reader.close();
    await warming;
    assert.equal(reader.engineName, 'paddle');
    assert.deepEqual(told, []);
  });
});
