import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, statSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { minimise, pagePartition, pressureOf, seesEverything, twoDigits } from '../src/descriptor/minimise.js';
import { OriginIds } from '../src/descriptor/origin-ids.js';

const full = {
  apiVersion: '1.0', id: 'full-id', name: 'studio', hardware: { cores: 6, memoryBytes: 15.5 * 2 ** 30, architecture: 'x64', os: 'linux', accelerators: [] },
  load: { pressure: 'fair', workers: 3, tasksRunning: 0, queuedMessages: 2, cpuUtilization: 0.41 },
  latency: { workerStartMs: { p50: 123.456, p99: 0.4567, samples: 9 }, messageMs: null, taskMs: null },
  limits: { maxWorkers: 64 },
};

test('a page on another origin sees no name, coarse hardware, the pressure state and rounded latency', () => {
  const seen = minimise(full, 'page-id');
  assert.equal(seen.id, 'page-id');
  assert.equal('name' in seen, false);
  assert.deepEqual(seen.hardware, { cores: 4, memoryBytes: 8 * 2 ** 30 });
  assert.deepEqual(seen.load, { pressure: 'fair' });
  assert.deepEqual(seen.latency, { workerStartMs: { p50: 120, p99: 0.46 }, messageMs: null, taskMs: null });
  assert.deepEqual(seen.limits, full.limits);
});

test('two origins get two ids, one origin the same id, and the id survives a restart with the state directory', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cu-node-ids-'));
  try {
    const ids = new OriginIds(dir);
    const a = ids.idFor(pagePartition('https://app.example'));
    assert.notEqual(a, ids.idFor(pagePartition('https://other.example')));
    assert.equal(ids.idFor(pagePartition('HTTPS://APP.EXAMPLE:443')), a);
    assert.match(a, /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(new OriginIds(dir).idFor(pagePartition('https://app.example')), a);
    assert.equal(statSync(join(dir, 'descriptor-secret')).mode & 0o777, 0o600);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('programs and the utility\'s own pages see everything; other pages do not', () => {
  const req = (/** @type {string | undefined} */ origin, host = '127.0.0.1:8470') => /** @type {any} */ ({ headers: { origin, host } });
  assert.equal(seesEverything(req(undefined)), true);
  assert.equal(seesEverything(req('http://127.0.0.1:8470')), true);
  assert.equal(seesEverything(req('https://app.example')), false);
  assert.equal(seesEverything(req('http://rebound.example:8470', 'rebound.example:8470')), false);
});

test('the pressure state follows the thresholds of the spec', () => {
  assert.equal(pressureOf(0.29, 0, 0, 64), 'nominal');
  assert.equal(pressureOf(0.3, 0, 0, 64), 'fair');
  assert.equal(pressureOf(0.6, 0, 0, 64), 'serious');
  assert.equal(pressureOf(0.9, 0, 0, 64), 'critical');
  assert.equal(pressureOf(0.1, 0, 64, 64), 'critical');
  assert.equal(twoDigits(0), 0);
});
