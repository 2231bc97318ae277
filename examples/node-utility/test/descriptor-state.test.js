import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDescriptorState } from '../src/descriptor/descriptor-state.js';

test('descriptorVersion stays across restarts with the same configuration and grows when it changes; the id stays', () => {
  const directory = mkdtempSync(join(tmpdir(), 'cu-node-state-'));
  try {
    const first = loadDescriptorState(directory, 'unused', (id) => ({ id, limits: { maxWorkers: 64 } }));
    const same = loadDescriptorState(directory, 'unused', (id) => ({ id, limits: { maxWorkers: 64 } }));
    const changed = loadDescriptorState(directory, 'unused', (id) => ({ id, limits: { maxWorkers: 3 } }));
    assert.deepEqual([first.version, same.version, changed.version], [1, 1, 2]);
    assert.equal(changed.id, first.id);
    assert.match(first.id, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
});

test('without a state directory the given id and version 1 are used', () => {
  assert.deepEqual(loadDescriptorState(null, 'fixed', () => ({})), { id: 'fixed', version: 1 });
});
