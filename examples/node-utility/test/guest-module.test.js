import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { readModuleShape } from '../src/wasm/module-reader.js';
import { checkReactorAbi } from '../src/wasm/abi-check.js';
import { capMemory } from '../src/wasm/memory-cap.js';

// The conformance suite's guest packages, built from src/Conformance/Packages/src.
const packages = new URL('../../../src/Conformance/Packages/', import.meta.url);
const module = (/** @type {string} */ name) => readFileSync(new URL(`${name}.wasm`, packages));
const wasi = new Set(['fd_write', 'fd_read', 'fd_close', 'fd_seek', 'fd_fdstat_get', 'fd_prestat_get', 'fd_prestat_dir_name', 'path_open',
  'proc_exit', 'args_get', 'args_sizes_get', 'environ_get', 'environ_sizes_get', 'clock_time_get', 'random_get']);

test('the probe is a cu1 reactor', () => {
  assert.deepEqual(checkReactorAbi(readModuleShape(module('probe')), wasi), []);
});

test('a missing export and a foreign import are named', () => {
  assert.match(checkReactorAbi(readModuleShape(module('no-on-message')), wasi).join(), /cu_on_message/);
  assert.match(checkReactorAbi(readModuleShape(module('foreign-import')), wasi).join(), /env\.open_socket/);
});

test('bytes that are not WebAssembly are refused by the reader', () => {
  assert.throws(() => readModuleShape(module('invalid')), RangeError);
});

test('after the cap, memory.grow past the limit returns -1 and growth within it works', async () => {
  const bytes = module('probe');
  const limitPages = 4;
  const capped = capMemory(bytes, readModuleShape(bytes), limitPages * 65536);
  assert.equal(readModuleShape(capped).memories[0].maximum, limitPages);
  const compiled = await WebAssembly.compile(capped);
  /** @type {Record<string, Record<string, Function>>} */
  const imports = {};
  for (const entry of WebAssembly.Module.imports(compiled)) (imports[entry.module] ??= {})[entry.name] = () => 0;
  const memory = /** @type {WebAssembly.Memory} */ ((await WebAssembly.instantiate(compiled, imports)).exports.memory);
  const start = memory.buffer.byteLength / 65536;
  assert.throws(() => memory.grow(limitPages - start + 1), RangeError);
  assert.equal(memory.grow(limitPages - start), start);
});
