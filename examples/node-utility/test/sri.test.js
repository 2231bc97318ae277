import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { parseIntegrity, matchesIntegrity } from '../src/packages/sri.js';

const bytes = Buffer.from('{"name":"probe"}');
const sri = (/** @type {string} */ algorithm, /** @type {Buffer} */ content = bytes) =>
  `${algorithm}-${createHash(algorithm).update(content).digest('base64')}`;

test('metadata of sha256, sha384 and sha512 with full-length digests parses', () => {
  for (const algorithm of ['sha256', 'sha384', 'sha512']) assert.equal(parseIntegrity(sri(algorithm))?.length, 1);
});

test('an option suffix is accepted and ignored', () => {
  assert.ok(matchesIntegrity(bytes, /** @type {any} */ (parseIntegrity(`${sri('sha256')}?ct=application/json`))));
});

test('unknown algorithms, short digests and digests of another length are refused', () => {
  for (const text of ['', 'md5-AAAA', 'sha256-tooshort', `sha512-${Buffer.alloc(32).toString('base64')}`, `${sri('sha256')} md5-AAAA`, 42]) {
    assert.equal(parseIntegrity(text), null, String(text));
  }
});

test('only the strongest algorithm present counts', () => {
  const wrong512 = `sha512-${Buffer.alloc(64).toString('base64')}`;
  assert.equal(matchesIntegrity(bytes, /** @type {any} */ (parseIntegrity(`${sri('sha256')} ${wrong512}`))), false);
  const wrong256 = `sha256-${Buffer.alloc(32).toString('base64')}`;
  assert.equal(matchesIntegrity(bytes, /** @type {any} */ (parseIntegrity(`${wrong256} ${sri('sha512')}`))), true);
});
