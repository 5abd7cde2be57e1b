import assert from 'node:assert/strict';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ffmpegPath } from '../src/moderation/jobs/ffmpeg-media.js';
import { pollUntil } from './helpers/poll.js';
import { expectError, freePort, startServer, type TestServer } from './helpers/server.js';

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

/** Whether a TCP socket listens on `port` (Linux: /proc/net/tcp and tcp6, state 0A), without connecting to it. */
function listening(port: number): boolean {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  return ['/proc/net/tcp', '/proc/net/tcp6'].some((table) =>
    readFileSync(table, 'utf8')
      .split('\n')
      .slice(1)
      .some((row) => {
        const [, local, , state] = row.trim().split(/\s+/);
        return state === '0A' && local?.endsWith(`:${hexPort}`);
      }),
  );
}

describe('live streams and media files are read through the address guard only', () => {
  let server: TestServer;
  let token: string;
  let trap: Awaited<ReturnType<typeof startTrap>>;
  let origin: Awaited<ReturnType<typeof startOrigin>>;
  let localSegment: string;
  const localDir = mkdtempSync(path.join(os.tmpdir(), 'aisp-local-'));

  /** A job body as the API documents it: the stream (or file) URL and the mandatory fields around it. */
  const stream = (data: Record<string, unknown>) => ({
    data,
    event_type: 'default',
    image_categories: ['porn'],
    callback: `${origin.base}/callback`,
  });
  const video = (data: Record<string, unknown>) => ({ data, event_type: 'default', image_categories: ['porn'] });
  const create = (kind: string, body: unknown) =>
    server.call('POST', `/v3/${server.projectId}/moderation/${kind}/jobs`, { token, body });
  async function finished(kind: string, body: unknown) {
    const created = await create(kind, body);
    assert.equal(created.status, 200, created.text);
    const url = `/v3/${server.projectId}/moderation/${kind}/jobs/${created.json.job_id}`;
    return pollUntil(
      `job ${created.json.job_id} to finish`,
      async () => {
        const res = await server.call('GET', url, { token });
        return ['succeeded', 'failed'].includes(res.json.status) ? res.json : undefined;
      },
      30_000,
      100,
    );
  }

  before(async () => {
    trap = await startTrap('127.0.0.2');
    const hls = makeHls(3);
    const playlist = hls['live.m3u8']!.toString('utf8');
    const elsewhere = `127.0.0.2:${trap.port}`;
    // A segment on this machine, outside anything a job may read.
    localSegment = path.join(localDir, 'secret.ts');
    writeFileSync(localSegment, hls['seg0.ts']!);
    const routes: Record<string, Buffer | string | { redirect: string }> = {
      '/good/live.m3u8': playlist,
      // Every segment on a host the guard refuses.
      '/evil/live.m3u8': playlist.replace(/^seg(\d)\.ts$/gm, `http://${elsewhere}/seg$1.ts`),
      // A good first segment, then every way a playlist could name another host.
      '/mixed/live.m3u8': playlist
        .replace('seg1.ts', `https://${elsewhere}/seg1.ts`)
        .replace('seg2.ts', `httpproxy://${elsewhere}/seg2.ts`)
        .replace(
          '#EXT-X-ENDLIST',
          `#EXT-X-KEY:METHOD=AES-128,URI="http://${elsewhere}/key"\n#EXTINF:1.0,\nx.ts\n#EXT-X-ENDLIST`,
        )
        .replace(/^seg0\.ts$/m, '/good/seg0.ts'),
      '/redirect/live.m3u8': { redirect: `http://${elsewhere}/live.m3u8` },
      // Where the jobs' callbacks go (answered 200).
      '/callback': '',
      // "Videos" that are an HLS playlist naming a local file and another host, and a concat list.
      '/upload/playlist.mp4': `#EXTM3U\n#EXT-X-TARGETDURATION:1\n#EXTINF:1.0,\n${localSegment}\n#EXTINF:1.0,\nhttp://${elsewhere}/seg.ts\n#EXT-X-ENDLIST\n`,
      '/upload/list.mp4': `ffconcat version 1.0\nfile secret.ts\n`,
    };
    for (const [name, bytes] of Object.entries(hls)) routes[`/good/${name}`] = bytes;
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

  it('moderates an HLS stream on an allowed host, segment by segment through the relay', async () => {
    const job = await finished('video-stream', stream({ url: `${origin.base}/good/live.m3u8`, frame_interval: 1 }));
    assert.equal(job.status, 'succeeded', JSON.stringify(job));
    assert.deepEqual(job.result, { suggestion: 'pass', image_detail: [], audio_detail: [] });
    for (const segment of ['/good/seg0.ts', '/good/seg1.ts', '/good/seg2.ts']) {
      assert.ok(origin.requests.includes(segment), origin.requests.join());
    }
  });

  it('never connects to the hosts a playlist names when the guard refuses them (ModelArts.4601)', async () => {
    const job = await finished('video-stream', stream({ url: `${origin.base}/evil/live.m3u8`, frame_interval: 1 }));
    assert.deepEqual(trap.connections, []);
    assert.equal(job.status, 'failed', JSON.stringify(job));
    assert.equal(job.error_code, 'ModelArts.4601');
  });

  it('refuses https, httpproxy:// and key URLs to other hosts inside a playlist, and keeps reading the rest', async () => {
    const job = await finished('video-stream', stream({ url: `${origin.base}/mixed/live.m3u8`, frame_interval: 1 }));
    assert.deepEqual(trap.connections, []);
    assert.equal(job.status, 'succeeded', JSON.stringify(job));
    assert.ok(origin.requests.includes('/good/seg0.ts'), origin.requests.join());
  });

  it('does not follow a redirect to a refused host', async () => {
    const job = await finished('video-stream', stream({ url: `${origin.base}/redirect/live.m3u8` }));
    assert.deepEqual(trap.connections, []);
    assert.equal(job.status, 'failed', JSON.stringify(job));
    assert.equal(job.error_code, 'ModelArts.4601');
  });

  it('moderates an RTMP stream through a tunnel to the checked address', async () => {
    const port = await freePort();
    const publisher: ChildProcess = spawn(ffmpegPath(), [
      '-v',
      'error',
      '-re',
      '-f',
      'lavfi',
      '-i',
      'testsrc=duration=4:size=160x120:rate=10',
      '-pix_fmt',
      'yuv420p',
      '-g',
      '10',
      '-f',
      'flv',
      '-listen',
      '1',
      `rtmp://127.0.0.1:${port}/live/stream`,
    ]);
    try {
      // The publisher serves one client only: a connection would use it up, so the kernel's socket table is read.
      await pollUntil(`ffmpeg to listen on port ${port}`, async () => (listening(port) ? true : undefined), 10_000);
      const job = await finished(
        'video-stream',
        stream({ url: `rtmp://127.0.0.1:${port}/live/stream`, frame_interval: 1 }),
      );
      // A stream that could not be read ends the job failed (AIS.0029); succeeding means its frames came through.
      assert.equal(job.status, 'succeeded', JSON.stringify(job));
    } finally {
      publisher.kill('SIGKILL');
    }
  });

  it('refuses at creation what the guard refuses now, and RTSP (not a protocol of the API)', async () => {
    expectError(
      await create('video-stream', stream({ url: `http://127.0.0.2:${trap.port}/live.m3u8` })),
      400,
      'ModelArts.4601',
      'The external URL is invalid.',
    );
    expectError(
      await create('video-stream', stream({ url: `rtmp://[::7f00:1]:${trap.port}/live/x` })),
      400,
      'ModelArts.4601',
      'The external URL is invalid.',
    );
    expectError(
      await create('video-stream', stream({ url: `rtsp://127.0.0.1:${trap.port}/live` })),
      400,
      'AIS.0022',
      'The URL is invalid.',
    );
    assert.deepEqual(trap.connections, []);
  });

  it('reads an uploaded video as one file: a playlist or concat list inside cannot open other files or hosts', async () => {
    for (const name of ['playlist.mp4', 'list.mp4']) {
      const job = await finished('video', video({ url: `${origin.base}/upload/${name}`, frame_interval: 1 }));
      assert.equal(job.status, 'failed', JSON.stringify(job));
      assert.equal(job.error_code, 'AIS.0021');
    }
    assert.deepEqual(trap.connections, []);
  });
});
