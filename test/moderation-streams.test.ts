import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ffmpegPath } from '../src/moderation/jobs/media.js';
import { startServer, type TestServer } from './helpers/server.js';

/** Runs the shipped ffmpeg to make test media in `dir`. */
function ffmpeg(dir: string, args: string[]): void {
  const run = spawnSync(ffmpegPath(), ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc=size=160x120:rate=10', ...args], {
    cwd: dir,
  });
  assert.equal(run.status, 0, String(run.stderr));
}

/** An HLS stream of `seconds` one-second MPEG-TS segments: the playlist and the segments by name. */
function makeHls(seconds: number): Record<string, Buffer> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'aisp-hls-'));
  try {
    ffmpeg(dir, [
      '-t',
      String(seconds),
      '-pix_fmt',
      'yuv420p',
      '-g',
      '10',
      '-f',
      'hls',
      '-hls_time',
      '1',
      '-hls_list_size',
      '0',
      '-hls_segment_filename',
      'seg%d.ts',
      'live.m3u8',
    ]);
    return Object.fromEntries(readdirSync(dir).map((name) => [name, readFileSync(path.join(dir, name))]));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A listener that must never be reached: it counts every connection made to it. */
async function startTrap(host: string) {
  const connections: string[] = [];
  const server = net.createServer((socket) => {
    connections.push(`${socket.remoteAddress}`);
    socket.destroy();
  });
  await new Promise<void>((r) => server.listen(0, host, r));
  const port = (server.address() as net.AddressInfo).port;
  return { connections, port, close: () => new Promise((r) => server.close(r)) };
}

/** Serves fixed bodies by path (and redirects), logging every request. */
async function startOrigin(routes: Record<string, Buffer | string | { redirect: string }>) {
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    requests.push(req.url ?? '');
    const route = routes[req.url ?? ''];
    if (route === undefined) return void res.writeHead(404).end();
    if (typeof route === 'object' && 'redirect' in route)
      return void res.writeHead(302, { location: route.redirect }).end();
    const type = (req.url ?? '').endsWith('.m3u8') ? 'application/vnd.apple.mpegurl' : 'video/mp2t';
    res.writeHead(200, { 'content-type': type }).end(route);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  return {
    base,
    requests,
    close: () => {
      server.closeAllConnections();
      return new Promise((r) => server.close(r));
    },
  };
}

describe('media files are read by ffmpeg as one file only', () => {
  let server: TestServer;
  let token: string;
  let trap: Awaited<ReturnType<typeof startTrap>>;
  let origin: Awaited<ReturnType<typeof startOrigin>>;
  let localSegment: string;
  const localDir = mkdtempSync(path.join(os.tmpdir(), 'aisp-local-'));

  const create = (kind: string, body: unknown) =>
    server.call('POST', `/v3/${server.projectId}/moderation/${kind}/jobs`, { token, body });
  async function finished(kind: string, body: unknown) {
    const created = await create(kind, body);
    assert.equal(created.status, 201, created.text);
    for (let i = 0; i < 300; i++) {
      const res = await server.call('GET', `/v3/${server.projectId}/moderation/${kind}/jobs/${created.json.job_id}`, {
        token,
      });
      if (['succeeded', 'failed'].includes(res.json.status)) return res.json;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`job ${created.json.job_id} never finished`);
  }

  before(async () => {
    trap = await startTrap('127.0.0.2');
    const hls = makeHls(3);
    const elsewhere = `127.0.0.2:${trap.port}`;
    // A segment on this machine, outside anything a job may read.
    localSegment = path.join(localDir, 'secret.ts');
    writeFileSync(localSegment, hls['seg0.ts']!);
    const routes: Record<string, Buffer | string | { redirect: string }> = {
      // "Videos" that are an HLS playlist naming a local file and another host, and a concat list.
      '/upload/playlist.mp4': `#EXTM3U\n#EXT-X-TARGETDURATION:1\n#EXTINF:1.0,\n${localSegment}\n#EXTINF:1.0,\nhttp://${elsewhere}/seg.ts\n#EXT-X-ENDLIST\n`,
      '/upload/list.mp4': `ffconcat version 1.0\nfile secret.ts\n`,
    };
    origin = await startOrigin(routes);
    server = await startServer({
      moderation: { fetch: { allowedAddresses: ['127.0.0.1/32'] }, jobs: { pollIntervalMs: 100 } },
    });
    token = await server.token();
  });
  after(async () => {
    await server.close();
    await origin.close();
    await trap.close();
    rmSync(localDir, { recursive: true, force: true });
  });

  it('reads an uploaded video as one file: a playlist or concat list inside cannot open other files or hosts', async () => {
    for (const name of ['playlist.mp4', 'list.mp4']) {
      const job = await finished('video', { data: { url: `${origin.base}/upload/${name}`, frame_interval: 1 } });
      assert.equal(job.status, 'failed', JSON.stringify(job));
      assert.equal(job.error_code, 'AIS.0021');
    }
    assert.deepEqual(trap.connections, []);
  });
});
