import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { PDFDocument } from 'pdf-lib';
import sharp from 'sharp';
import { ffmpegPath } from '../src/moderation/jobs/ffmpeg-media.js';
import { ImageBatchResponse, ImageResponse } from '../src/moderation/schemas.js';
import { pollUntil } from './helpers/poll.js';
import { assertMatches } from './helpers/response-schemas.js';
import { expectError, startServer, type TestServer } from './helpers/server.js';
import { copyTransformations, syntheticImage } from './helpers/synthetic-images.js';

/** Serves files from memory, for image URLs, a video and a document. */
async function startFileServer(files: Record<string, Buffer>) {
  const server = http.createServer((req, res) => {
    const file = files[req.url ?? ''];
    if (!file) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(file);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => {
      server.closeAllConnections();
      return new Promise((r) => server.close(r));
    },
  };
}

/** A two-second video showing a picture. */
function videoOfImage(png: Buffer): Buffer {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'aisp-library-video-'));
  try {
    writeFileSync(path.join(dir, 'frame.png'), png);
    const args = ['-v', 'error', '-loop', '1', '-i', path.join(dir, 'frame.png'), '-t', '2', '-r', '5'];
    const run = spawnSync(ffmpegPath(), [...args, '-pix_fmt', 'yuv420p', path.join(dir, 'clip.mp4')]);
    assert.equal(run.status, 0, String(run.stderr));
    return readFileSync(path.join(dir, 'clip.mp4'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function pdfWithImage(png: Buffer): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const image = await doc.embedPng(png);
  doc.addPage().drawImage(image, { x: 20, y: 300, width: image.width / 2, height: image.height / 2 });
  return Buffer.from(await doc.save());
}

const M = {
  param: 'The input parameter is incorrect.',
  missing: 'Lack the request parameter, or the request parameter is empty.',
  unsupported: 'The request parameter is not supported.',
  badBase64: 'Base64 decoding of the input data is incorrect.',
  notImage: 'Check whether the Base64 encoding and URL of the image are correct.',
};

describe('image libraries', () => {
  let server: TestServer;
  let token: string;
  let files: Awaited<ReturnType<typeof startFileServer>>;
  const images: Record<string, Buffer> = {};
  const libraries = (s = server) => `/v3/${s.projectId}/moderation/image-libraries`;
  const call = (method: string, url: string, body?: unknown, t = token) => server.call(method, url, { token: t, body });
  const moderate = (image: Buffer, categories: string[], extra: Record<string, unknown> = {}, t = token, s = server) =>
    s.call('POST', `/v3/${s.projectId}/moderation/image`, {
      token: t,
      body: { event_type: 'head_image', categories, image: image.toString('base64'), ...extra },
    });
  const addImage = async (library: string, image: Buffer) => {
    const res = await call('POST', `${libraries()}/${library}/images`, { image: image.toString('base64') });
    assert.equal(res.status, 200, res.text);
    return res.json as { image_id: string; hash: string };
  };

  before(async () => {
    images.flag = await syntheticImage('shapes', 3);
    images.photo = await syntheticImage('photo', 5);
    images.poster = await syntheticImage('text', 7);
    images.other = await syntheticImage('gradient', 11);
    files = await startFileServer({
      '/flag.png': images.flag,
      '/photo.png': images.photo,
      '/other.png': images.other,
      '/poster.mp4': videoOfImage(images.poster),
      '/poster.pdf': await pdfWithImage(images.poster),
    });
    server = await startServer({
      moderation: { fetch: { allowPrivateAddresses: true }, jobs: { pollIntervalMs: 100 } },
    });
    token = await server.token();
  });
  after(async () => {
    await server.close();
    await files.close();
  });

  it('are created, shown, listed, changed and deleted, with the moderation family’s errors', async () => {
    const created = await call('PUT', `${libraries()}/banners`, { category: 'terrorism' });
    assert.equal(created.status, 200, created.text);
    assert.deepEqual(
      { ...created.json, created_at: undefined, updated_at: undefined },
      {
        name: 'banners',
        category: 'terrorism',
        type: 'black',
        suggestion: 'block',
        image_count: 0,
        created_at: undefined,
        updated_at: undefined,
      },
    );
    const changed = await call('PUT', `${libraries()}/banners`, { category: 'politics', suggestion: 'review' });
    assert.equal(changed.json.category, 'politics');
    assert.equal(changed.json.suggestion, 'review');
    assert.equal((await call('GET', `${libraries()}/banners`)).json.suggestion, 'review');
    const list = await call('GET', libraries());
    assert.equal(list.json.total, 1);
    assert.equal(list.json.image_libraries[0].name, 'banners');

    expectError(await call('PUT', `${libraries()}/x`, { type: 'white' }), 400, 'AIS.0011', M.missing);
    expectError(await call('PUT', `${libraries()}/x`, { category: 'ad' }), 400, 'AIS.0012', M.unsupported);
    expectError(
      await call('PUT', `${libraries()}/x`, { category: 'porn', type: 'grey' }),
      400,
      'AIS.0012',
      M.unsupported,
    );
    expectError(await call('PUT', `${libraries()}/x`, { category: 'porn', suggestion: 1 }), 400, 'AIS.0401', M.param);
    expectError(await call('PUT', `${libraries()}/-bad`, { category: 'porn' }), 400, 'AIS.0401', M.param);
    expectError(await call('GET', `${libraries()}/missing`), 400, 'AIS.0401', M.param);
    expectError(
      await call('POST', `${libraries()}/missing/hashes`, { hashes: ['0123456789abcdef'] }),
      400,
      'AIS.0401',
      M.param,
    );

    const deleted = await call('DELETE', `${libraries()}/banners`);
    assert.equal(deleted.status, 204);
    expectError(await call('GET', `${libraries()}/banners`), 400, 'AIS.0401', M.param);
    expectError(await call('DELETE', `${libraries()}/banners`), 400, 'AIS.0401', M.param);
  });

  it('take images as the image API does (base64 or URL, its errors), list them by page, import hashes', async () => {
    await call('PUT', `${libraries()}/inputs`, { category: 'customized' });
    const inline = await addImage('inputs', images.flag!);
    assert.match(inline.image_id, /\S/);
    assert.match(inline.hash, /^[0-9a-f]{16}$/);
    const byUrl = await call('POST', `${libraries()}/inputs/images`, { url: `${files.base}/flag.png` });
    assert.equal(byUrl.status, 200, byUrl.text);
    // The same picture, so the same hash.
    assert.equal(byUrl.json.hash, inline.hash);

    const base = `${libraries()}/inputs/images`;
    expectError(await call('POST', base, {}), 400, 'AIS.0011', M.missing);
    expectError(
      await call('POST', base, { image: 'aGVsbG8=', url: `${files.base}/flag.png` }),
      400,
      'AIS.0012',
      M.unsupported,
    );
    expectError(await call('POST', base, { image: '***' }), 400, 'AIS.0015', M.badBase64);
    expectError(
      await call('POST', base, { image: Buffer.from('not an image').toString('base64') }),
      400,
      'AIS.0502',
      M.notImage,
    );
    expectError(await call('POST', base, { url: 'ftp://example.com/a.png' }), 400, 'AIS.0022', 'The URL is invalid.');

    const imported = await call('POST', `${libraries()}/inputs/hashes`, {
      hashes: ['0123456789ABCDEF', 'fedcba9876543210'],
    });
    assert.equal(imported.status, 200, imported.text);
    assert.equal(imported.json.total, 2);
    assert.deepEqual(
      imported.json.images.map((i: { hash: string }) => i.hash),
      ['0123456789abcdef', 'fedcba9876543210'],
    );
    expectError(await call('POST', `${libraries()}/inputs/hashes`, { hashes: ['0123'] }), 400, 'AIS.0401', M.param);
    expectError(await call('POST', `${libraries()}/inputs/hashes`, { hashes: [] }), 400, 'AIS.0011', M.missing);
    expectError(await call('POST', `${libraries()}/inputs/hashes`, {}), 400, 'AIS.0011', M.missing);

    const all = await call('GET', base);
    assert.equal(all.json.total, 4);
    const page = await call('GET', `${base}?offset=1&limit=2`);
    assert.equal(page.json.total, 4);
    assert.deepEqual(page.json.images, all.json.images.slice(1, 3));
    expectError(await call('GET', `${base}?limit=0`), 400, 'AIS.0401', M.param);
    expectError(await call('GET', `${base}?offset=-1`), 400, 'AIS.0401', M.param);

    assert.equal((await call('DELETE', `${base}/${inline.image_id}`)).status, 204);
    expectError(await call('DELETE', `${base}/${inline.image_id}`), 400, 'AIS.0401', M.param);
    assert.equal((await call('GET', `${libraries()}/inputs`)).json.image_count, 3);
    await call('DELETE', `${libraries()}/inputs`);
  });

  it('find every copy of a library image (resized, JPEG 50, grey, bordered, cropped) and pass other images', async () => {
    await call('PUT', `${libraries()}/flags`, { category: 'terrorism' });
    const added = await addImage('flags', images.flag!);
    const photo = await addImage('flags', images.photo!);
    for (const [original, entry] of [
      [images.flag!, added],
      [images.photo!, photo],
    ] as const) {
      for (const [name, transform] of Object.entries(copyTransformations)) {
        const res = await moderate(await transform(original), ['terrorism', 'porn']);
        assert.equal(res.status, 200, res.text);
        assertMatches(res.json, ImageResponse);
        const { result } = res.json;
        assert.equal(result.suggestion, 'block', `${name}: ${res.text}`);
        assert.equal(result.category, 'terrorism');
        const hit = result.details.find((d: { label: string }) => d.label === 'image_library');
        assert.deepEqual(
          { ...hit, confidence: undefined },
          {
            suggestion: 'block',
            category: 'terrorism',
            confidence: undefined,
            label: 'image_library',
            library_name: 'flags',
            image_id: entry.image_id,
          },
        );
        assert.ok(hit.confidence >= 0.5 && hit.confidence <= 1, name);
      }
    }
    const other = await moderate(images.other!, ['terrorism']);
    assert.equal(other.json.result.suggestion, 'pass', other.text);
    assert.deepEqual(other.json.result.details, []);
    // A library applies only to its category.
    const politicsOnly = await moderate(images.flag!, ['politics']);
    assert.equal(politicsOnly.json.result.suggestion, 'pass', politicsOnly.text);

    // Batches too.
    const batch = await call('POST', `/v3/${server.projectId}/moderation/image/batch`, {
      event_type: 'head_image',
      categories: ['terrorism'],
      urls: [
        { url: `${files.base}/flag.png`, data_id: 'a' },
        { url: `${files.base}/other.png`, data_id: 'b' },
      ],
    });
    assert.equal(batch.status, 200, batch.text);
    assertMatches(batch.json, ImageBatchResponse);
    assert.deepEqual(
      batch.json.results.map((r: { data_id: string; suggestion: string }) => [r.data_id, r.suggestion]),
      [
        ['a', 'block'],
        ['b', 'pass'],
      ],
    );
    await call('DELETE', `${libraries()}/flags`);
  });

  it('keep each project’s libraries to itself', async () => {
    await call('PUT', `${libraries()}/private`, { category: 'politics' });
    await addImage('private', images.other!);
    assert.equal((await moderate(images.other!, ['politics'])).json.result.suggestion, 'block');

    const project = await server.call('POST', '/v3/projects', { token, body: { project: { name: 'other-project' } } });
    assert.equal(project.status, 201, project.text);
    const otherToken = await server.token({ project: 'other-project' });
    const other = { ...server, projectId: project.json.project.id } as TestServer;
    const res = await moderate(images.other!, ['politics'], {}, otherToken, other);
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.result.suggestion, 'pass', res.text);
    const otherLibraries = `/v3/${project.json.project.id}/moderation/image-libraries`;
    assert.deepEqual((await call('GET', otherLibraries, undefined, otherToken)).json, {
      total: 0,
      image_libraries: [],
    });
    expectError(await call('GET', `${otherLibraries}/private`, undefined, otherToken), 400, 'AIS.0401', M.param);
    await call('DELETE', `${libraries()}/private`);
  });

  it('pass an image a white library holds, for that category', async () => {
    await call('PUT', `${libraries()}/symbols`, { category: 'politics', suggestion: 'review' });
    await addImage('symbols', images.poster!);
    const reviewed = await moderate(images.poster!, ['politics']);
    assert.equal(reviewed.json.result.suggestion, 'review', reviewed.text);
    await call('PUT', `${libraries()}/allowed`, { category: 'politics', type: 'white' });
    const allowed = await addImage('allowed', images.poster!);
    const passed = await moderate(await copyTransformations['JPEG quality 50']!(images.poster!), ['politics']);
    assert.equal(passed.json.result.suggestion, 'pass', passed.text);
    assert.deepEqual(
      passed.json.result.details.map((d: Record<string, unknown>) => [d.suggestion, d.library_name, d.image_id]),
      [['pass', 'allowed', allowed.image_id]],
    );
    await call('DELETE', `${libraries()}/symbols`);
    await call('DELETE', `${libraries()}/allowed`);
  });

  it("apply the operator's libraries to every project", async () => {
    const operatorBase = '/operator/v1/moderation/image-libraries';
    const created = await server.operator('PUT', `${operatorBase}/extremism`, { category: 'terrorism' });
    assert.equal(created.status, 200, created.text);
    const added = await server.operator('POST', `${operatorBase}/extremism/images`, {
      image: images.other!.toString('base64'),
    });
    assert.equal(added.status, 200, added.text);
    assert.equal((await server.operator('GET', operatorBase)).json.total, 1);
    assert.equal((await server.operator('GET', `${operatorBase}/extremism/images`)).json.total, 1);
    // Not among the project's own, and not editable by it.
    assert.equal((await call('GET', libraries())).json.image_libraries.length, 0);
    const res = await moderate(await copyTransformations['resized to half']!(images.other!), ['terrorism']);
    assert.equal(res.json.result.suggestion, 'block', res.text);
    assert.equal(res.json.result.details[0].library_name, 'extremism');
    assert.equal(res.json.result.details[0].image_id, added.json.image_id);
    // Without the operator's key the operator API is not there for a project's token.
    const denied = await call('GET', operatorBase);
    assert.notEqual(denied.status, 200);
    assert.equal((await server.operator('DELETE', `${operatorBase}/extremism`)).status, 204);
    const after = await pollUntil('the deleted library to stop matching', async () => {
      const again = await moderate(images.other!, ['terrorism']);
      return again.json.result.suggestion === 'pass' ? again : undefined;
    });
    assert.deepEqual(after.json.result.details, []);
  });

  it('apply only the libraries a biz_type policy names, when it names any', async () => {
    await call('PUT', `${libraries()}/set-a`, { category: 'terrorism' });
    await call('PUT', `${libraries()}/set-b`, { category: 'terrorism' });
    await addImage('set-a', images.flag!);
    await addImage('set-b', images.photo!);
    const policy = await call('PUT', `/v3/${server.projectId}/moderation/biz-types/only-a`, {
      image_categories: ['terrorism'],
      image_library_names: ['set-a'],
    });
    assert.equal(policy.status, 200, policy.text);
    assert.deepEqual(policy.json.image_library_names, ['set-a']);
    const a = await moderate(images.flag!, [], { biz_type: 'only-a' });
    assert.equal(a.json.result.suggestion, 'block', a.text);
    assert.equal(a.json.result.details[0].library_name, 'set-a');
    const b = await moderate(images.photo!, [], { biz_type: 'only-a' });
    assert.equal(b.json.result.suggestion, 'pass', b.text);
    // Without the policy, both apply.
    assert.equal((await moderate(images.photo!, ['terrorism'])).json.result.suggestion, 'block');
    await call('PUT', `/v3/${server.projectId}/moderation/biz-types/unknown-lib`, {
      image_categories: ['terrorism'],
      image_library_names: ['nowhere'],
    });
    expectError(await moderate(images.photo!, [], { biz_type: 'unknown-lib' }), 400, 'AIS.0401', M.param);
    // A job is refused at once rather than failing later.
    const job = await server.sdk('POST', `/v3/${server.projectId}/moderation/video/jobs`, {
      data: { url: `${files.base}/poster.mp4` },
      biz_type: 'unknown-lib',
    });
    expectError(job, 400, 'AIS.0401', M.param);
    const named = await server.sdk('POST', `/v3/${server.projectId}/moderation/video/jobs`, {
      data: { url: `${files.base}/poster.mp4` },
      biz_type: 'only-a',
    });
    assert.equal(named.status, 200, named.text);
    await call('DELETE', `${libraries()}/set-a`);
    await call('DELETE', `${libraries()}/set-b`);
  });

  it("match video frames and documents' images", async () => {
    await call('PUT', `${libraries()}/posters`, { category: 'politics' });
    const added = await addImage('posters', images.poster!);
    const jobs = (kind: string) => `/v3/${server.projectId}/moderation/${kind}/jobs`;
    const finished = async (kind: string, body: unknown) => {
      const created = await server.sdk('POST', jobs(kind), body);
      assert.equal(created.status, 200, created.text);
      return pollUntil(
        `the ${kind} job`,
        async () => {
          const job = (await server.sdk('GET', `${jobs(kind)}/${created.json.job_id}`)).json;
          return job.status === 'running' ? undefined : job;
        },
        60_000,
        100,
      );
    };
    const video = await finished('video', {
      data: { url: `${files.base}/poster.mp4`, frame_interval: 1 },
      event_type: 'default',
      image_categories: ['politics'],
    });
    assert.equal(video.status, 'succeeded', JSON.stringify(video));
    assert.equal(video.result.suggestion, 'block', JSON.stringify(video.result));
    const frame = video.result.image_detail[0];
    assert.equal(frame.category, 'politics');
    assert.equal(frame.detail[0].library_name, 'posters');
    assert.equal(frame.detail[0].image_id, added.image_id);

    const pdf = await finished('document', {
      data: { url: `${files.base}/poster.pdf`, format: 'pdf' },
      event_type: 'default',
      image_categories: ['politics'],
    });
    assert.equal(pdf.status, 'succeeded', JSON.stringify(pdf));
    assert.equal(pdf.result.suggestion, 'block', JSON.stringify(pdf.result));
    assert.deepEqual(
      pdf.result.details.map((d: Record<string, unknown>) => [d.type, d.label, d.library_name, d.image_id]),
      [['image', 'image_library', 'posters', added.image_id]],
    );
    await call('DELETE', `${libraries()}/posters`);
  });
});
