// SRI metadata (spec section 6, "Integrity"): parse, pick the strongest algorithm, compare.
import { createHash } from 'node:crypto';

const DIGEST_BYTES = { sha256: 32, sha384: 48, sha512: 64 };
const STRENGTH = ['sha256', 'sha384', 'sha512'];

/** @typedef {{algorithm: 'sha256' | 'sha384' | 'sha512', digest: Buffer}} HashExpression */

/**
 * Parses SRI metadata; every expression must be sha256/384/512 with a digest of that length.
 * @param {unknown} text
 * @returns {HashExpression[] | null} null when the text is not such metadata (CU-PKG-1)
 */
export function parseIntegrity(text) {
  if (typeof text !== 'string') return null;
  const tokens = text.split(/[ \t]+/).filter((t) => t.length > 0);
  if (tokens.length === 0) return null;
  /** @type {HashExpression[]} */
  const expressions = [];
  for (const token of tokens) {
    const match = /^(sha256|sha384|sha512)-([A-Za-z0-9+/]+={0,2})(\?[\x21-\x7e]*)?$/.exec(token);
    if (!match) return null;
    const algorithm = /** @type {'sha256' | 'sha384' | 'sha512'} */ (match[1]);
    const digest = Buffer.from(match[2], 'base64');
    if (digest.length !== DIGEST_BYTES[algorithm] || digest.toString('base64') !== match[2]) return null;
    expressions.push({ algorithm, digest });
  }
  return expressions;
}

/**
 * True when the bytes match one expression of the strongest algorithm present (CU-PKG-2).
 * @param {Uint8Array} bytes
 * @param {HashExpression[]} expressions
 */
export function matchesIntegrity(bytes, expressions) {
  const strongest = STRENGTH.filter((a) => expressions.some((e) => e.algorithm === a)).at(-1);
  const digest = createHash(/** @type {string} */ (strongest)).update(bytes).digest();
  return expressions.some((e) => e.algorithm === strongest && e.digest.equals(digest));
}
