import { randomBytes, randomFillSync } from 'node:crypto';

/** Row ids: 128 random bits as 32 lowercase hex characters, the shape the cloud's project and resource ids have. */
export function newId(): string {
  return randomBytes(16).toString('hex');
}

/** Random bytes drawn 8 KB at a time: one system call for hundreds of request and trace ids. */
const pool = Buffer.allocUnsafe(8192);
let poolOffset = pool.length;

/**
 * `bytes` random bytes as lowercase hex, from the pool: for ids made on every request (request ids, trace and span
 * ids), where a call to the kernel (or a UUID's formatting) per id costs more than the rest of the id's work.
 */
export function randomHex(bytes: number): string {
  if (poolOffset + bytes > pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  const hex = pool.toString('hex', poolOffset, poolOffset + bytes);
  poolOffset += bytes;
  return hex;
}
