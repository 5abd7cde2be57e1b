import { randomBytes } from 'node:crypto';

const day = 24 * 3600 * 1000;
const beijingOffset = 8 * 3600 * 1000;

/**
 * A job id in the cloud's form: "0", the Unix seconds of the day's Beijing midnight, "_" and 32 hex characters
 * (e.g. `01661356800_7c0fe871f80543358917e4faebca4a48`). Clients treat it as opaque; its shape is kept for those
 * that log or sort by it.
 */
export function newJobId(now = Date.now()): string {
  const midnight = Math.floor((now + beijingOffset) / day) * day - beijingOffset;
  return `0${Math.floor(midnight / 1000)}_${randomBytes(16).toString('hex')}`;
}
