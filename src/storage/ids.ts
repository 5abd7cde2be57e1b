import { randomBytes } from 'node:crypto';

/** Row ids: 128 random bits as 32 lowercase hex characters, the shape the cloud's project and resource ids have. */
export function newId(): string {
  return randomBytes(16).toString('hex');
}
