import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Document, Packer, Paragraph } from 'docx';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { ffmpegPath } from '../src/moderation/jobs/media.js';
import { startFakeModelServer, type FakeModelServer } from './helpers/fake-model-server.js';
import { expectError, startServer, type TestServer } from './helpers/server.js';

/** Serves files from memory; `slow` paths trickle their bytes out so that a "live stream" lasts until stopped. */
async function startFileServer(files: Record<string, Buffer>, slow: Set<string> = new Set()) {
  const received: unknown[] = [];
  const server = http.createServer(async (req, res) => {
    if (req.method === 'POST') {
      let body = '';
      for await (const c of req) body += c;
      received.push(JSON.parse(body));
      res.writeHead(204);
      return res.end();
    }
    const file = files[req.url ?? ''];
    if (!file) {
      res.writeHead(404);
      return res.end();
    }
    res.writeHead(200, { 'content-type': 'application/octet-stream' });
    if (!slow.has(req.url ?? '')) return res.end(file);
    for (let i = 0; i < file.length && !res.destroyed; i += 2048) {
      res.write(file.subarray(i, i + 2048));
      await new Promise((r) => setTimeout(r, 200));
    }
    res.end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    received,
    close: () => {
      server.closeAllConnections();
      return new Promise((r) => server.close(r));
    },
  };
}

function makeVideo(format: 'mp4' | 'flv', seconds: number): Buffer {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'aisp-video-'));
  const out = path.join(dir, `clip.${format}`);
  const run = spawnSync(ffmpegPath(), [
    '-v',
    'error',
    '-f',
    'lavfi',
    '-i',
    `testsrc=duration=${seconds}:size=160x120:rate=10`,
    '-pix_fmt',
    'yuv420p',
    ...(format === 'flv' ? ['-f', 'flv'] : []),
    out,
  ]);
  assert.equal(run.status, 0, String(run.stderr));
  const bytes = readFileSync(out);
  rmSync(dir, { recursive: true, force: true });
  return bytes;
}

async function pdfWithSecondPage(text: string): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  doc.addPage().drawText('A quiet first page about gardening.', { x: 50, y: 700, font, size: 12 });
  doc.addPage().drawText(text, { x: 50, y: 700, font, size: 12 });
  return Buffer.from(await doc.save());
}

describe('asynchronous moderation jobs', () => {
  let files: Awaited<ReturnType<typeof startFileServer>>;
  let model: FakeModelServer;
  let server: TestServer;
  let token: string;

  const create = (kind: string, body: unknown, s = server, t = token) =>
    s.call('POST', `/v3/${s.projectId}/moderation/${kind}/jobs`, { token: t, body });
  const show = (kind: string, id: string, s = server, t = token) =>
    s.call('GET', `/v3/${s.projectId}/moderation/${kind}/jobs/${id}`, { token: t });
  async function waitFor(kind: string, id: string, statuses: string[], s = server, t = token) {
    for (let i = 0; i < 300; i++) {
      const res = await show(kind, id, s, t);
      if (statuses.includes(res.json.status)) return res.json;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`job ${id} never reached ${statuses.join('/')}`);
  }

  before(async () => {
    const docx = await Packer.toBuffer(
      new Document({
        sections: [
          { children: [new Paragraph('Minutes of the meeting.'), new Paragraph('Buy cocaine cheap, message me.')] },
        ],
      }),
    );
    files = await startFileServer(
      {
        '/notes.txt': Buffer.from('Dear team,\nthe report is ready. Also, go to hell.\n'),
        '/report.pdf': await pdfWithSecondPage('you are an asshole'),
        '/contract.docx': Buffer.from(docx),
        '/binary.bin': Buffer.from([0, 1, 2, 3, 255, 254, 0, 9]),
        '/clip.mp4': makeVideo('mp4', 3),
        '/live.flv': makeVideo('flv', 20),
        '/speech.wav': Buffer.from('RIFF....WAVEfmt SAY:hello everyone|kill yourself:END'),
        '/noise.wav': Buffer.from('RIFF....WAVEfmt UNINTELLIGIBLE'),
      },
      new Set(['/live.flv']),
    );
    model = await startFakeModelServer();
    server = await startServer({
      moderation: { fetch: { allowPrivateAddresses: true }, jobs: { asrUrl: model.url, pollIntervalMs: 100 } },
    });
    token = await server.token();
  });
  after(async () => {
    await server.close();
    await files.close();
    await model.close();
  });

  it('moderates text, PDF and Word documents page by page, and calls back', async () => {
    const txt = await create('document', {
      data: { url: `${files.base}/notes.txt` },
      callback: `${files.base}/callback`,
    });
    assert.equal(txt.status, 201, txt.text);
    assert.match(txt.json.job_id, /^[0-9a-f]{32}$/);
    const done = await waitFor('document', txt.json.job_id, ['succeeded', 'failed']);
    assert.equal(done.status, 'succeeded', JSON.stringify(done));
    assert.equal(done.result.suggestion, 'block');
    assert.equal(done.result.details[0].segments[0].segment, 'go to hell');

    const pdf = await waitFor(
      'document',
      (await create('document', { data: { url: `${files.base}/report.pdf` } })).json.job_id,
      ['succeeded', 'failed'],
    );
    assert.equal(pdf.result.format, 'pdf');
    assert.equal(pdf.result.pages, 2);
    assert.deepEqual(
      pdf.result.details.map((d: { page: number; label: string }) => [d.page, d.label]),
      [[2, 'abuse']],
    );

    const docx = await waitFor(
      'document',
      (await create('document', { data: { url: `${files.base}/contract.docx` }, categories: ['contraband'] })).json
        .job_id,
      ['succeeded', 'failed'],
    );
    assert.equal(docx.result.format, 'docx');
    assert.equal(docx.result.label, 'contraband');

    for (let i = 0; i < 50 && files.received.length === 0; i++) await new Promise((r) => setTimeout(r, 100));
    const callback = files.received[0] as { job_id: string; status: string; result: { suggestion: string } };
    assert.equal(callback.job_id, txt.json.job_id);
    assert.equal(callback.status, 'succeeded');
    assert.equal(callback.result.suggestion, 'block');
  });

  it('fails a job on a file it cannot read, with the catalogue code', async () => {
    const bin = await waitFor(
      'document',
      (await create('document', { data: { url: `${files.base}/binary.bin` } })).json.job_id,
      ['succeeded', 'failed'],
    );
    assert.equal(bin.status, 'failed');
    assert.equal(bin.error_code, 'AIS.0021');
    assert.equal(bin.error_msg, 'The requested file type is not supported.');
    const missing = await waitFor(
      'document',
      (await create('document', { data: { url: `${files.base}/missing.pdf` } })).json.job_id,
      ['succeeded', 'failed'],
    );
    assert.equal(missing.error_code, 'AIS.0029');
  });

  it('moderates video frames with the image classifier and audio through speech recognition', async () => {
    const video = await waitFor(
      'video',
      (await create('video', { data: { url: `${files.base}/clip.mp4`, frame_interval: 1 } })).json.job_id,
      ['succeeded', 'failed'],
    );
    assert.equal(video.status, 'succeeded', JSON.stringify(video));
    assert.ok(video.result.frames_checked >= 2, JSON.stringify(video.result));
    assert.equal(video.result.suggestion, 'pass');
    const audio = await waitFor(
      'audio',
      (await create('audio', { data: { url: `${files.base}/speech.wav` } })).json.job_id,
      ['succeeded', 'failed'],
    );
    assert.equal(audio.status, 'succeeded', JSON.stringify(audio));
    assert.equal(audio.result.suggestion, 'block');
    assert.deepEqual(
      audio.result.details.map((d: { start_time: number; text: string }) => [d.start_time, d.text]),
      [[2, 'kill yourself']],
    );
    // The recogniser failing is the moderation service failing.
    const noise = await waitFor(
      'audio',
      (await create('audio', { data: { url: `${files.base}/noise.wav` } })).json.job_id,
      ['succeeded', 'failed'],
    );
    assert.equal(noise.error_code, 'AIS.0404');
    assert.equal(noise.error_msg, 'An exception occurs in Content Moderation.');
  });

  it('moderates a live stream until it is stopped, one job per stream (AIS.0039)', async () => {
    const url = `${files.base}/live.flv`;
    const first = await create('video-stream', { data: { url, frame_interval: 1 } });
    assert.equal(first.status, 201, first.text);
    await waitFor('video-stream', first.json.job_id, ['running']);
    expectError(await create('video-stream', { data: { url } }), 400, 'AIS.0039', 'Repetitive push stream.');
    const stopped = await server.call(
      'POST',
      `/v3/${server.projectId}/moderation/video-stream/jobs/${first.json.job_id}/cancel`,
      { token },
    );
    assert.equal(stopped.json.status, 'cancelled');
    const again = await create('video-stream', { data: { url } });
    assert.equal(again.status, 201, again.text);
    await server.call('POST', `/v3/${server.projectId}/moderation/video-stream/jobs/${again.json.job_id}/cancel`, {
      token,
    });
  });

  it('keeps jobs to their owner (AIS.0028) and answers AIS.0030 for unknown jobs', async () => {
    const job = await create('document', { data: { url: `${files.base}/notes.txt` } });
    await server.call('POST', '/v3/users', {
      token,
      body: { user: { name: 'colleague', password: 'colleague-pass', permissions: ['moderation:*:*'] } },
    });
    const colleague = await server.token({ user: 'colleague', password: 'colleague-pass' });
    expectError(
      await show('document', job.json.job_id, server, colleague),
      400,
      'AIS.0028',
      'The job is not owned by the current user.',
    );
    expectError(
      await server.call('POST', `/v3/${server.projectId}/moderation/document/jobs/${job.json.job_id}/cancel`, {
        token: colleague,
      }),
      400,
      'AIS.0028',
      'The job is not owned by the current user.',
    );
    expectError(await show('document', '0123456789abcdef0123456789abcdef'), 400, 'AIS.0030', 'Job not found');
    // A job id of one kind is not a job of another.
    expectError(await show('audio', job.json.job_id), 400, 'AIS.0030', 'Job not found');
    const listed = await server.call('GET', `/v3/${server.projectId}/moderation/document/jobs?limit=100`, { token });
    assert.ok(listed.json.jobs.some((j: { job_id: string }) => j.job_id === job.json.job_id));
    assert.equal(
      (await server.call('GET', `/v3/${server.projectId}/moderation/document/jobs`, { token: colleague })).json.total,
      0,
    );
  });

  it('answers the creation errors of the catalogue', async () => {
    expectError(
      await create('document', {}),
      400,
      'AIS.0011',
      'Lack the request parameter, or the request parameter is empty.',
    );
    expectError(
      await create('document', { data: { url: 'ftp://files/x.pdf' } }),
      400,
      'AIS.0022',
      'The URL is invalid.',
    );
    expectError(
      await create('document', { data: { url: 'obs://media/%' } }),
      400,
      'ModelArts.4703',
      'The OBS URL is invalid.',
    );
    expectError(
      await create('document', { data: { url: `${files.base}/x.txt` }, callback: 'not a url' }),
      400,
      'AIS.0022',
      'The URL is invalid.',
    );
    expectError(
      await create('document', { event_type: 'poetry', data: { url: `${files.base}/x.txt` } }),
      400,
      'AIS.0005',
      'The service does not exist.',
    );
    expectError(
      await create('document', { data: { url: `${files.base}/x.txt` }, categories: ['weather'] }),
      400,
      'AIS.0012',
      'The request parameter is not supported.',
    );
    expectError(
      await create('video', { data: { url: `${files.base}/clip.mp4`, frame_interval: 0 } }),
      400,
      'AIS.0401',
      'The input parameter is incorrect.',
    );
    expectError(
      await server.call('GET', `/v3/${server.projectId}/moderation/hologram/jobs`, { token }),
      400,
      'AIS.0005',
      'The service does not exist.',
    );
  });

  it('limits unfinished jobs (AIS.0031), counts monthly free calls (AIS.0032), needs speech recognition for audio (AIS.0007)', async () => {
    // No workers take jobs here, so created jobs stay unfinished.
    const s = await startServer({
      moderation: { fetch: { allowPrivateAddresses: true }, jobs: { concurrency: 0, maxUnfinishedPerProject: 2 } },
    });
    try {
      const t = await s.token();
      const body = { data: { url: 'https://files.example.com/a.txt' } };
      assert.equal((await create('document', body, s, t)).status, 201);
      const second = await create('document', { ...body, callback: `${files.base}/cancelled-callback` }, s, t);
      expectError(
        await create('document', body, s, t),
        400,
        'AIS.0031',
        'The maximum number of uncompleted jobs has been reached.',
      );
      await s.call('POST', `/v3/${s.projectId}/moderation/document/jobs/${second.json.job_id}/cancel`, { token: t });
      // A job cancelled before any worker took it still calls back.
      for (
        let i = 0;
        i < 50 && !files.received.some((r) => (r as { job_id: string }).job_id === second.json.job_id);
        i++
      )
        await new Promise((r) => setTimeout(r, 100));
      assert.ok(
        files.received.some(
          (r) =>
            (r as { job_id: string; status: string }).job_id === second.json.job_id &&
            (r as { status: string }).status === 'cancelled',
        ),
      );
      assert.equal((await create('document', body, s, t)).status, 201);
      expectError(await create('audio', body, s, t), 400, 'AIS.0007', 'The service has not been enabled yet.');
      await s.operator('PUT', `/operator/v1/projects/${s.projectId}/moderation`, { monthly_free_calls: 3 });
      expectError(await create('video', body, s, t), 400, 'AIS.0032', 'The monthly free calls have been used up.');
    } finally {
      await s.close();
    }
  });

  it('keeps queued jobs across a restart and clears finished jobs after their retention (AIS.0030)', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'aisp-jobs-restart-'));
    const idle = await startServer({
      dataDir,
      moderation: { fetch: { allowPrivateAddresses: true }, jobs: { concurrency: 0 } },
    });
    const t = await idle.token();
    const queued = await create('document', { data: { url: `${files.base}/notes.txt` } }, idle, t);
    assert.equal((await show('document', queued.json.job_id, idle, t)).json.status, 'queuing');
    await idle.close(true);

    const working = await startServer({
      dataDir,
      moderation: { fetch: { allowPrivateAddresses: true }, jobs: { pollIntervalMs: 100, retentionSeconds: 1 } },
    });
    try {
      const done = await waitFor('document', queued.json.job_id, ['succeeded', 'failed'], working, t);
      assert.equal(done.status, 'succeeded');
      assert.ok(done.expire_time);
      await new Promise((r) => setTimeout(r, 1200));
      expectError(await show('document', queued.json.job_id, working, t), 400, 'AIS.0030', 'Job not found');
    } finally {
      await working.close();
    }
  });
});
