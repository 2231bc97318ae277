// What must survive a restart for CU-DESC-7 (descriptorVersion grows when a non-live member
// changes) and for the stable id: kept in --state-dir when one is given.
import { mkdirSync, readFileSync, writeFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { createHash, randomUUID } from 'node:crypto';

/**
 * @param {string | null} directory
 * @param {string} fallbackId the id to use without a state directory
 * @param {(id: string) => object} nonLive the descriptor without load and latency, for this id
 * @returns {{id: string, version: number}}
 */
export function loadDescriptorState(directory, fallbackId, nonLive) {
  if (directory === null) return { id: fallbackId, version: 1 };
  const file = join(directory, 'descriptor-state.json');
  /** @type {{id?: string, version?: number, digest?: string}} */
  let saved = {};
  try {
    saved = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    // First start, or an unreadable file: begin again with a new id.
  }
  const id = typeof saved.id === 'string' ? saved.id : randomUUID();
  const digest = createHash('sha256').update(JSON.stringify(nonLive(id))).digest('base64');
  const version = Number.isInteger(saved.version) ? /** @type {number} */ (saved.version) + (saved.digest === digest ? 0 : 1) : 1;
  mkdirSync(directory, { recursive: true });
  writeFileSync(`${file}.tmp`, JSON.stringify({ id, version, digest }));
  renameSync(`${file}.tmp`, file);
  return { id, version };
}
