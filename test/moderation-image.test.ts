import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import sharp from 'sharp';
import { isPixelLimitError } from '../src/moderation/image/decode.js';
import { judgePorn } from '../src/moderation/image/image-moderator.js';
import { assertMatches } from './helpers/response-schemas.js';
import { ImageBatchResponse, ImageResponse } from '../src/moderation/schemas.js';
import { whitePng } from './helpers/png.js';
import { qrImage, qrPlacement } from './helpers/qr-image.js';
import { badLocations, randomBadLocations, startRedirectServer } from './helpers/redirect-server.js';
import { expectError, freePort, startServer, type TestServer } from './helpers/server.js';

/** A small real photo-like image: a gradient with shapes, encoded by sharp. */
async function sampleImage(format: 'png' | 'jpeg' = 'png', width = 64, height = 48): Promise<Buffer> {
  const pixels = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      pixels[i] = (x * 4) % 256;
      pixels[i + 1] = (y * 5) % 256;
      pixels[i + 2] = ((x + y) * 3) % 256;
    }
  return sharp(pixels, { raw: { width, height, channels: 3 } })
    [format]()
    .toBuffer();
}

const M = {
  badBase64: 'Base64 decoding of the input data is incorrect.',
  notImage: 'Check whether the Base64 encoding and URL of the image are correct.',
  unsupported: 'The image format is not supported.',
  damaged: 'The image file has been damaged.',
  size: 'The image size does not meet requirements.',
  badUrl: 'The URL is invalid.',
  download: 'Failed to download the file from the Internet.',
  externalInvalid: 'The external URL is invalid.',
  externalFailed: 'The file failed to be downloaded from the external URL.',
};

describe('image moderation', () => {
  let server: TestServer;
  let token: string;
  let url: string;
  let png: Buffer;
  const moderate = (body: Record<string, unknown>, s = server, t = token) =>
    s.call('POST', `/v3/${s.projectId}/moderation/image`, { token: t, body: { event_type: 'head_image', ...body } });

  before(async () => {
    server = await startServer();
    token = await server.token();
    url = `/v3/${server.projectId}/moderation/image`;
    png = await sampleImage();
  });
  after(() => server.close());

  it('classifies a base64 image with the bundled model, in the documented shape', async () => {
    const res = await server.sdk('POST', url, {
      event_type: 'head_image',
      categories: ['porn', 'terrorism'],
      image: png.toString('base64'),
    });
    assert.equal(res.status, 200, res.text);
    assertMatches(res.json, ImageResponse);
    assert.equal(res.json.result.suggestion, 'pass');
    assert.equal(res.json.result.category, 'porn');
    assert.equal(res.json.result.details[0].category, 'porn');
    assert.equal(res.json.result.details[0].label, 'normal');
    const jpeg = await server.sdk('POST', url, {
      event_type: 'album',
      image: `data:image/jpeg;base64,${(await sampleImage('jpeg')).toString('base64')}`,
    });
    assertMatches(jpeg.json, ImageResponse);
    // A category without a detector here is accepted and never flags.
    const terrorism = await server.sdk('POST', url, {
      event_type: 'album',
      categories: ['terrorism'],
      image: png.toString('base64'),
    });
    assert.deepEqual(terrorism.json.result, { suggestion: 'pass', category: 'terrorism', details: [] });
  });

  it('moderates a batch of up to 12 URLs, answering a failed image in its own entry', async () => {
    const files = http.createServer((req, res) => {
      if (req.url === '/a.png') return void res.writeHead(200).end(png);
      res.writeHead(404).end();
    });
    await new Promise<void>((r) => files.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(files.address() as AddressInfo).port}`;
    const s = await startServer({ moderation: { fetch: { allowPrivateAddresses: true } } });
    try {
      const batch = `/v3/${s.projectId}/moderation/image/batch`;
      const res = await s.sdk('POST', batch, {
        event_type: 'album',
        categories: ['porn'],
        urls: [
          { url: `${base}/a.png`, data_id: 'first' },
          { url: `${base}/missing.png`, data_id: 'second' },
        ],
      });
      assert.equal(res.status, 200, res.text);
      assertMatches(res.json, ImageBatchResponse);
      assert.deepEqual(
        res.json.results.map((r: { data_id: string; suggestion?: string; error_code?: string }) => [
          r.data_id,
          r.suggestion ?? r.error_code,
        ]),
        [
          ['first', 'pass'],
          ['second', 'AIS.0029'],
        ],
      );
      const urls = (n: number) => Array.from({ length: n }, (_, i) => ({ url: `${base}/a.png`, data_id: `id_${i}` }));
      expectError(
        await s.sdk('POST', batch, { event_type: 'album', urls: urls(13) }),
        400,
        'AIS.0401',
        'The input parameter is incorrect.',
      );
      expectError(
        await s.sdk('POST', batch, {
          event_type: 'album',
          urls: [
            { url: `${base}/a.png`, data_id: 'x' },
            { url: `${base}/a.png`, data_id: 'x' },
          ],
        }),
        400,
        'AIS.0401',
        'The input parameter is incorrect.',
      );
      expectError(
        await s.sdk('POST', batch, { event_type: 'album', urls: [] }),
        400,
        'AIS.0011',
        'Lack the request parameter, or the request parameter is empty.',
      );
    } finally {
      await s.close();
      files.close();
    }
  });

  it('maps classifier scores to suggestions at the documented thresholds', () => {
    const base = { Drawing: 0, Hentai: 0, Neutral: 0, Porn: 0, Sexy: 0 };
    assert.equal(judgePorn({ ...base, Porn: 0.9, Neutral: 0.1 }).suggestion, 'block');
    assert.equal(judgePorn({ ...base, Hentai: 0.5, Neutral: 0.5 }).suggestion, 'review');
    assert.equal(judgePorn({ ...base, Sexy: 0.7, Neutral: 0.3 }).label, 'sexy');
    assert.equal(judgePorn({ ...base, Neutral: 0.95, Sexy: 0.05 }).suggestion, 'pass');
  });

  it('answers the input errors of the catalogue', async () => {
    expectError(await moderate({ image: 'not base64 at all!' }), 400, 'AIS.0015', M.badBase64);
    expectError(
      await moderate({ image: Buffer.from('plain text, not an image at all').toString('base64') }),
      400,
      'AIS.0502',
      M.notImage,
    );
    const bmp = Buffer.alloc(70);
    bmp.write('BM', 0);
    expectError(await moderate({ image: bmp.toString('base64') }), 400, 'AIS.0402', M.unsupported);
    expectError(
      await moderate({ image: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"></svg>').toString('base64') }),
      400,
      'AIS.0402',
      M.unsupported,
    );
    const jpeg = await sampleImage('jpeg', 200, 200);
    expectError(
      await moderate({ image: jpeg.subarray(0, jpeg.length / 2).toString('base64') }),
      400,
      'AIS.0403',
      M.damaged,
    );
    expectError(
      await moderate({ image: (await sampleImage('png', 8, 8)).toString('base64') }),
      400,
      'AIS.0504',
      M.size,
    );
    expectError(
      await moderate({ image: (await sampleImage('png', 9000, 16)).toString('base64') }),
      400,
      'AIS.0504',
      M.size,
    );
    expectError(await moderate({}), 400, 'AIS.0011', 'Lack the request parameter, or the request parameter is empty.');
    expectError(
      await moderate({ image: png.toString('base64'), url: 'https://example.com/a.png' }),
      400,
      'AIS.0012',
      'The request parameter is not supported.',
    );
    expectError(
      await moderate({ image: png.toString('base64'), categories: ['weapons'] }),
      400,
      'AIS.0012',
      'The request parameter is not supported.',
    );
    expectError(
      await server.call('POST', url, { token, body: { event_type: 'billboard', image: png.toString('base64') } }),
      400,
      'AIS.0005',
      'The service does not exist.',
    );
  });

  it('answers AIS.0504 for sides outside 20-6000 px, read from the header before any decoding', async () => {
    // 16000 x 16000: over sharp's pixel cap too, which used to fail the header read itself (AIS.0502, "not an image").
    expectError(await moderate({ image: whitePng(16000, 16000).toString('base64') }), 400, 'AIS.0504', M.size);
    for (const [width, height] of [
      [6001, 20],
      [20, 6001],
      [19, 19],
      [40, 19],
      [1, 1],
    ] as const) {
      const res = await moderate({ categories: ['porn'], image: whitePng(width, height).toString('base64') });
      expectError(res, 400, 'AIS.0504', M.size);
    }
    for (const [width, height] of [
      [20, 20],
      [6000, 20],
    ] as const) {
      const res = await moderate({ categories: ['porn'], image: whitePng(width, height).toString('base64') });
      assert.equal(res.status, 200, `${width}x${height}: ${res.text}`);
    }
    // The same from a URL, alone and as one entry of a batch whose other entry is moderated.
    const files = await startRedirectServer({ '/huge.png': whitePng(16000, 16000), '/ok.png': png });
    const s = await startServer({ moderation: { fetch: { allowPrivateAddresses: true } } });
    try {
      const t = await s.token();
      expectError(await moderate({ url: `${files.base}/huge.png` }, s, t), 400, 'AIS.0504', M.size);
      const res = await s.sdk('POST', `/v3/${s.projectId}/moderation/image/batch`, {
        event_type: 'album',
        categories: ['porn'],
        urls: [
          { url: `${files.base}/huge.png`, data_id: 'huge' },
          { url: `${files.base}/ok.png`, data_id: 'ok' },
        ],
      });
      assert.equal(res.status, 200, res.text);
      assertMatches(res.json, ImageBatchResponse);
      assert.deepEqual(
        res.json.results.map((r: Record<string, unknown>) => [r.data_id, r.suggestion ?? r.error_code, r.error_msg]),
        [
          ['huge', 'AIS.0504', M.size],
          ['ok', 'pass', undefined],
        ],
      );
    } finally {
      await s.close();
      await files.close();
    }
  });

  it("maps sharp's own pixel cap, the backstop behind the header check, to AIS.0504", async () => {
    const error = await sharp(png, { limitInputPixels: 100 })
      .raw()
      .toBuffer()
      .catch((e: unknown) => e);
    assert.ok(isPixelLimitError(error), String(error));
    assert.ok(!isPixelLimitError(new Error('VipsJpeg: Premature end of JPEG file')));
    assert.ok(!isPixelLimitError(undefined));
  });

  it('answers a redirect to a malformed or unusable Location as a failed download (AIS.0029), per batch entry', async () => {
    const files = await startRedirectServer({ '/ok.png': png });
    const s = await startServer({ moderation: { fetch: { allowPrivateAddresses: true } } });
    const seed = 20260321;
    try {
      const t = await s.token();
      for (const location of [...badLocations, ...randomBadLocations(seed, 60)]) {
        const res = await moderate({ url: files.redirect(location) }, s, t);
        try {
          expectError(res, 400, 'AIS.0029', M.download);
        } catch (error) {
          throw new Error(`Location ${JSON.stringify(location).slice(0, 120)} (seed ${seed}): ${String(error)}`);
        }
      }
      const res = await s.sdk('POST', `/v3/${s.projectId}/moderation/image/batch`, {
        event_type: 'album',
        categories: ['porn'],
        urls: [
          { url: files.redirect('http://[::1'), data_id: 'malformed' },
          { url: `${files.base}/ok.png`, data_id: 'ok' },
          { url: files.redirect('javascript:alert(1)'), data_id: 'script' },
        ],
      });
      assert.equal(res.status, 200, res.text);
      assertMatches(res.json, ImageBatchResponse);
      assert.deepEqual(
        res.json.results.map((r: Record<string, unknown>) => [r.data_id, r.suggestion ?? r.error_code, r.error_msg]),
        [
          ['malformed', 'AIS.0029', M.download],
          ['ok', 'pass', undefined],
          ['script', 'AIS.0029', M.download],
        ],
      );
    } finally {
      await s.close();
      await files.close();
    }
  });

  it('refuses URLs to loopback, private and link-local addresses (no SSRF)', async () => {
    for (const target of [
      'http://127.0.0.1:9/a.png',
      'http://localhost:9/a.png',
      'http://10.0.0.1/a.png',
      'http://192.168.1.1/a.png',
      'http://169.254.169.254/latest/meta-data',
      'http://[::1]/a.png',
      'http://[::ffff:127.0.0.1]/a.png',
      'http://[::7f00:1]/a.png',
      'http://[64:ff9b::a9fe:a9fe]/latest/meta-data',
    ]) {
      expectError(await moderate({ url: target }), 400, 'ModelArts.4601', M.externalInvalid);
    }
    for (const bad of ['ftp://example.com/a.png', 'not a url', 'http://user:pass@example.com/a.png']) {
      expectError(await moderate({ url: bad }), 400, 'AIS.0022', M.badUrl);
    }
  });

  it('downloads from URLs with a time limit and a size cap when private addresses are allowed', async () => {
    const big = Buffer.alloc(30_000, 1);
    const files = http.createServer((req, res) => {
      if (req.url === '/ok.png') return res.end(png);
      if (req.url === '/big') return res.end(big);
      if (req.url === '/slow') return setTimeout(() => res.end(png), 2000);
      if (req.url === '/redirect') {
        res.writeHead(302, { location: '/ok.png' });
        return res.end();
      }
      res.writeHead(404);
      res.end();
    });
    await new Promise<void>((r) => files.listen(0, '127.0.0.1', r));
    const port = (files.address() as AddressInfo).port;
    const s = await startServer({
      moderation: {
        fetch: { timeoutMs: 500, maxRedirects: 2, allowPrivateAddresses: true },
        image: { maxBytes: 20_000, minSide: 16, maxSide: 8192 },
      } as never,
    });
    /** The operator's store is read only through a grant (see moderation-object-storage.test.ts). */
    const grantMedia = async (s: TestServer) => {
      const res = await s.operator('PUT', `/operator/v1/projects/${s.projectId}/object-storage`, {
        buckets: [{ bucket: 'media', prefix: '' }],
      });
      assert.equal(res.status, 200, res.text);
    };
    try {
      const t = await s.token();
      const ok = await moderate({ url: `http://127.0.0.1:${port}/ok.png` }, s, t);
      assert.equal(ok.status, 200, ok.text);
      assert.equal((await moderate({ url: `http://127.0.0.1:${port}/redirect` }, s, t)).status, 200);
      expectError(await moderate({ url: `http://127.0.0.1:${port}/missing.png` }, s, t), 400, 'AIS.0029', M.download);
      expectError(
        await moderate({ url: `http://127.0.0.1:${await freePort()}/closed.png` }, s, t),
        400,
        'AIS.0029',
        M.download,
      );
      expectError(
        await moderate({ url: `http://127.0.0.1:${port}/slow` }, s, t),
        400,
        'ModelArts.4603',
        M.externalFailed,
      );
      expectError(
        await moderate({ url: `http://127.0.0.1:${port}/big` }, s, t),
        400,
        'ModelArts.4603',
        M.externalFailed,
      );
    } finally {
      await s.close();
      files.closeAllConnections();
      files.close();
    }
  });

  describe('object storage (S3-compatible, s3rver)', () => {
    let s3: S3rver;
    let endpoint: string;
    let dir: string;

    before(async () => {
      dir = mkdtempSync(path.join(os.tmpdir(), 'aisp-s3-'));
      s3 = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: dir });
      const address = (await s3.run()) as unknown as AddressInfo;
      endpoint = `http://127.0.0.1:${address.port}`;
      const client = new S3Client({
        endpoint,
        region: 'us-east-1',
        forcePathStyle: true,
        credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
      });
      await client.send(new CreateBucketCommand({ Bucket: 'media' }));
      await client.send(new PutObjectCommand({ Bucket: 'media', Key: 'photos/ok.png', Body: png }));
      await client.send(new PutObjectCommand({ Bucket: 'media', Key: 'empty.png', Body: Buffer.alloc(0) }));
      await client.send(new PutObjectCommand({ Bucket: 'media', Key: 'big.png', Body: Buffer.alloc(30_000, 7) }));
      client.destroy();
    });
    after(async () => {
      await s3.close();
      rmSync(dir, { recursive: true, force: true });
    });

    const storage = (overrides: Record<string, unknown> = {}) => ({
      moderation: {
        objectStorage: {
          endpoint,
          region: 'us-east-1',
          accessKey: 'S3RVER',
          secretKey: 'S3RVER',
          forcePathStyle: true,
          ...overrides,
        },
        image: { maxBytes: 20_000, minSide: 16, maxSide: 8192 },
      } as never,
    });
    /** The operator's store is read only through a grant (see moderation-object-storage.test.ts). */
    const grantMedia = async (s: TestServer) => {
      const res = await s.operator('PUT', `/operator/v1/projects/${s.projectId}/object-storage`, {
        buckets: [{ bucket: 'media', prefix: '' }],
      });
      assert.equal(res.status, 200, res.text);
    };

    it('reads images from obs:// and s3:// URLs and answers each storage failure', async () => {
      const s = await startServer(storage());
      try {
        await grantMedia(s);
        const t = await s.token();
        assert.equal((await moderate({ url: 'obs://media/photos/ok.png' }, s, t)).status, 200);
        assert.equal((await moderate({ url: 's3://media/photos/ok.png' }, s, t)).status, 200);
        expectError(
          await moderate({ url: 'obs://media/photos/none.png' }, s, t),
          400,
          'ModelArts.4706',
          'The OBS file does not exist.',
        );
        expectError(
          await moderate({ url: 'obs://media/empty.png' }, s, t),
          400,
          'AIS.0025',
          'The file stored in OBS is empty.',
        );
        expectError(
          await moderate({ url: 'obs://media/big.png' }, s, t),
          400,
          'AIS.0023',
          'The file stored in OBS is oversized.',
        );
        expectError(await moderate({ url: 'obs://' }, s, t), 400, 'ModelArts.4703', 'The OBS URL is invalid.');
        expectError(await moderate({ url: 'obs://media/' }, s, t), 400, 'ModelArts.4703', 'The OBS URL is invalid.');
        // Bad percent-encoding (once a URIError and a 500), and keys that could leave a prefix on stores that map keys
        // to paths.
        for (const url of [
          'obs://media/%',
          'https://media.obs.cn-north-4.myhuaweicloud.com/%',
          'obs://media/photos/../ok.png',
          'obs://media/photos/%2e%2e/big.png',
          'obs://media//photos/ok.png',
        ]) {
          expectError(await moderate({ url }, s, t), 400, 'ModelArts.4703', 'The OBS URL is invalid.');
        }
      } finally {
        await s.close();
      }
    });

    // s3rver checks the access key id (it does not verify SigV4 signatures), so an unknown key is the refusal here.
    it('answers AIS.0024 when the store refuses the credentials', async () => {
      const s = await startServer(storage({ accessKey: 'UNKNOWNACCESSKEY' }));
      try {
        await grantMedia(s);
        expectError(
          await moderate({ url: 'obs://media/photos/ok.png' }, s, await s.token()),
          400,
          'AIS.0024',
          'Failed to obtain the file from OBS.',
        );
      } finally {
        await s.close();
      }
    });

    it('answers ModelArts.4702 without a configured store and ModelArts.4704 when it cannot be reached', async () => {
      expectError(
        await moderate({ url: 'obs://media/photos/ok.png' }),
        400,
        'ModelArts.4702',
        'The OBS agency failed to be queried.',
      );
      // A grant on an operator store that is not configured reads nothing either.
      await grantMedia(server);
      try {
        expectError(
          await moderate({ url: 'obs://media/photos/ok.png' }),
          400,
          'ModelArts.4702',
          'The OBS agency failed to be queried.',
        );
      } finally {
        await server.operator('DELETE', `/operator/v1/projects/${server.projectId}/object-storage`);
      }
      const s = await startServer(storage({ endpoint: `http://127.0.0.1:${await freePort()}` }));
      try {
        await grantMedia(s);
        expectError(
          await moderate({ url: 'obs://media/photos/ok.png' }, s, await s.token()),
          400,
          'ModelArts.4704',
          'Failed to obtain the OBS file.',
        );
      } finally {
        await s.close();
      }
    });
  });
});

describe('text in images (OCR)', () => {
  let server: TestServer;
  let token: string;
  const fixture = (name: string) => readFileSync(path.join('test/fixtures/ocr', name)).toString('base64');
  const moderate = (body: Record<string, unknown>) =>
    server.call('POST', `/v3/${server.projectId}/moderation/image`, {
      token,
      body: { event_type: 'album', ...body },
    });

  before(async () => {
    server = await startServer();
    token = await server.token();
  });
  after(() => server.close());

  it('reads English and Chinese text in an image and moderates it as image_text', async () => {
    const en = await moderate({ categories: ['image_text'], image: fixture('ad-en.png') });
    assert.equal(en.status, 200, en.text);
    assertMatches(en.json, ImageResponse);
    // PaddleOCR may run the digit groups of the number together.
    assert.match(en.json.result.ocr_text, /WhatsApp \+1 555 ?0100/);
    assert.notEqual(en.json.result.suggestion, 'pass', en.text);
    assert.equal(en.json.result.category, 'image_text');
    assert.equal(en.json.result.details[0].category, 'image_text');
    assert.equal(en.json.result.details[0].label, 'ad');

    const zh = await moderate({ categories: ['image_text', 'porn'], image: fixture('ad-zh.png') });
    assert.equal(zh.status, 200, zh.text);
    assert.match(zh.json.result.ocr_text, /代开各类发票/);
    assert.notEqual(zh.json.result.suggestion, 'pass', zh.text);
    assert.equal(zh.json.result.category, 'image_text');
    // Both detectors answered: the classifier's pass stays among the details.
    assert.deepEqual(zh.json.result.details.map((d: { category: string }) => d.category).sort(), [
      'image_text',
      'porn',
    ]);

    const clean = await moderate({ categories: ['image_text'], image: fixture('clean-zh.png') });
    assert.equal(clean.json.result.suggestion, 'pass', clean.text);
    assert.equal(clean.json.result.ocr_text, '今天天气很好，我们去公园散步。');
    // OCR runs only when image_text is asked for.
    const porn = await moderate({ categories: ['porn'], image: fixture('ad-en.png') });
    assert.equal(porn.json.result.ocr_text, undefined);
  });

  it("applies image_text_config's glossaries to the text read", async () => {
    const created = await server.call('POST', `/v3/${server.projectId}/moderation/glossaries`, {
      token,
      body: { name: 'reports', words: ['quarterly report'], type: 'black' },
    });
    assert.equal(created.status, 201, created.text);
    const plain = await moderate({ categories: ['image_text'], image: fixture('clean-en.png') });
    assert.equal(plain.json.result.suggestion, 'pass', plain.text);
    const res = await moderate({
      categories: ['image_text'],
      image: fixture('clean-en.png'),
      image_text_config: { black_glossary_names: ['reports'] },
    });
    assert.equal(res.json.result.suggestion, 'block', res.text);
    assert.deepEqual(res.json.result.details[0].segments, [{ segment: 'quarterly report', glossary_name: 'reports' }]);
    expectError(
      await moderate({
        categories: ['image_text'],
        image: fixture('clean-en.png'),
        image_text_config: { black_glossary_names: ['nope'] },
      }),
      400,
      'AIS.0401',
      'The input parameter is incorrect.',
    );
  });

  it('finds a QR code as image_text, with what it says and where it is', async () => {
    const link = 'https://promo.example.net/win?c=42';
    const image = (await qrImage(link)).toString('base64');
    const res = await moderate({ categories: ['image_text'], image });
    assert.equal(res.status, 200, res.text);
    assertMatches(res.json, ImageResponse);
    assert.equal(res.json.result.suggestion, 'review', res.text);
    assert.equal(res.json.result.category, 'image_text');
    const qr = res.json.result.details.find((d: { label: string }) => d.label === 'qr_code');
    assert.ok(qr, res.text);
    assert.equal(qr.qr_content, link);
    assert.equal(qr.suggestion, 'review');
    // The box is the code's own (its quiet zone is outside), in the image's pixels.
    const { left, top, side } = qrPlacement;
    const box = qr.qr_location;
    for (const v of Object.values(box)) assert.ok(Number.isInteger(v), JSON.stringify(box));
    assert.ok(box.top_left_x >= left && box.top_left_x < left + side / 4, JSON.stringify(box));
    assert.ok(box.top_left_y >= top && box.top_left_y < top + side / 4, JSON.stringify(box));
    assert.ok(box.bottom_right_x > left + (side * 3) / 4 && box.bottom_right_x <= left + side, JSON.stringify(box));
    assert.ok(box.bottom_right_y > top + (side * 3) / 4 && box.bottom_right_y <= top + side, JSON.stringify(box));

    // A black glossary's word in the code blocks it, with the hit; a white glossary's word lets it pass.
    for (const [name, type] of [
      ['qr-deny', 'black'],
      ['qr-allow', 'white'],
    ]) {
      const created = await server.call('POST', `/v3/${server.projectId}/moderation/glossaries`, {
        token,
        body: { name, words: ['promo.example.net'], type },
      });
      assert.equal(created.status, 201, created.text);
    }
    const denied = await moderate({
      categories: ['image_text'],
      image,
      image_text_config: { black_glossary_names: ['qr-deny'] },
    });
    assert.equal(denied.json.result.suggestion, 'block', denied.text);
    const blocked = denied.json.result.details.find((d: { label: string }) => d.label === 'qr_code');
    // The glossary's hit, then the code's whole content: a bare link is comment spam to the text moderator (issue 22).
    assert.deepEqual(blocked.segments, [
      { segment: 'promo.example.net', glossary_name: 'qr-deny' },
      { segment: 'https://promo.example.net/win?c=42' },
    ]);
    const allowed = await moderate({
      categories: ['image_text'],
      image,
      image_text_config: { white_glossary_names: ['qr-allow'] },
    });
    assert.equal(allowed.json.result.suggestion, 'pass', allowed.text);

    // Only image_text looks for codes; an image without one has no such detail.
    const porn = await moderate({ categories: ['porn'], image });
    assert.equal(porn.json.result.details.filter((d: { label: string }) => d.label === 'qr_code').length, 0);
    const plain = await moderate({ categories: ['image_text'], image: fixture('clean-en.png') });
    assert.equal(plain.json.result.suggestion, 'pass', plain.text);
    assert.equal(plain.json.result.details.length, 0, plain.text);
  });
});
