import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import type { FastifyRequest } from 'fastify';
import { ApiError, isApiError } from '../src/errors/api-error.js';
import { fileBytes, type FormFile, type FormLimits, readMultipartForm } from '../src/maas/multipart-form.js';

const type = 'multipart/form-data; boundary=----b0undary';
const limits: FormLimits = {
  fileField: 'file',
  maxFileBytes: 1000,
  fileTooLarge: () => new ApiError('ModelArts.81123', '1000'),
};

/** A multipart body written out by hand (not by the parser under test), CRLF line ends. */
function body(parts: { name: string; value: string | Buffer; filename?: string; headers?: string[] }[]): Buffer {
  const pieces: Buffer[] = [];
  for (const part of parts) {
    const disposition = `form-data; name="${part.name}"${part.filename !== undefined ? `; filename="${part.filename}"` : ''}`;
    const headers = [`Content-Disposition: ${disposition}`, ...(part.headers ?? [])];
    pieces.push(
      Buffer.from(`------b0undary\r\n${headers.join('\r\n')}\r\n\r\n`),
      Buffer.from(part.value),
      Buffer.from('\r\n'),
    );
  }
  pieces.push(Buffer.from('------b0undary--\r\n'));
  return Buffer.concat(pieces);
}

/** The request the parser reads its limit, headers and family from. */
const requestWith = (bodyLimit: number, headers: Record<string, string> = {}) =>
  ({ headers, routeOptions: { bodyLimit }, family: 'MaaSInference' }) as unknown as FastifyRequest;

const read = (chunks: Buffer[], bodyLimit = 4 << 20, headers: Record<string, string> = {}) =>
  readMultipartForm(Readable.from(chunks), requestWith(bodyLimit, headers), type, limits);

/** The form as plain values: each text field, and each file as its name and bytes (null where not kept). */
async function entriesOf(chunks: Buffer[]) {
  const form = await read(chunks);
  return form.entries.map(([name, value]) =>
    typeof value === 'string'
      ? [name, value]
      : [name, value.filename, value.chunks ? fileBytes(value as FormFile).toString('latin1') : null, value.size],
  );
}

async function refusal(chunks: Buffer[], bodyLimit?: number, headers?: Record<string, string>): Promise<string> {
  const error = await read(chunks, bodyLimit, headers).then(
    () => assert.fail('the form was taken'),
    (e: unknown) => e,
  );
  assert.ok(isApiError(error), String(error));
  return error.code;
}

const audio = Buffer.from(Array.from({ length: 300 }, (_, i) => i % 256));
const sample = body([
  { name: 'model', value: 'whisper' },
  { name: 'file', value: audio, filename: 'speech ☃.wav', headers: ['Content-Type: audio/wav'] },
  { name: 'file', value: 'a second file, dropped', filename: 'b.wav' },
  { name: 'prompt', value: 'Größe\r\n--not a boundary' },
]);
const expected = [
  ['model', 'whisper'],
  ['file', 'speech ☃.wav', audio.toString('latin1'), audio.length],
  ['file', 'b.wav', null, 22],
  ['prompt', 'Größe\r\n--not a boundary'],
];

describe('multipart forms read as they arrive (busboy)', () => {
  it('reads the parts in order, keeping only the first file of the route’s field', async () => {
    assert.deepEqual(await entriesOf([sample]), expected);
  });

  it('reads the same form whatever its chunks: one byte at a time, or cut at every place in two', async () => {
    assert.deepEqual(await entriesOf([...sample].map((byte) => Buffer.from([byte]))), expected);
    for (let at = 1; at < sample.length; at += 7) {
      assert.deepEqual(await entriesOf([sample.subarray(0, at), sample.subarray(at)]), expected, `cut at ${at}`);
    }
  });

  it('answers an empty body as a form without parts', async () => {
    assert.deepEqual(await entriesOf([]), []);
  });

  it('refuses a file over the cap with the route’s answer, after the rest of the body', async () => {
    const big = body([
      { name: 'file', value: Buffer.alloc(1001), filename: 'big.wav' },
      { name: 'model', value: 'whisper' },
    ]);
    assert.equal(await refusal([big]), 'ModelArts.81123');
    // Exactly the cap is taken.
    const [, file] = (await read([body([{ name: 'file', value: Buffer.alloc(1000), filename: 'a' }])])).entries[0]!;
    assert.equal((file as FormFile).size, 1000);
    // Another file than the route's is dropped whatever its size.
    const other = body([{ name: 'other', value: Buffer.alloc(5000), filename: 'x' }]);
    assert.equal(((await read([other])).entries[0]![1] as FormFile).chunks, undefined);
  });

  it('refuses a body over the route’s limit by its Content-Length, or as soon as its bytes pass it', async () => {
    assert.equal(await refusal([sample], sample.length - 1, { 'content-length': String(sample.length) }), 'APIG.0201');
    // Without a length: the bytes past the limit are the last read (the source is left to be drained).
    let pulled = 0;
    const endless = new Readable({
      read() {
        pulled += 1;
        // A chunk a turn, as a socket gives them (a source that pushes at once would never yield once drained).
        setImmediate(() => this.push(pulled === 1 ? sample.subarray(0, 100) : Buffer.alloc(1024, 'a')));
      },
    });
    const error = await readMultipartForm(endless, requestWith(10 * 1024), type, limits).then(
      () => assert.fail('taken'),
      (e: unknown) => e,
    );
    assert.equal((error as ApiError).code, 'APIG.0201');
    assert.ok(pulled <= 12, `read ${pulled} chunks`);
    endless.destroy();
  });

  it('refuses what is not a well-formed form of at most 64 parts with ModelArts.81001', async () => {
    const fields = (count: number) => body(Array.from({ length: count }, (_, i) => ({ name: `f${i}`, value: 'x' })));
    assert.equal((await read([fields(64)])).entries.length, 64);
    assert.equal(await refusal([fields(65)]), 'ModelArts.81001');
    const malformed = [
      sample.subarray(0, sample.length - 20), // cut short
      Buffer.from('------b0undary\r\nno header line here\r\n\r\nx\r\n------b0undary--\r\n'),
      Buffer.from('--another\r\nContent-Disposition: form-data; name="a"\r\n\r\nx\r\n--another--\r\n'),
      body([{ name: 'a', value: 'x', headers: [`X-Long: ${'h'.repeat(17 * 1024)}`] }]), // part headers over 16 KiB
      body([{ name: 'prompt', value: 'p'.repeat(1024 * 1024 + 1) }]),
      Buffer.from('garbage'),
    ];
    for (const bytes of malformed) assert.equal(await refusal([bytes]), 'ModelArts.81001');
    // A Content-Type without a boundary.
    const error = await readMultipartForm(
      Readable.from([sample]),
      requestWith(1 << 20),
      'multipart/form-data; a=b',
      limits,
    )
      .then(() => assert.fail('taken'))
      .catch((e: unknown) => e);
    assert.equal((error as ApiError).code, 'ModelArts.81001');
  });

  it('lets go of an upload its client abandons: the source’s listeners go, and the answer says the client left', async () => {
    const source = new Readable({ read() {} });
    const pending = readMultipartForm(source, requestWith(1 << 20), type, limits);
    source.push(sample.subarray(0, 150));
    source.destroy();
    const error = (await pending.then(
      () => assert.fail('taken'),
      (e: unknown) => e,
    )) as { code?: string };
    assert.equal(error.code, 'ECONNRESET');
    assert.deepEqual(
      ['data', 'end', 'error', 'close'].map((event) => source.listenerCount(event)),
      [0, 0, 0, 0],
    );
  });
});
