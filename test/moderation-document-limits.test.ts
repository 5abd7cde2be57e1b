import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import zlib from 'node:zlib';
import SQLite from 'better-sqlite3';
import { Document, Packer, Paragraph } from 'docx';
import JSZip from 'jszip';
import { PDFDocument, PDFName, StandardFonts } from 'pdf-lib';
import { DocumentCapError, parseDocument } from '../src/moderation/jobs/documents/parse-document.js';
import { pollUntil } from './helpers/poll.js';
import { request, type SpawnedServer, spawnServer, tokenRequest } from './helpers/server.js';

/** The caps the server under test runs with: small, so that each bomb is refused within seconds. */
const caps = {
  timeoutMs: 5000,
  workerMemoryMb: 256,
  maxPages: 200,
  maxInflatedBytes: 64 * 1024 * 1024,
  maxDetails: 50,
};
/** What the server process may hold at its peak while a bomb is parsed: the idle server, one worker, and slack. */
const memoryBoundMb = (idleMb: number) => idleMb + caps.workerMemoryMb + caps.maxInflatedBytes / 1024 / 1024 + 128;

/** A .docx whose document.xml inflates to `bytes` of repetitive markup (the issue's: 207 KB, 68 MB inflated). */
async function zipBombDocx(bytes: number): Promise<Buffer> {
  const base = await Packer.toBuffer(new Document({ sections: [{ children: [new Paragraph('Hello')] }] }));
  const zip = await JSZip.loadAsync(base);
  const xml = await zip.file('word/document.xml')!.async('string');
  const at = xml.indexOf('<w:body>') + '<w:body>'.length;
  const paragraph = '<w:p><w:r><w:t>lorem ipsum dolor sit amet</w:t></w:r></w:p>';
  const huge = xml.slice(0, at) + paragraph.repeat(Math.ceil(bytes / paragraph.length)) + xml.slice(at);
  zip.file('word/document.xml', huge);
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 9 } });
}

/**
 * A .docx within the inflation caps (about 5:1, `bytes` of document.xml) whose markup is still more than the parser can
 * hold in the worker's heap: what the heap limit and the time cap are for. Blocks of random words repeat further apart
 * than deflate's window, so that the file compresses no better than text does.
 */
async function heavyDocx(bytes: number): Promise<Buffer> {
  const base = await Packer.toBuffer(new Document({ sections: [{ children: [new Paragraph('Hello')] }] }));
  const zip = await JSZip.loadAsync(base);
  const xml = await zip.file('word/document.xml')!.async('string');
  const at = xml.indexOf('<w:body>') + '<w:body>'.length;
  let seed = 1;
  const word = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff).toString(36);
  let block = '';
  while (block.length < 40_000)
    block += `<w:p><w:r><w:t>${Array.from({ length: 8 }, word).join(' ')}</w:t></w:r></w:p>`;
  zip.file('word/document.xml', xml.slice(0, at) + block.repeat(Math.ceil(bytes / block.length)) + xml.slice(at));
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 1 } });
}

/** The same zip with one entry's sizes declared as `size` (local header and central directory): a lying bomb. */
function declaringSize(zip: Buffer, name: string, size: number): Buffer {
  const out = Buffer.from(zip);
  const entry = Buffer.from(name);
  for (let at = out.indexOf(entry); at !== -1; at = out.indexOf(entry, at + 1)) {
    if (out.readUInt32LE(at - 30) === 0x04034b50) out.writeUInt32LE(size, at - 30 + 22);
    if (out.readUInt32LE(at - 46) === 0x02014b50) out.writeUInt32LE(size, at - 46 + 24);
  }
  return out;
}

/** A PDF of `count` pages sharing one small content stream, written out directly (pdf-lib takes seconds for this). */
function manyPagesPdf(count: number): Buffer {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    `<< /Type /Pages /Count ${count} /Kids [${Array.from({ length: count }, (_, i) => `${i + 4} 0 R`).join(' ')}] >>`,
    '<< /Length 36 >>\nstream\nBT /F1 12 Tf 50 700 Td (page) Tj ET\nendstream',
    ...Array.from({ length: count }, () => '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 3 0 R >>'),
  ];
  let pdf = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(pdf.length);
    pdf += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = pdf.length;
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  pdf += offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('');
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(pdf, 'latin1');
}

/** A one-page PDF whose content stream deflates `bytes` of text-showing operators to under a megabyte. */
async function contentBombPdf(bytes: number): Promise<Buffer> {
  const deflater = zlib.createDeflate({ level: 9 });
  const chunks: Buffer[] = [];
  deflater.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise((r) => deflater.once('end', r));
  const block = Buffer.from('BT /F1 12 Tf 50 700 Td (lorem ipsum) Tj ET\n'.repeat(25_000));
  for (let written = 0; written < bytes; written += block.length) {
    if (!deflater.write(block)) await new Promise((r) => deflater.once('drain', r));
  }
  deflater.end();
  await ended;
  const compressed = Buffer.concat(chunks);
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const page = doc.addPage();
  page.drawText('x', { x: 50, y: 700, font, size: 12 });
  const stream = doc.context.stream(compressed, { Filter: 'FlateDecode', Length: compressed.length });
  page.node.set(PDFName.of('Contents'), doc.context.register(stream));
  return Buffer.from(await doc.save());
}

const sentence = 'The committee met on Tuesday to review the annual budget and the garden plans.\n';
const flaggedSentence = 'Go to hell, said the clerk.'.padEnd(sentence.length - 1) + '\n';

/** Plain text of `length` characters of harmless sentences, those starting at the `flagged` offsets replaced. */
function longText(length: number, flagged: number[]): string {
  const lines = Array.from({ length: Math.ceil(length / sentence.length) }, () => sentence);
  for (const at of flagged) lines[at / sentence.length] = flaggedSentence;
  return lines.join('').slice(0, length);
}
/** The offset of the sentence nearest to `at` (where a flagged one can start). */
const sentenceAt = (at: number) => Math.round(at / sentence.length) * sentence.length;

/** The process's peak resident memory since the last reset, in MiB (VmHWM). */
function peakRssMb(pid: number): number {
  return Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;
}
function rssMb(pid: number): number {
  return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;
}
/** Resets the peak (Linux: 5 to clear_refs); false where that is not allowed, and the sampled RSS is used instead. */
function resetPeak(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

/** GET /health/live with a time limit; how long it took (the limit when it did not answer). */
function liveLatencyMs(baseUrl: string, limitMs: number): Promise<number> {
  const started = performance.now();
  return new Promise((resolve) => {
    const req = http.get(`${baseUrl}/health/live`, { timeout: limitMs }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode === 200 ? performance.now() - started : limitMs));
    });
    req.on('timeout', () => {
      req.destroy();
      resolve(limitMs);
    });
    req.on('error', () => resolve(limitMs));
  });
}

describe('documents from outside cannot kill or stall the server', () => {
  let files: http.Server;
  let filesBase: string;
  let server: SpawnedServer;
  let dataDir: string;
  let token: string;
  let projectId: string;
  let pid: number;
  const content: Record<string, Buffer> = {};

  before(async () => {
    const bomb = await zipBombDocx(68 * 1024 * 1024);
    content['/bomb.docx'] = bomb;
    content['/lying-bomb.docx'] = declaringSize(bomb, 'word/document.xml', 4096);
    content['/heavy.docx'] = await heavyDocx(30 * 1024 * 1024);
    content['/pages.pdf'] = manyPagesPdf(20_000);
    content['/content-bomb.pdf'] = await contentBombPdf(300 * 1024 * 1024);
    content['/long.txt'] = Buffer.from(
      longText(1_500_000, [sentenceAt(100_000), sentenceAt(499_000), sentenceAt(600_000), sentenceAt(1_400_000)]),
    );
    content['/crowded.txt'] = Buffer.from(
      longText(
        300_000,
        Array.from({ length: 300 }, (_, i) => sentenceAt(i * 1000)),
      ),
    );
    files = http.createServer((req, res) => {
      const body = content[req.url ?? ''];
      res.writeHead(body ? 200 : 404).end(body);
    });
    await new Promise<void>((r) => files.listen(0, '127.0.0.1', r));
    filesBase = `http://127.0.0.1:${(files.address() as AddressInfo).port}`;
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'aisp-doc-limits-'));
    server = await spawnServer({
      AISP_DATA_DIR: dataDir,
      AISP_BOOTSTRAP_ACCOUNT: 'limits',
      AISP_BOOTSTRAP_PASSWORD: 'limits-password',
      AISP_BOOTSTRAP_PROJECT: 'main',
      AISP_FETCH_ALLOW_PRIVATE: 'true',
      AISP_WARM_UP_CLASSIFIER: 'false',
      AISP_DOCUMENT_TIMEOUT_MS: String(caps.timeoutMs),
      AISP_DOCUMENT_WORKER_MEMORY_MB: String(caps.workerMemoryMb),
      AISP_DOCUMENT_MAX_PAGES: String(caps.maxPages),
      AISP_DOCUMENT_MAX_INFLATED_BYTES: String(caps.maxInflatedBytes),
      AISP_DOCUMENT_MAX_DETAILS: String(caps.maxDetails),
    });
    pid = server.child.pid!;
    const login = await request(server.baseUrl, 'POST', '/v3/auth/tokens', {
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(tokenRequest('admin', 'limits-password', 'limits', 'main')),
    });
    assert.equal(login.status, 201, login.text);
    token = login.headers['x-subject-token'] as string;
    projectId = login.json.token.project.id;
  });
  after(async () => {
    await server?.stop();
    files?.closeAllConnections();
    files?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const jobsPath = () => `/v3/${projectId}/moderation/document/jobs`;
  const headers = () => ({ 'X-Auth-Token': token, 'Content-Type': 'application/json' });

  /**
   * Runs a document job while /health/live is polled every 100 ms and the server's memory watched; answers the job's
   * final query, how long it took, the slowest liveness answer and the peak resident memory during the job.
   */
  async function watchedJob(file: string, format: string) {
    const idleMb = rssMb(pid);
    const exactPeak = resetPeak(pid);
    let sampledPeakMb = idleMb;
    let slowestLiveMs = 0;
    let polling = true;
    const poller = (async () => {
      while (polling) {
        slowestLiveMs = Math.max(slowestLiveMs, await liveLatencyMs(server.baseUrl, 5000));
        sampledPeakMb = Math.max(sampledPeakMb, rssMb(pid));
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    const started = Date.now();
    try {
      const created = await request(server.baseUrl, 'POST', jobsPath(), {
        headers: headers(),
        body: JSON.stringify({
          data: { url: `${filesBase}${file}`, format },
          event_type: 'default',
          text_categories: ['default'],
          image_categories: ['porn'],
        }),
      });
      assert.equal(created.status, 200, created.text);
      const jobId = created.json.job_id as string;
      const shown = await pollUntil(
        `job ${jobId} to finish`,
        async () => {
          const res = await request(server.baseUrl, 'GET', `${jobsPath()}/${jobId}`, { headers: headers() });
          assert.equal(res.status, 200, res.text);
          return res.json.status === 'running' ? undefined : res;
        },
        60_000,
        100,
      );
      const elapsedMs = Date.now() - started;
      polling = false;
      await poller;
      const peakMb = exactPeak ? peakRssMb(pid) : sampledPeakMb;
      return { job: shown.json, jobId, elapsedMs, slowestLiveMs, peakMb, idleMb };
    } finally {
      polling = false;
      await poller;
    }
  }

  /** The stored row of a job, read from the server's own database file. */
  function storedJob(jobId: string): { attempts: number; result: string | null } {
    const db = new SQLite(path.join(dataDir, 'aisp.db'), { readonly: true, fileMustExist: true });
    try {
      return db.prepare('SELECT attempts, result FROM moderation_jobs WHERE id = ?').get(jobId) as {
        attempts: number;
        result: string | null;
      };
    } finally {
      db.close();
    }
  }

  for (const [file, format, what] of [
    ['/bomb.docx', 'docx', 'a zip-bomb .docx (document.xml inflating to 68 MB)'],
    ['/lying-bomb.docx', 'docx', 'the same bomb declaring 4 KB (caught while inflating)'],
    ['/heavy.docx', 'docx', 'a .docx within the inflation caps that overwhelms the parser (heap or time cap)'],
    ['/pages.pdf', 'pdf', 'a PDF of 20,000 pages'],
    ['/content-bomb.pdf', 'pdf', 'a small PDF with 300 MB of compressed content'],
  ] as const) {
    it(`fails ${what} with AIS.0023 within the time cap, not retried, the server live and within its memory`, async (t) => {
      const run = await watchedJob(file, format);
      t.diagnostic(
        `${file} (${content[file]!.length} bytes): job ${run.elapsedMs} ms, slowest /health/live ` +
          `${run.slowestLiveMs.toFixed(0)} ms, peak RSS ${run.peakMb.toFixed(0)} MiB (idle ${run.idleMb.toFixed(0)} MiB)`,
      );
      assert.equal(run.job.status, 'failed', JSON.stringify(run.job));
      assert.equal(run.job.error_code, 'AIS.0023');
      assert.equal(run.job.error_msg, 'The file stored in OBS is oversized.');
      assert.ok(run.elapsedMs < caps.timeoutMs + 2000, `the job took ${run.elapsedMs} ms`);
      assert.ok(run.slowestLiveMs < 1000, `/health/live took ${run.slowestLiveMs} ms`);
      assert.ok(run.peakMb < memoryBoundMb(run.idleMb) && run.peakMb < 1024, `peak RSS ${run.peakMb} MiB`);
      assert.equal(storedJob(run.jobId).attempts, 1);
    });
  }

  it('reads and checks the first 500,000 characters of a document, no more', async () => {
    const run = await watchedJob('/long.txt', 'txt');
    assert.equal(run.job.status, 'succeeded', JSON.stringify(run.job));
    const positions = run.job.result.details.map((d: { start_position: number }) => d.start_position);
    // The hits near 100,000 and 499,000 are read; those at 600,000 and later are past the first 500,000 characters.
    assert.deepEqual(positions, [sentenceAt(100_000), sentenceAt(499_000)]);
    assert.ok(storedJob(run.jobId).result!.length < 10_000);
  });

  it("keeps a job's details to the cap, each hit word once", async () => {
    const run = await watchedJob('/crowded.txt', 'txt');
    assert.equal(run.job.status, 'succeeded', JSON.stringify(run.job));
    assert.equal(run.job.result.suggestion, 'block');
    assert.equal(run.job.result.details.length, caps.maxDetails);
    for (const detail of run.job.result.details) {
      assert.deepEqual(detail.segments, [{ segment: 'Go to hell' }]);
      assert.ok(detail.text.length <= 320);
    }
    assert.ok(storedJob(run.jobId).result!.length < 50_000);
  });
});

describe('the inflation caps, whatever the layout of the file', () => {
  const parsing = {
    limits: {
      maxPages: 10,
      maxInflatedBytes: 32 * 1024 * 1024,
      maxCompressionRatio: 100,
      maxTextChars: 500_000,
      maxImages: 10,
      maxImagePixels: 1_000_000,
    },
    timeoutMs: 20_000,
    workerMemoryMb: 256,
  };
  /** A one-page PDF whose content stream is `data` behind the `filters` named. */
  async function pdfWithContent(data: Buffer, filters: string[]): Promise<Buffer> {
    const doc = await PDFDocument.create();
    const page = doc.addPage();
    const filter = doc.context.obj(filters.map((name) => PDFName.of(name)));
    page.node.set(PDFName.of('Contents'), doc.context.register(doc.context.stream(data, { Filter: filter })));
    return Buffer.from(await doc.save());
  }
  let spaces: Buffer;
  before(() => {
    spaces = zlib.deflateSync(Buffer.alloc(100 * 1024 * 1024, 0x20), { level: 9 });
  });
  const refused = async (pdf: Buffer) => {
    const error = await parseDocument(pdf, false, parsing).then(
      () => assert.fail('the document was read'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof DocumentCapError, String(error));
    assert.equal(error.code, 'AIS.0023');
    return error;
  };

  it('counts a stream deflated twice to its full size', async () => {
    const error = await refused(await pdfWithContent(zlib.deflateSync(spaces), ['FlateDecode', 'FlateDecode']));
    assert.equal(error.cap, 'inflated');
  });

  it('stops a stream the scan cannot count (Flate behind ASCIIHex) at the cap on any one buffer', async () => {
    const hex = Buffer.from(spaces.toString('hex') + '>');
    const error = await refused(await pdfWithContent(hex, ['ASCIIHexDecode', 'FlateDecode']));
    assert.equal(error.cap, 'inflated');
    assert.match(error.detail, /a buffer of \d+ bytes/);
  });
});
