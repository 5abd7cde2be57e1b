import { Blob } from 'node:buffer';
import { Readable } from 'node:stream';
import busboy from 'busboy';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError } from '../errors/api-error.js';
import { familyError } from '../errors/families.js';

/** Parts a form may have: a file and OpenAI's few fields, with room for extensions an upstream may read. */
const maxParts = 64;
/** The longest text field (a transcription's `prompt` is a few hundred tokens); a longer one is refused. */
export const maxFieldBytes = 1024 * 1024;
/** Header lines read of a part (Content-Disposition, Content-Type, perhaps a transfer encoding); more are ignored. */
const maxPartHeaders = 8;

/** A file part of a form. Only the one file the route keeps has its bytes; any other was read and dropped. */
export interface FormFile {
  readonly filename: string;
  readonly mimeType: string;
  /**
   * Its bytes as they arrived, a part per chunk (kept only for the route's own file field): Buffers, or Blobs where
   * the route keeps the file as a Blob (`keepFileAs: 'blob'`).
   */
  readonly chunks: readonly (Buffer | Blob)[] | undefined;
  readonly size: number;
}

/** A parsed multipart form: its parts in order, each a text field or a file. */
export class MultipartForm {
  constructor(readonly entries: readonly (readonly [string, string | FormFile])[]) {}

  /** The first part of that name, as `FormData.get` answers it (null when there is none). */
  get(name: string): string | FormFile | null {
    return this.entries.find(([entry]) => entry === name)?.[1] ?? null;
  }
}

/** A file's bytes as one Buffer (one copy of its chunks), for a route that keeps them as Buffers (the default). */
export function fileBytes(file: FormFile): Buffer {
  const chunks = file.chunks ?? [];
  if (chunks.some((chunk) => !Buffer.isBuffer(chunk))) throw new Error('the file was kept as Blobs');
  return Buffer.concat(chunks as Buffer[], file.size);
}

/**
 * A file's bytes as one Blob, which undici's FormData sends on without another copy. Kept as Blobs (`keepFileAs:
 * 'blob'`), the file was copied a chunk at a time as it arrived, and this only joins them (no copy: a 25 MiB file in
 * one synchronous copy can hold the event loop for tens of milliseconds on a busy machine).
 */
export function fileBlob(file: FormFile): Blob {
  return new Blob(file.chunks ? [...file.chunks] : []);
}

export interface FormLimits {
  /** The part name of the file the route reads; only the first file part of that name is kept. */
  fileField: string;
  /** The largest file kept: past it, the rest of the file is dropped unread and the form is refused. */
  maxFileBytes: number;
  /** The answer to a file over `maxFileBytes` (given once the rest of the body has been read). */
  fileTooLarge: (request: FastifyRequest) => ApiError;
  /** 'blob': the file is kept as Blobs, each chunk copied as it comes (a file sent on); else as the Buffers read. */
  keepFileAs?: 'blob' | 'bytes';
}

/** Whether a Content-Type is a multipart form with its parameters (the boundary): the routes take nothing else. */
export function isMultipartForm(type: string | undefined): type is string {
  return typeof type === 'string' && /^multipart\/form-data\s*;/i.test(type);
}

/**
 * Makes the scope's routes read a `multipart/form-data` body as it arrives, with busboy, into a `MultipartForm` (the
 * request's body). Nothing but the route's file is kept past its part, and only up to `maxFileBytes`; the whole
 * body is refused with the family's oversized-body code (APIG.0201) as soon as it passes the route's `bodyLimit`
 * (by its Content-Length, before any byte is read, or by the bytes as they come). A body that is not a form, or has
 * more than 64 parts, a text field over 1 MiB or part headers over 16 KiB (busboy's own cap), is ModelArts.81001. An upload the
 * client abandons lets go of everything it had read. A Content-Type without a boundary is left to the route (its
 * body unread), which refuses it as it always has.
 */
export function acceptMultipartForms(scope: FastifyInstance, limits: FormLimits): void {
  scope.addContentTypeParser('multipart/form-data', (request, payload, done) => {
    const type = request.headers['content-type'];
    if (!isMultipartForm(type)) {
      done(null, undefined);
      return;
    }
    readMultipartForm(payload as Readable, request, type, limits).then(
      (form) => done(null, form),
      (error: Error) => done(error, undefined),
    );
  });
}

/**
 * The request's form: the one the scope's parser read, or, for a multipart body that reached the route as bytes (a
 * Content-Type the framework could not match to the parser), parsed from those bytes. ModelArts.81001 when the body
 * is not a form (`notForm`, if given, is the answer to a Content-Type that is not multipart).
 */
export function formOfRequest(
  request: FastifyRequest,
  limits: FormLimits,
  notForm: (type: string) => ApiError = () => new ApiError('ModelArts.81001'),
): Promise<MultipartForm> {
  if (request.body instanceof MultipartForm) return Promise.resolve(request.body);
  const type = request.headers['content-type'];
  if (!isMultipartForm(type)) return Promise.reject(notForm(type ?? ''));
  const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
  return readMultipartForm(Readable.from([raw]), request, type, limits);
}

/** A client that went away mid-upload: logged as such by the error hook, never answered (there is no one to answer). */
function clientGone(): Error {
  return Object.assign(new Error('the client closed the request during the upload'), { code: 'ECONNRESET' });
}

/**
 * Reads a multipart body from `source` as it arrives. The bytes are counted before busboy sees them: past the
 * route's body limit the reading stops there, the source's listeners are removed (the server reads and drops the
 * rest, as it does for any body refused early) and the family's oversized-body error is the answer.
 */
export function readMultipartForm(
  source: Readable,
  request: FastifyRequest,
  type: string,
  limits: FormLimits,
): Promise<MultipartForm> {
  const bodyLimit = request.routeOptions.bodyLimit;
  const tooLarge = () => familyError(request.family, 'bodyTooLarge');
  if (Number(request.headers['content-length']) > bodyLimit) return Promise.reject(tooLarge());
  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: { 'content-type': type },
      defParamCharset: 'utf8',
      preservePath: true,
      limits: {
        parts: maxParts + 1, // `partsLimit` is told when this many parts have been read: one more than allowed
        // busboy tells of a limit once a value reaches it: one byte more than allowed, so that the limit is taken.
        fieldSize: maxFieldBytes + 1,
        fileSize: limits.maxFileBytes + 1,
        headerPairs: maxPartHeaders,
      },
    });
  } catch {
    return Promise.reject(new ApiError('ModelArts.81001')); // no boundary, or another multipart type
  }

  return new Promise<MultipartForm>((resolve, reject) => {
    const entries: [string, string | FormFile][] = [];
    let received = 0;
    let ended = false;
    let settled = false;
    let fileOverCap = false;

    const finish = (error: Error | undefined) => {
      if (settled) return;
      settled = true;
      source.removeListener('data', onData);
      source.removeListener('end', onEnd);
      source.removeListener('error', onAbort);
      source.removeListener('close', onClose);
      parser.removeListener('drain', onDrain);
      // Whatever the parser still holds (a file part half read) goes with it; its errors are no one's now.
      parser.on('error', () => {});
      parser.destroy();
      // The rest of a refused body is read and dropped (the server does so once it has answered), never kept.
      if (!ended) source.resume();
      if (error) {
        entries.length = 0;
        reject(error);
      } else {
        resolve(new MultipartForm(entries));
      }
    };
    const malformed = () => finish(fileOverCap ? limits.fileTooLarge(request) : new ApiError('ModelArts.81001'));

    let keptFile = false;
    parser.on('file', (name, stream, info) => {
      const keep = !keptFile && name === limits.fileField;
      const chunks: (Buffer | Blob)[] | undefined = keep ? [] : undefined;
      const asBlob = limits.keepFileAs === 'blob';
      keptFile ||= keep;
      const file = { filename: info.filename ?? '', mimeType: info.mimeType, chunks, size: 0 };
      entries.push([name, file]);
      stream.on('data', (chunk: Buffer) => {
        file.size += chunk.length;
        chunks?.push(asBlob ? new Blob([chunk]) : chunk);
      });
      stream.on('limit', () => {
        // Past the cap: the rest of the file is dropped as it comes (busboy reads past it, keeping nothing), and the
        // form is refused once it has been read. Any other file is dropped whatever its size.
        if (!chunks) return;
        fileOverCap = true;
        chunks.length = 0;
      });
      stream.on('error', () => {}); // the parser's own error says why
    });
    parser.on('field', (name, value, info) => {
      if (info.valueTruncated) return finish(new ApiError('ModelArts.81001'));
      entries.push([name, value]);
    });
    parser.on('partsLimit', malformed);
    parser.on('error', malformed);
    parser.on('close', () => {
      if (fileOverCap) finish(limits.fileTooLarge(request));
      else finish(undefined);
    });

    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received > bodyLimit) return finish(tooLarge());
      if (!parser.write(chunk)) source.pause();
    };
    const onDrain = () => {
      if (!settled) source.resume();
    };
    const onEnd = () => {
      ended = true;
      // No byte at all: a form without parts, for the route to refuse in its own words (no file, no purpose).
      if (received === 0) finish(undefined);
      else parser.end();
    };
    const onAbort = () => finish(clientGone());
    const onClose = () => {
      if (!ended) finish(clientGone());
    };
    parser.on('drain', onDrain);
    source.on('data', onData);
    source.on('end', onEnd);
    source.on('error', onAbort);
    source.on('close', onClose);
  });
}
