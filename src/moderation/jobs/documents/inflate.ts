import zlib from 'node:zlib';

/**
 * Inflates `data` as it goes, stopping as soon as the output passes `limit` (then `size` is Infinity); with `keep`,
 * the output is kept and returned. Data that is corrupt or cut short gives what inflated before the fault: a parser
 * that reads on until the fault gets that much, so a bomb cannot hide behind a broken tail. Bytes after the end of the
 * stream are ignored.
 */
export function inflateCounted(
  data: Uint8Array,
  format: 'zlib' | 'raw',
  limit: number,
  keep = false,
): Promise<{ size: number; head: Buffer; bytes?: Buffer }> {
  return new Promise((resolve) => {
    const options = { finishFlush: zlib.constants.Z_SYNC_FLUSH, chunkSize: 64 * 1024 };
    const inflater = format === 'raw' ? zlib.createInflateRaw(options) : zlib.createInflate(options);
    const chunks: Buffer[] = [];
    // The first bytes of the output, kept either way: whether it is itself deflated data.
    let head = Buffer.alloc(0);
    let total = 0;
    let done = false;
    const finish = (size: number) => {
      if (done) return;
      done = true;
      inflater.destroy();
      resolve(keep && size !== Infinity ? { size, head, bytes: Buffer.concat(chunks) } : { size, head });
    };
    inflater.on('data', (chunk: Buffer) => {
      if (head.length < 2) head = Buffer.concat([head, chunk.subarray(0, 2 - head.length)]);
      total += chunk.length;
      if (total > limit) return finish(Infinity);
      if (keep) chunks.push(chunk);
    });
    inflater.on('error', () => finish(total));
    inflater.on('end', () => finish(total));
    inflater.end(data);
  });
}

/** How many bytes `data` inflates to (see inflateCounted), or Infinity past `limit`. */
export async function inflatedSize(data: Uint8Array, format: 'zlib' | 'raw', limit: number): Promise<number> {
  return (await inflateCounted(data, format, limit)).size;
}
