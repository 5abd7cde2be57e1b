import { hmacSha256, safeEqual } from './crypto.js';

/**
 * Tokens are self-contained and signed (HMAC-SHA256 with a key derived from the master key), so the gateway verifies
 * them without a database hit and they stay valid across restarts and across instances sharing the master key.
 */
export interface TokenClaims {
  /** user id, user name, account (domain) id and name */
  uid: string;
  un: string;
  did: string;
  dn: string;
  /** project id and name; absent for a domain-scoped token */
  pid?: string;
  pn?: string;
  /** issued-at and expiry, epoch seconds */
  iat: number;
  exp: number;
  /** token id (for revoking one token) and issued-at in epoch ms (for revoking all earlier ones) */
  jti?: string;
  iam?: number;
  /** How the user proved itself: ['password'], or ['token'] for a token rescoped from another; absent: password. */
  am?: string[];
}

export type TokenCheck =
  { ok: true; claims: TokenClaims } | { ok: false; reason: 'malformed' | 'signature' | 'expired' };

const prefix = 'MIIT';

export function signToken(key: Buffer, claims: TokenClaims): string {
  const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
  return `${prefix}${payload}.${hmacSha256(key, payload).toString('base64url')}`;
}

export function verifyToken(key: Buffer, token: string, nowSeconds = Math.floor(Date.now() / 1000)): TokenCheck {
  if (!token.startsWith(prefix)) return { ok: false, reason: 'malformed' };
  const dot = token.indexOf('.');
  if (dot < 0 || token.indexOf('.', dot + 1) >= 0) return { ok: false, reason: 'malformed' };
  const payload = token.slice(prefix.length, dot);
  // The signature is compared as text in its one canonical encoding: trailing characters or unused bits that a
  // lenient base64 decoder would ignore make another string, and so a token that is not ours.
  const signature = token.slice(dot + 1);
  let claims: TokenClaims;
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (
    typeof claims !== 'object' ||
    claims === null ||
    typeof claims.exp !== 'number' ||
    typeof claims.uid !== 'string'
  ) {
    return { ok: false, reason: 'malformed' };
  }
  if (!safeEqual(signature, hmacSha256(key, payload).toString('base64url'))) return { ok: false, reason: 'signature' };
  if (claims.exp <= nowSeconds) return { ok: false, reason: 'expired' };
  return { ok: true, claims };
}
