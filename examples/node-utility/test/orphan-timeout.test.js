import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseOptions } from '../src/options.js';

test('the orphan timeout is 30 s, or the idle timeout when that is shorter, unless given (CU-WRK-17)', () => {
  assert.equal(parseOptions([]).limits.orphanTimeoutSeconds, 30);
  assert.equal(parseOptions(['--idle-timeout-seconds', '5']).limits.orphanTimeoutSeconds, 5);
  assert.equal(parseOptions(['--orphan-timeout-seconds', '7']).limits.orphanTimeoutSeconds, 7);
  assert.equal(parseOptions(['--limit', 'orphanTimeoutSeconds=9']).limits.orphanTimeoutSeconds, 9);
});

test('an orphan timeout longer than the idle timeout is refused at start', () => {
  assert.throws(() => parseOptions(['--idle-timeout-seconds', '5', '--orphan-timeout-seconds', '6']), /orphanTimeoutSeconds must be at most idleTimeoutSeconds/);
});
