// The id a page on another origin sees (spec 5.1, CU-DESC-12): HMAC-SHA256 of a secret and the
// serialised origin, formatted as a version 8 UUID. The secret is kept in --state-dir (mode 0600)
// so an origin keeps its id across restarts; without a state directory it lasts as long as the process.
import { createHmac, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';

export class OriginIds {
  /** @param {string | null} directory */
  constructor(directory) {
    this.secret = directory === null ? randomBytes(32) : loadOrCreate(join(directory, 'descriptor-secret'));
  }

  /** @param {string} partition the serialised page origin */
  idFor(partition) {
    const bytes = createHmac('sha256', this.secret).update(partition).digest().subarray(0, 16);
    bytes[6] = (bytes[6] & 0x0f) | 0x80; // version 8: bits the maker defines
    bytes[8] = (bytes[8] & 0x3f) | 0x80; // variant 10
    const hex = bytes.toString('hex');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }
}

/** @param {string} file */
function loadOrCreate(file) {
  try {
    const text = readFileSync(file, 'utf8').trim();
    if (/^[0-9a-f]{64}$/.test(text)) return Buffer.from(text, 'hex');
  } catch {
    // First start: make one.
  }
  const secret = randomBytes(32);
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(`${file}.tmp`, secret.toString('hex'), { mode: 0o600 });
  renameSync(`${file}.tmp`, file);
  return secret;
}
