import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validateManifest } from '../src/packages/manifest.js';

const integrity = `sha256-${Buffer.alloc(32).toString('base64')}`;
const reactor = { name: 'echo', version: '1.0.0', kind: 'reactor', abi: 'cu1', module: { url: 'echo.wasm', integrity } };

test('a reactor manifest with x- extensions is valid', () => {
  assert.deepEqual(validateManifest({ ...reactor, 'x-vendor': { any: 1 }, memory: { maximumBytes: 65536 } }), []);
});

test('the core is closed: an unknown member is an error', () => {
  assert.equal(validateManifest({ ...reactor, extra: true }).length, 1);
  assert.equal(validateManifest({ ...reactor, module: { ...reactor.module, sha: 'x' } }).length, 1);
});

test('a reactor needs abi and a command must not have one', () => {
  assert.equal(validateManifest({ ...reactor, abi: undefined }).length, 1);
  assert.equal(validateManifest({ ...reactor, kind: 'command' }).length, 1);
});

test('every error is reported, not only the first', () => {
  assert.equal(validateManifest({ name: 'Not A Name!', version: '1', kind: 'reactor', abi: 'cu1' }).length, 2);
});
