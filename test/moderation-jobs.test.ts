import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Document, ImageRun, Packer, Paragraph } from 'docx';
import {
  concatTransformationMatrix,
  drawObject,
  PDFDocument,
  popGraphicsState,
  pushGraphicsState,
  StandardFonts,
} from 'pdf-lib';
import { ffmpegPath } from '../src/moderation/jobs/ffmpeg-media.js';
import { startFakeModelServer, type FakeModelServer } from './helpers/fake-model-server.js';
import { CallbackSender, callbackSignature } from '../src/moderation/jobs/callbacks.js';
import {
  assertShape,
  AudioJob,
  AudioStreamCallback,
  DocumentJob,
  JobCreated,
  jobList,
  StreamStopped,
  VideoJob,
  VideoStreamCallback,
} from './helpers/moderation-contract.js';
import { whitePng } from './helpers/png.js';
import { qrImage } from './helpers/qr-image.js';
import { pollUntil } from './helpers/poll.js';
import { expectError, startServer, type TestServer } from './helpers/server.js';

/**
 * Serves files from memory; `slow` paths trickle their bytes out so that a "live stream" lasts until stopped. POSTs
 * are callbacks: kept with their signature header, and answered 200 as the spec asks of a receiver.
 */
async function startFileServer(files: Record<string, Buffer>, slow: Set<string> = new Set()) {
  const received: { body: any; signature: string | undefined; path: string }[] = [];
  const server = http.createServer(async (req, res) => {
    if (req.method === 'POST') {
      let body = '';
      for await (const c of req) body += c;
      received.push({
        body: JSON.parse(body),
        signature: req.headers['x-auth-signature'] as string | undefined,
        path: req.url ?? '',
      });
      res.writeHead(200);
      return res.end('ok');
    }
    // A redirect whose Location does not parse as a URL (an unclosed IPv6 bracket).
    if (req.url === '/bad-redirect.png') return void res.writeHead(302, { location: 'http://[::1' }).end();
    const file = files[req.url ?? ''];
    if (!file) {
      res.writeHead(404);
      return res.end();
    }
    res.writeHead(200, { 'content-type': 'application/octet-stream' });
    if (!slow.has(req.url ?? '')) return res.end(file);
    // A few times faster than the clips play for the radio stream, so that its 10-second windows come soon.
    const step = req.url === '/radio.flv' ? 32768 : 2048;
    for (let i = 0; i < file.length && !res.destroyed; i += step) {
      res.write(file.subarray(i, i + step));
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

function makeVideo(format: 'mp4' | 'flv', seconds: number, withSound = false): Buffer {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'aisp-video-'));
  const out = path.join(dir, `clip.${format}`);
  const run = spawnSync(ffmpegPath(), [
    '-v',
    'error',
    '-f',
    'lavfi',
    '-i',
    `testsrc=duration=${seconds}:size=160x120:rate=10`,
    ...(withSound ? ['-f', 'lavfi', '-i', `sine=frequency=440:duration=${seconds}`, '-c:a', 'aac'] : []),
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

const ocrFixture = (name: string) => readFileSync(path.join('test/fixtures/ocr', name));

/** A PDF whose only risk is in a picture: a clean text page, then a page with the image. */
async function pdfWithImage(png: Buffer): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  doc.addPage().drawText('A quiet first page about gardening.', { x: 50, y: 700, font, size: 12 });
  const image = await doc.embedPng(png);
  doc.addPage().drawImage(image, { x: 20, y: 500, width: image.width / 2, height: image.height / 2 });
  return Buffer.from(await doc.save());
}

/**
 * A PDF page showing an image of `side` x `side` pixels (one bit each, deflated: small in the file, `side`² pixels
 * once decoded), then `png` below it.
 */
async function pdfWithLargeImage(side: number, png: Buffer): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const page = doc.addPage();
  const bits = Buffer.alloc(Math.ceil(side / 8) * side, 0xff);
  const large = doc.context.flateStream(bits, {
    Type: 'XObject',
    Subtype: 'Image',
    Width: side,
    Height: side,
    ColorSpace: 'DeviceGray',
    BitsPerComponent: 1,
  });
  const name = page.node.newXObject('Large', doc.context.register(large));
  page.pushOperators(
    pushGraphicsState(),
    concatTransformationMatrix(200, 0, 0, 200, 50, 550),
    drawObject(name),
    popGraphicsState(),
  );
  const image = await doc.embedPng(png);
  page.drawImage(image, { x: 20, y: 300, width: image.width / 2, height: image.height / 2 });
  return Buffer.from(await doc.save());
}

/** A video showing a picture for a few seconds (the picture's proportions kept). */
function videoOfImage(png: Buffer, seconds: number): Buffer {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'aisp-video-'));
  const input = path.join(dir, 'frame.png');
  const out = path.join(dir, 'clip.mp4');
  writeFileSync(input, png);
  const run = spawnSync(ffmpegPath(), [
    '-v',
    'error',
    '-loop',
    '1',
    '-i',
    input,
    '-t',
    String(seconds),
    '-r',
    '5',
    '-vf',
    'pad=ceil(iw/2)*2:ceil(ih/2)*2',
    '-pix_fmt',
    'yuv420p',
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

  const jobs = (kind: string, s = server) => `/v3/${s.projectId}/moderation/${kind}/jobs`;
  const create = (kind: string, body: unknown, s = server) => s.sdk('POST', jobs(kind, s), body);
  const show = (kind: string, id: string, s = server) => s.sdk('GET', `${jobs(kind, s)}/${id}`);
  const waitFor = (kind: string, id: string, statuses: string[], s = server) =>
    pollUntil(
      `job ${id} to reach ${statuses.join('/')}`,
      async () => {
        const res = await show(kind, id, s);
        return statuses.includes(res.json.status) ? res.json : undefined;
      },
      30_000,
      100,
    );
  const finished = (kind: string, body: Record<string, unknown>, s = server) =>
    create(kind, body, s).then((res) => {
      assert.equal(res.status, 200, res.text);
      return waitFor(kind, res.json.job_id, ['succeeded', 'failed'], s);
    });
  const callbacksTo = (pathName: string, count = 1) =>
    pollUntil(
      `${count} callback(s) to ${pathName}`,
      async () => {
        const received = files.received.filter((r) => r.path === pathName);
        return received.length >= count ? received : undefined;
      },
      // A stopped stream's callback follows ffmpeg's exit and the last frames' checks: seconds on a loaded machine.
      30_000,
      100,
    );

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
        '/flyer.pdf': await pdfWithImage(ocrFixture('ad-en.png')),
        '/flyer.docx': Buffer.from(
          await Packer.toBuffer(
            new Document({
              sections: [
                {
                  children: [
                    new Paragraph('Club newsletter.'),
                    new Paragraph({
                      children: [
                        new ImageRun({
                          type: 'png',
                          data: ocrFixture('ad-zh.png'),
                          transformation: { width: 487, height: 151 },
                        }),
                      ],
                    }),
                  ],
                },
              ],
            }),
          ),
        ),
        '/flyer.mp4': videoOfImage(ocrFixture('ad-en.png'), 2),
        '/qr.pdf': await pdfWithImage(await qrImage('https://promo.example.net/pdf')),
        '/qr.mp4': videoOfImage(await qrImage('https://promo.example.net/video'), 2),
        '/images/qr.png': await qrImage('https://promo.example.net/page'),
        '/videos.html': Buffer.from(
          '<html><body><p>Watch this.</p><video controls><source src="flyer.mp4" type="video/mp4"></video>' +
            '<video src="/missing.mp4"></video></body></html>',
        ),
        '/page.html': Buffer.from(
          '<!doctype html><html><head><title>Club</title><script>var note = "you are an asshole";</script></head>' +
            '<body><h1>Club&nbsp;news</h1><p>Welcome back. Also, go to hell.</p>' +
            '<img src="images/qr.png"><img src="/missing.png"><img src="ftp://example.com/a.png">' +
            `<img src="data:image/png;base64,${ocrFixture('ad-en.png').toString('base64')}"></body></html>`,
        ),
        '/redirects.html': Buffer.from(
          '<html><body><p>Holiday photos.</p><img src="bad-redirect.png"><img src="images/qr.png">' +
            '<img src="huge.png"></body></html>',
        ),
        '/huge.png': whitePng(16000, 16000),
        '/large-image.pdf': await pdfWithLargeImage(6001, ocrFixture('ad-en.png')),
        '/binary.bin': Buffer.from([0, 1, 2, 3, 255, 254, 0, 9]),
        '/clip.mp4': makeVideo('mp4', 3),
        '/live.flv': makeVideo('flv', 20),
        '/radio.flv': makeVideo('flv', 40, true),
        '/speech.wav': Buffer.from('RIFF....WAVEfmt SAY:hello everyone|kill yourself:END'),
        '/noise.wav': Buffer.from('RIFF....WAVEfmt UNINTELLIGIBLE'),
      },
      new Set(['/live.flv', '/radio.flv']),
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

  it('moderates text, PDF and Word documents page by page, and calls back signed with the seed', async () => {
    const created = await create('document', {
      data: { url: `${files.base}/notes.txt`, format: 'txt' },
      event_type: 'default',
      text_categories: ['default'],
      callback: `${files.base}/document-callback`,
      seed: 'my_seed_1',
    });
    assert.equal(created.status, 200, created.text);
    assertShape(created.json, JobCreated);
    assert.match(created.json.job_id, /^0\d{10}_[0-9a-f]{32}$/);
    const done = await waitFor('document', created.json.job_id, ['succeeded', 'failed']);
    assertShape(done, DocumentJob);
    assert.equal(done.status, 'succeeded', JSON.stringify(done));
    assert.equal(done.result.suggestion, 'block');
    assert.equal(done.result.details[0].type, 'text');
    assert.equal(done.result.details[0].label, 'abuse');
    assert.deepEqual(done.result.details[0].segments, [{ segment: 'go to hell' }]);
    const text = 'Dear team,\nthe report is ready. Also, go to hell.\n';
    assert.equal(text.slice(done.result.details[0].start_position, done.result.details[0].end_position), 'go to hell');
    assert.deepEqual(done.request_params, {
      data: { url: `${files.base}/notes.txt`, format: 'txt' },
      event_type: 'default',
      text_categories: ['default'],
      callback: `${files.base}/document-callback`,
    });
    assert.equal(done.request_id, created.json.request_id);

    const [callback] = await callbacksTo('/document-callback');
    assertShape(callback!.body, DocumentJob);
    assert.deepEqual(callback!.body, done);
    assert.equal(callback!.signature, callbackSignature('my_seed_1', callback!.body));
    assert.match(callback!.signature!, /^[0-9a-f]{64}$/);

    const pdf = await finished('document', {
      data: { url: `${files.base}/report.pdf`, format: 'pdf' },
      event_type: 'news',
      text_categories: ['default'],
    });
    assertShape(pdf, DocumentJob);
    assert.deepEqual(
      pdf.result.details.map((d: { index: number; label: string }) => [d.index, d.label]),
      [[1, 'abuse']],
    );
    const docx = await finished('document', {
      data: { url: `${files.base}/contract.docx`, format: 'docx' },
      event_type: 'default',
      text_categories: ['default'],
    });
    assert.equal(docx.result.suggestion, 'block');
    assert.equal(docx.result.details[0].label, 'ban');
    // Without text_categories the text is not moderated, as documented.
    const skipped = await finished('document', {
      data: { url: `${files.base}/notes.txt`, format: 'txt' },
      event_type: 'default',
    });
    assert.deepEqual(skipped.result, { suggestion: 'pass', details: [] });
  });

  it('fails a job on a file it cannot read or that is not its format, with the catalogue code', async () => {
    const job = (url: string, format: string) =>
      finished('document', {
        data: { url: `${files.base}${url}`, format },
        event_type: 'default',
        text_categories: ['default'],
      });
    const bin = await job('/binary.bin', 'txt');
    assertShape(bin, DocumentJob);
    assert.equal(bin.status, 'failed');
    assert.equal(bin.error_code, 'AIS.0021');
    assert.equal(bin.error_msg, 'The requested file type is not supported.');
    assert.equal((await job('/report.pdf', 'docx')).error_code, 'AIS.0401');
    assert.equal((await job('/report.pdf', 'xlsx')).error_code, 'AIS.0021');
    assert.equal((await job('/missing.pdf', 'pdf')).error_code, 'AIS.0029');
  });

  it("reads the text in documents' images and in video frames (image_text)", async () => {
    const pdf = await finished('document', {
      data: { url: `${files.base}/flyer.pdf`, format: 'pdf' },
      event_type: 'default',
      text_categories: ['default'],
      image_categories: ['porn', 'image_text'],
    });
    assertShape(pdf, DocumentJob);
    assert.equal(pdf.status, 'succeeded', JSON.stringify(pdf));
    assert.deepEqual(
      pdf.result.details.map((d: { type: string; label: string; index: number }) => [d.type, d.label, d.index]),
      [['image', 'ad', 0]],
    );
    assert.notEqual(pdf.result.suggestion, 'pass');
    // Without image_categories the images are skipped, as documented.
    const textOnly = await finished('document', {
      data: { url: `${files.base}/flyer.pdf`, format: 'pdf' },
      event_type: 'default',
      text_categories: ['default'],
    });
    assert.deepEqual(textOnly.result, { suggestion: 'pass', details: [] });

    const docx = await finished('document', {
      data: { url: `${files.base}/flyer.docx`, format: 'docx' },
      event_type: 'default',
      image_categories: ['image_text'],
    });
    assert.equal(docx.status, 'succeeded', JSON.stringify(docx));
    assert.deepEqual(
      docx.result.details.map((d: { type: string; label: string }) => [d.type, d.label]),
      [['image', 'ad']],
    );

    const video = await finished('video', {
      data: { url: `${files.base}/flyer.mp4`, frame_interval: 1 },
      event_type: 'default',
      image_categories: ['porn', 'image_text'],
    });
    assertShape(video, VideoJob);
    assert.equal(video.status, 'succeeded', JSON.stringify(video));
    assert.ok(video.result.image_detail.length >= 1, JSON.stringify(video.result));
    const frame = video.result.image_detail[0];
    assert.equal(frame.category, 'image_text');
    assert.match(frame.ocr_text, /WhatsApp/);
    assert.equal(frame.detail[0].label, 'ad');
  });

  it("moderates a webpage's visible text and the images it shows", async () => {
    const page = await finished('document', {
      data: { url: `${files.base}/page.html`, format: 'webpage' },
      event_type: 'default',
      text_categories: ['default'],
      image_categories: ['image_text'],
    });
    assertShape(page, DocumentJob);
    assert.equal(page.status, 'succeeded', JSON.stringify(page));
    const details: { type: string; label: string; index: number; image_url?: string; text?: string }[] =
      page.result.details;
    // The script's text is not shown, so it is not moderated; the paragraph is.
    const text = details.filter((d) => d.type === 'text');
    assert.deepEqual(
      text.map((d) => d.label),
      ['abuse'],
    );
    assert.match(text[0]!.text!, /go to hell/);
    assert.doesNotMatch(JSON.stringify(page.result), /asshole/);
    // Images in page order: the relative one fetched from beside the page, the missing one skipped (index 1), the
    // ftp one never fetched, the inline one read from its data: URI (no image_url).
    assert.deepEqual(
      details.filter((d) => d.type === 'image').map((d) => [d.label, d.index, d.image_url]),
      [
        ['qr_code', 0, `${files.base}/images/qr.png`],
        ['ad', 2, undefined],
      ],
    );
    assert.notEqual(page.result.suggestion, 'pass');
  });

  it("skips a webpage's image that redirects to a malformed URL or is too large, and the job succeeds", async () => {
    const page = await finished('document', {
      data: { url: `${files.base}/redirects.html`, format: 'webpage' },
      event_type: 'default',
      text_categories: ['default'],
      image_categories: ['image_text'],
    });
    assertShape(page, DocumentJob);
    assert.equal(page.status, 'succeeded', JSON.stringify(page));
    // The redirect (index 0) and the 16000 x 16000 image (index 2, AIS.0504) are skipped; the QR code is found.
    assert.deepEqual(
      page.result.details.map((d: { type: string; label: string; index: number }) => [d.type, d.label, d.index]),
      [['image', 'qr_code', 1]],
    );
  });

  it('leaves out a PDF image over the pixel cap before it is decoded, and reads the others', async () => {
    const pdf = await finished('document', {
      data: { url: `${files.base}/large-image.pdf`, format: 'pdf' },
      event_type: 'default',
      image_categories: ['image_text'],
    });
    assert.equal(pdf.status, 'succeeded', JSON.stringify(pdf));
    // 6001 x 6001 is over 6000² pixels: pdf.js drops it undecoded, so the advertisement is the document's first image.
    assert.deepEqual(
      pdf.result.details.map((d: { type: string; label: string; index: number }) => [d.type, d.label, d.index]),
      [['image', 'ad', 0]],
    );
  });

  it('moderates the videos a webpage shows, frame by frame', async () => {
    const page = await finished('document', {
      data: { url: `${files.base}/videos.html`, format: 'webpage', frame_interval: 1 },
      event_type: 'default',
      text_categories: ['default'],
      video_image_categories: ['image_text'],
    });
    assertShape(page, DocumentJob);
    assert.equal(page.status, 'succeeded', JSON.stringify(page));
    // The missing second video is skipped; the first shows the advert in its frames.
    assert.equal(page.result.details.length, 1, JSON.stringify(page.result));
    const [video] = page.result.details;
    assert.deepEqual([video.type, video.label, video.index, video.audio_details], ['video', 'ad', 0, []]);
    assert.ok(video.video_image_details.length >= 1, JSON.stringify(video));
    assert.equal(typeof video.video_image_details[0].time, 'number');
    assert.match(video.video_image_details[0].ocr_text, /WhatsApp/);
    assert.notEqual(page.result.suggestion, 'pass');
    // Without video categories the page's videos are not fetched.
    const textOnly = await finished('document', {
      data: { url: `${files.base}/videos.html`, format: 'webpage' },
      event_type: 'default',
      text_categories: ['default'],
    });
    assert.deepEqual(textOnly.result, { suggestion: 'pass', details: [] });
  });

  it('finds QR codes in documents and in video frames (image_text)', async () => {
    const pdf = await finished('document', {
      data: { url: `${files.base}/qr.pdf`, format: 'pdf' },
      event_type: 'default',
      image_categories: ['image_text'],
    });
    assertShape(pdf, DocumentJob);
    assert.equal(pdf.status, 'succeeded', JSON.stringify(pdf));
    assert.deepEqual(
      pdf.result.details.map((d: { type: string; label: string; suggestion: string }) => [
        d.type,
        d.label,
        d.suggestion,
      ]),
      [['image', 'qr_code', 'review']],
    );

    const video = await finished('video', {
      data: { url: `${files.base}/qr.mp4`, frame_interval: 1 },
      event_type: 'default',
      image_categories: ['image_text'],
    });
    assertShape(video, VideoJob);
    assert.equal(video.status, 'succeeded', JSON.stringify(video));
    assert.ok(video.result.image_detail.length >= 1, JSON.stringify(video.result));
    const found = video.result.image_detail[0].detail.find((d: { label: string }) => d.label === 'qr_code');
    assert.ok(found, JSON.stringify(video.result));
    assert.equal(found.qr_content, 'https://promo.example.net/video');
    // In the 640 x 640 frame: the 640 x 480 picture fills its width, padded 80 px above and below.
    assert.ok(found.qr_location.top_left_y > 80 + 90 && found.qr_location.bottom_right_y < 80 + 90 + 240);
  });

  it('moderates video frames with the image classifier and speech through the recogniser', async () => {
    const video = await finished('video', {
      data: { url: `${files.base}/clip.mp4`, frame_interval: 1 },
      event_type: 'default',
      image_categories: ['porn', 'terrorism'],
      audio_categories: ['abuse'],
    });
    assertShape(video, VideoJob);
    assert.equal(video.status, 'succeeded', JSON.stringify(video));
    assert.deepEqual(video.result, { suggestion: 'pass', image_detail: [], audio_detail: [] });

    const audio = await finished('audio', {
      data: { url: `${files.base}/speech.wav` },
      event_type: 'default',
      categories: ['abuse', 'porn'],
    });
    assertShape(audio, AudioJob);
    assert.equal(audio.result.suggestion, 'block');
    assert.equal(audio.result.audio_text, 'hello everyone kill yourself');
    assert.deepEqual(audio.result.details, [
      {
        start_time: 2,
        end_time: 4,
        suggestion: 'block',
        label: 'abuse',
        audio_text: 'kill yourself',
        segments: [{ segment: 'kill yourself' }],
      },
    ]);
    assert.deepEqual(audio.request_params, {
      event_type: 'default',
      data: { url: `${files.base}/speech.wav` },
      categories: ['abuse', 'porn'],
    });
    // The recogniser failing is the moderation service failing.
    const noise = await finished('audio', {
      data: { url: `${files.base}/noise.wav` },
      event_type: 'default',
      categories: ['abuse'],
    });
    assert.equal(noise.error_code, 'AIS.0404');
    assert.equal(noise.error_msg, 'An exception occurs in Content Moderation.');
  });

  it('moderates a live video stream until it is stopped, one job per stream (AIS.0039)', async () => {
    const url = `${files.base}/live.flv`;
    const body = {
      data: { url, frame_interval: 1 },
      event_type: 'default',
      image_categories: ['porn'],
      callback: `${files.base}/stream-callback`,
    };
    expectError(
      await create('video-stream', { ...body, callback: undefined }),
      400,
      'AIS.0011',
      'Lack the request parameter, or the request parameter is empty.',
    );
    const first = await create('video-stream', body);
    assert.equal(first.status, 200, first.text);
    await waitFor('video-stream', first.json.job_id, ['running']);
    expectError(await create('video-stream', body), 400, 'AIS.0039', 'Repetitive push stream.');
    const stopped = await server.sdk('POST', `${jobs('video-stream')}/stop/${first.json.job_id}`);
    assert.equal(stopped.status, 200, stopped.text);
    assertShape(stopped.json, StreamStopped);
    const [final] = await callbacksTo('/stream-callback');
    assertShape(final!.body, VideoStreamCallback);
    assert.equal(final!.body.status, 'succeeded');
    assert.equal(final!.body.job_id, first.json.job_id);
    const again = await create('video-stream', body);
    assert.equal(again.status, 200, again.text);
    await server.sdk('POST', `${jobs('video-stream')}/stop/${again.json.job_id}`);
    expectError(
      await server.sdk('POST', `${jobs('video-stream')}/stop/0123456789_abc`),
      400,
      'AIS.0030',
      'Job not found',
    );
  });

  it('moderates a live audio stream in windows, calling back each one with return_all_results', async () => {
    const created = await create('audio-stream', {
      data: { url: `${files.base}/radio.flv`, return_all_results: true },
      event_type: 'live',
      categories: ['abuse', 'moan'],
      callback: `${files.base}/radio-callback`,
      seed: 'radio',
    });
    assert.equal(created.status, 200, created.text);
    const [window] = await callbacksTo('/radio-callback');
    assertShape(window!.body, AudioStreamCallback);
    assert.equal(window!.body.status, 'running');
    assert.equal(window!.body.result.details[0].suggestion, 'pass');
    assert.ok(!Number.isNaN(Date.parse(window!.body.result.details[0].start_time)));
    assert.equal(window!.signature, callbackSignature('radio', window!.body));
    await server.sdk('POST', `${jobs('audio-stream')}/stop/${created.json.job_id}`);
    const final = await pollUntil('the final callback of the stopped stream', async () =>
      files.received.find((r) => r.path === '/radio-callback' && r.body.status === 'succeeded'),
    );
    assertShape(final!.body, AudioStreamCallback);
    assert.equal(final!.body.result.request_params.categories.join(), 'abuse,moan');
  });

  it('calls back until the receiver answers 200, five attempts at most', async () => {
    let answers = [500, 204, 200];
    const seen: number[] = [];
    const receiver = http.createServer((req, res) => {
      req.resume();
      seen.push(Date.now());
      res.writeHead(answers.shift() ?? 500).end();
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    const hook = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    const sender = new CallbackSender({ allowPrivate: true, allowedRanges: [] }, [10, 20, 40, 80]);
    try {
      assert.equal(await sender.send(hook, { job_id: 'x' }), 'delivered: 200');
      assert.equal(seen.length, 3);
      answers = [];
      seen.length = 0;
      assert.equal(await sender.send(hook, { job_id: 'y' }), 'failed: HTTP 500');
      assert.equal(seen.length, 5);
      // Backoff: each wait longer than the last.
      const gaps = seen.slice(1).map((t, i) => t - seen[i]!);
      assert.ok(gaps[3]! > gaps[0]!, gaps.join());
    } finally {
      await sender.close();
      receiver.close();
    }
  });

  it('moderates the sound of a live video stream when audio categories are asked for', async () => {
    const s = await startServer({
      moderation: {
        fetch: { allowPrivateAddresses: true },
        jobs: { asrUrl: model.url, asrModel: 'shouting', pollIntervalMs: 100 },
      },
    });
    try {
      const created = await create(
        'video-stream',
        {
          data: { url: `${files.base}/radio.flv`, frame_interval: 5 },
          event_type: 'default',
          image_categories: ['porn'],
          audio_categories: ['abuse'],
          callback: `${files.base}/shouting-callback`,
        },
        s,
      );
      assert.equal(created.status, 200, created.text);
      const [flagged] = await callbacksTo('/shouting-callback');
      assertShape(flagged!.body, VideoStreamCallback);
      assert.equal(flagged!.body.status, 'running');
      const detail = flagged!.body.result.audio_detail[0];
      assert.equal(detail.label, 'abuse');
      assert.equal(detail.audio_text, 'kill yourself');
      assert.ok(!Number.isNaN(Date.parse(detail.start_time)));
      await s.sdk('POST', `${jobs('video-stream', s)}/stop/${created.json.job_id}`);
    } finally {
      await s.close();
    }
  });

  it('keeps jobs to their owner (AIS.0028) and answers AIS.0030 for unknown jobs', async () => {
    const job = await create('document', {
      data: { url: `${files.base}/notes.txt`, format: 'txt' },
      event_type: 'default',
    });
    await server.call('POST', '/v3/users', {
      token,
      body: { user: { name: 'colleague', password: 'colleague-pass', permissions: ['moderation:*:*'] } },
    });
    const colleague = await server.token({ user: 'colleague', password: 'colleague-pass' });
    expectError(
      await server.call('GET', `${jobs('document')}/${job.json.job_id}`, { token: colleague }),
      400,
      'AIS.0028',
      'The job is not owned by the current user.',
    );
    expectError(
      await server.call('POST', `${jobs('document')}/${job.json.job_id}/cancel`, { token: colleague }),
      400,
      'AIS.0028',
      'The job is not owned by the current user.',
    );
    expectError(
      await show('document', '01661356800_0123456789abcdef0123456789abcdef'),
      400,
      'AIS.0030',
      'Job not found',
    );
    // A job id of one kind is not a job of another.
    expectError(await show('audio', job.json.job_id), 400, 'AIS.0030', 'Job not found');
    const listed = await server.sdk('GET', `${jobs('document')}?limit=100`);
    assertShape(listed.json, jobList('document'));
    assert.ok(listed.json.jobs.some((j: { job_id: string }) => j.job_id === job.json.job_id));
    assert.equal((await server.call('GET', jobs('document'), { token: colleague })).json.total, 0);
  });

  it('answers the creation errors of the catalogue', async () => {
    const doc = { data: { url: `${files.base}/x.txt`, format: 'txt' }, event_type: 'default' };
    const cases: [string, unknown, string, string][] = [
      ['document', {}, 'AIS.0011', 'Lack the request parameter, or the request parameter is empty.'],
      [
        'document',
        { ...doc, data: { url: `${files.base}/x.txt` } },
        'AIS.0011',
        'Lack the request parameter, or the request parameter is empty.',
      ],
      [
        'document',
        { ...doc, data: { url: `${files.base}/x.exe`, format: 'exe' } },
        'AIS.0012',
        'The request parameter is not supported.',
      ],
      ['document', { ...doc, data: { url: 'ftp://files/x.pdf', format: 'pdf' } }, 'AIS.0022', 'The URL is invalid.'],
      [
        'document',
        { ...doc, data: { url: 'obs://media/%', format: 'pdf' } },
        'ModelArts.4703',
        'The OBS URL is invalid.',
      ],
      ['document', { ...doc, callback: 'not a url' }, 'AIS.0022', 'The URL is invalid.'],
      ['document', { ...doc, seed: 'no spaces please' }, 'AIS.0401', 'The input parameter is incorrect.'],
      ['document', { ...doc, event_type: 'poetry' }, 'AIS.0005', 'The service does not exist.'],
      ['document', { ...doc, text_categories: ['weather'] }, 'AIS.0012', 'The request parameter is not supported.'],
      [
        'video',
        { data: { url: `${files.base}/clip.mp4` }, event_type: 'default' },
        'AIS.0011',
        'Lack the request parameter, or the request parameter is empty.',
      ],
      [
        'video',
        {
          data: { url: `${files.base}/clip.mp4`, frame_interval: 0 },
          event_type: 'default',
          image_categories: ['porn'],
        },
        'AIS.0401',
        'The input parameter is incorrect.',
      ],
      [
        'audio',
        { data: { url: `${files.base}/speech.wav` }, event_type: 'default', categories: [] },
        'AIS.0011',
        'Lack the request parameter, or the request parameter is empty.',
      ],
      [
        'audio',
        { data: { url: `${files.base}/speech.wav` }, event_type: 'default', categories: ['spam'] },
        'AIS.0012',
        'The request parameter is not supported.',
      ],
      [
        'audio',
        { data: { url: `${files.base}/speech.wav` }, biz_type: 'no-such-policy' },
        'AIS.0401',
        'The input parameter is incorrect.',
      ],
    ];
    for (const [kind, body, code, message] of cases) expectError(await create(kind, body), 400, code, message);
    expectError(
      await server.sdk('GET', `/v3/${server.projectId}/moderation/hologram/jobs`),
      400,
      'AIS.0005',
      'The service does not exist.',
    );
  });

  it("honours a biz_type policy over the request's own event type and categories", async () => {
    const policy = await server.sdk('PUT', `/v3/${server.projectId}/moderation/biz-types/radio_ads`, {
      audio_categories: ['ad', 'abuse'],
      image_categories: ['porn'],
    });
    assert.equal(policy.status, 200, policy.text);
    const audio = await finished('audio', {
      data: { url: `${files.base}/speech.wav` },
      biz_type: 'radio_ads',
      categories: ['porn'],
    });
    assertShape(audio, AudioJob);
    assert.deepEqual(audio.request_params.categories, ['ad', 'abuse']);
    assert.equal(audio.result.suggestion, 'block');
  });

  it('limits unfinished jobs (AIS.0031), counts monthly free calls (AIS.0032), needs speech recognition for audio (AIS.0007)', async () => {
    // No workers take jobs here, so created jobs stay unfinished.
    const s = await startServer({
      moderation: { fetch: { allowPrivateAddresses: true }, jobs: { concurrency: 0, maxUnfinishedPerProject: 2 } },
    });
    try {
      const body = { data: { url: 'https://files.example.com/a.txt', format: 'txt' }, event_type: 'default' };
      assert.equal((await create('document', body, s)).status, 200);
      const second = await create('document', { ...body, callback: `${files.base}/cancelled-callback` }, s);
      expectError(
        await create('document', body, s),
        400,
        'AIS.0031',
        'The maximum number of uncompleted jobs has been reached.',
      );
      const cancelled = await s.sdk('POST', `${jobs('document', s)}/${second.json.job_id}/cancel`);
      assert.equal(cancelled.json.status, 'failed');
      // A job cancelled before any worker took it still calls back.
      const [callback] = await callbacksTo('/cancelled-callback');
      assert.equal(callback!.body.job_id, second.json.job_id);
      assert.equal(callback!.body.status, 'failed');
      assert.equal((await create('document', body, s)).status, 200);
      const audio = { data: { url: 'https://files.example.com/a.wav' }, event_type: 'default', categories: ['abuse'] };
      expectError(await create('audio', audio, s), 400, 'AIS.0007', 'The service has not been enabled yet.');
      const video = {
        data: { url: 'https://files.example.com/a.mp4' },
        event_type: 'default',
        image_categories: ['porn'],
        audio_categories: ['abuse'],
      };
      expectError(await create('video', video, s), 400, 'AIS.0007', 'The service has not been enabled yet.');
      await s.operator('PUT', `/operator/v1/projects/${s.projectId}/moderation`, { monthly_free_calls: 3 });
      expectError(
        await create('video', { ...video, audio_categories: [] }, s),
        400,
        'AIS.0032',
        'The monthly free calls have been used up.',
      );
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
    const queued = await create(
      'document',
      { data: { url: `${files.base}/notes.txt`, format: 'txt' }, event_type: 'default' },
      idle,
    );
    assert.equal((await show('document', queued.json.job_id, idle)).json.status, 'running');
    await idle.close(true);

    // The same data folder: the same accounts, keys and tokens (the first server's token is used).
    const working = await startServer({
      dataDir,
      moderation: { fetch: { allowPrivateAddresses: true }, jobs: { pollIntervalMs: 100, retentionSeconds: 1 } },
    });
    const url = `${jobs('document', working)}/${queued.json.job_id}`;
    try {
      const done = await pollUntil(
        'the queued job to finish on the working server',
        async () => {
          const job = (await working.call('GET', url, { token: t })).json;
          return job.status === 'running' ? undefined : job;
        },
        30_000,
        100,
      );
      assert.equal(done.status, 'succeeded');
      // Kept for retentionSeconds (1 s) after it finished, then gone.
      const gone = await pollUntil(
        'the finished job to pass its retention',
        async () => {
          const res = await working.call('GET', url, { token: t });
          return res.status === 200 ? undefined : res;
        },
        10_000,
        100,
      );
      expectError(gone, 400, 'AIS.0030', 'Job not found');
    } finally {
      await working.close();
    }
  });
});
