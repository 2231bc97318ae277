// Worker ids and tokens (CU-WRK-6): 256 random bits, base64url; compared in constant time (CU-SEC-3).
import { randomBytes, timingSafeEqual, createHash } from 'node:crypto';

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

/** A new worker id: 'w-' and 26 base32 characters (130 random bits). */
export function newWorkerId() {
  const bytes = randomBytes(26);
  let id = 'w-';
  for (const b of bytes) id += BASE32[b & 31];
  return id;
}

export function newToken() {
  return randomBytes(32).toString('base64url');
}

/**
 * Constant-time comparison; hashing first gives both sides the same length.
 * @param {string | null} given @param {string} expected
 */
export function tokensEqual(given, expected) {
  if (given === null) return false;
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}
