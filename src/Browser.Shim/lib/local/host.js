// The local worker: a cu1 host (spec 10.2–10.5) for one module, run by LocalSession as a module worker. It answers
// the page's 'start', 'message' and 'snapshot' requests in turn and posts the worker's events numbered as a utility
// numbers them (spec 9.2).

import { parseSnapshot, writeSnapshot } from '../snapshot-format.js';
import { exportedMutableGlobals, readGlobalBits, writeGlobalBits } from './wasm-globals.js';
import { fallback, ProcExit, wasiPreview1 } from './wasi-preview1.js';

const MAX_MESSAGE_BYTES = 1048576;
const LINE_CAP = 8192;
const PROBLEM = 'urn:compute-utility:problem:';
class GuestTrap extends Error {}

/** The worker's global scope, as far as the host uses it. */
const scope = /** @type {{postMessage(message: unknown, transfer?: Transferable[]): void, onmessage: ((event: MessageEvent) => void) | null}} */ (
  /** @type {unknown} */ (globalThis));

/** @type {any} the instance's exports: memory, cu_alloc and cu_on_message checked at start, the globals by name */
let guest = null;
let name = 'worker';
/** @type {{url: string, integrity: string, name?: string, version?: string, moduleIntegrity: string} | null} the snapshot header's package */
let pkg = null;
/** @type {Array<{name: string, type: string}>} */
let mutableGlobals = [];
let ended = false;
// Numbered as a utility numbers them (spec 9.2), so fail-over and moves can tell replies apart.
let lastEventId = 0;
let lastDelivered = 0;
/** @type {(event: object, transfer?: Transferable[]) => void} */
const emit = (event, transfer) => scope.postMessage({ ...event, id: ++lastEventId }, transfer ?? []);
/** @type {Record<number, number[]>} the bytes of each stream's unfinished line */
const pendingLines = { 1: [], 2: [] };
const view = () => new DataView(guest.memory.buffer);
/** @type {(ptr: number, len: number) => Uint8Array<ArrayBuffer>} */
const bytesAt = (ptr, len) => {
  if (ptr + len > guest.memory.buffer.byteLength) throw new GuestTrap('a region outside the memory');
  return new Uint8Array(guest.memory.buffer, ptr, len);
};

/**
 * @param {number} fd
 * @param {number[]} bytes
 */
function emitLine(fd, bytes) {
  const text = new TextDecoder().decode(new Uint8Array(bytes.slice(0, LINE_CAP))).replace(/\r$/, '');
  emit({ type: 'log', stream: fd === 1 ? 'stdout' : 'stderr', text });
}

/**
 * @param {number} fd
 * @param {Uint8Array} chunk
 */
function write(fd, chunk) {
  const pending = pendingLines[fd];
  for (const byte of chunk) {
    if (byte === 10) emitLine(fd, pending.splice(0));
    else pending.push(byte);
  }
}

function flushLines() {
  for (const fd of [1, 2]) if (pendingLines[fd].length > 0) emitLine(fd, pendingLines[fd].splice(0));
}

const wasi = wasiPreview1({ view, bytesAt, write, name: () => name });

/**
 * The guest's cu.post_message (spec 10.3): a message of kind 0 (JSON text) or 1 (bytes) at ptr, len.
 * @param {number} ptr
 * @param {number} len
 * @param {number} kind
 */
function postFromGuest(ptr, len, kind) {
  ptr >>>= 0; len >>>= 0;
  if (kind !== 0 && kind !== 1) throw new GuestTrap(`invalid message from guest: kind ${kind}`);
  if (len > MAX_MESSAGE_BYTES) throw new GuestTrap(`invalid message from guest: ${len} bytes`);
  const copy = bytesAt(ptr, len).slice();
  if (kind === 0) {
    let text;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(copy);
      JSON.parse(text);
    } catch {
      throw new GuestTrap('invalid message from guest: kind 0 bytes are not UTF-8 JSON');
    }
    emit({ type: 'message', kind, payload: text });
  } else {
    emit({ type: 'message', kind, payload: copy.buffer }, [copy.buffer]);
  }
}

/**
 * Calls into the guest; an exit or a trap ends the worker and is reported. Returns whether it returned normally.
 * @param {() => void} fn
 */
function guestCall(fn) {
  try {
    fn();
    flushLines();
    return true;
  } catch (error) {
    flushLines();
    ended = true;
    if (error instanceof ProcExit) {
      emit({ type: 'exit', detail: { reason: 'proc-exit', exitCode: error.code } });
    } else {
      const problem = { type: `${PROBLEM}guest-trap`, title: 'The guest trapped', status: 422, detail: String(/** @type {Error} */ (error)?.message ?? error) };
      emit({ type: 'error', problem });
      emit({ type: 'exit', detail: { reason: 'failed' } });
    }
    return false;
  }
}

/**
 * Compiles and instantiates the module with the cu1 imports, then initializes it or restores `snapshot` (spec 13.4).
 * @param {{name: string, bytes: ArrayBuffer, snapshot?: ArrayBuffer, package: NonNullable<typeof pkg>}} request
 */
async function start({ name: packageName, bytes, snapshot, package: packageInfo }) {
  name = packageName;
  pkg = packageInfo;
  const compiled = await WebAssembly.compile(bytes);
  mutableGlobals = exportedMutableGlobals(bytes);
  /** @type {{cu: Record<string, Function>, wasi_snapshot_preview1: Record<string, Function>}} */
  const imports = { cu: {}, wasi_snapshot_preview1: {} };
  for (const entry of WebAssembly.Module.imports(compiled)) {
    if (entry.module === 'cu' && entry.name === 'post_message') imports.cu.post_message = postFromGuest;
    else if (entry.module === 'wasi_snapshot_preview1') imports.wasi_snapshot_preview1[entry.name] = wasi[entry.name] ?? (() => fallback(entry.name));
    else throw new Error(`abi-mismatch: the module imports ${entry.module}.${entry.name}`);
  }
  const instance = await WebAssembly.instantiate(compiled, imports);
  guest = instance.exports;
  if (!(guest.memory instanceof WebAssembly.Memory) || typeof guest.cu_alloc !== 'function' || typeof guest.cu_on_message !== 'function') {
    throw new Error('abi-mismatch: the module must export memory, cu_alloc and cu_on_message');
  }
  if (snapshot) {
    // Spec 13.4 step 5: no _initialize; the memory, the globals, then the undelivered messages.
    const pending = restore(snapshot);
    scope.postMessage({ type: 'ready' });
    for (const message of pending) deliver(message);
    return;
  }
  if (typeof guest._initialize === 'function' && !guestCall(() => guest._initialize())) return;
  scope.postMessage({ type: 'ready' });
}

/**
 * Writes the snapshot's memory and globals into the new instance; returns its undelivered messages.
 * @param {ArrayBuffer} snapshotBytes
 */
function restore(snapshotBytes) {
  const snapshot = parseSnapshot(snapshotBytes);
  const memory = guest.memory;
  const size = snapshot.memoryBytes;
  if (size < memory.buffer.byteLength) throw new Error('invalid-module: the snapshot memory is smaller than the module\'s initial memory');
  if (size > memory.buffer.byteLength) memory.grow((size - memory.buffer.byteLength) / 65536);
  const target = new Uint8Array(memory.buffer);
  target.fill(0); // a page without a record is all zero, data segments included
  const source = new Uint8Array(snapshotBytes);
  for (const { index, offset } of snapshot.pages) target.set(source.subarray(offset, offset + 65536), index * 65536);
  const mutable = new Map(mutableGlobals.map((g) => [g.name, g.type]));
  for (const { name: globalName, type, bits } of snapshot.header.globals ?? []) {
    if (mutable.get(globalName) !== type) throw new Error(`abi-mismatch: the module exports no mutable ${type} global '${globalName}'`);
    writeGlobalBits(guest[globalName], type, bits);
  }
  lastDelivered = snapshot.header.coversMessagesThrough ?? 0;
  return snapshot.pending;
}

function takeSnapshot() {
  const globals = mutableGlobals.map(({ name: globalName, type }) => ({
    name: globalName, type, bits: readGlobalBits(guest[globalName], type),
  }));
  const header = {
    format: 'cu-snapshot-1',
    abi: 'cu1',
    package: pkg,
    createdAt: new Date().toISOString(),
    coversMessagesThrough: lastDelivered,
    coversEventsThrough: lastEventId,
    globals,
  };
  return { bytes: writeSnapshot(header, new Uint8Array(guest.memory.buffer), []), coversMessagesThrough: lastDelivered, coversEventsThrough: lastEventId };
}

/** @param {{kind: number, payload: ArrayBuffer | Uint8Array, sequence?: number}} message delivered to cu_on_message */
function deliver({ kind, payload, sequence }) {
  if (ended) return;
  lastDelivered = sequence ?? lastDelivered + 1;
  const bytes = new Uint8Array(payload);
  guestCall(() => {
    const ptr = guest.cu_alloc(bytes.length) >>> 0;
    if (bytes.length > 0 && (ptr === 0 || ptr + bytes.length > guest.memory.buffer.byteLength)) {
      throw new GuestTrap('cu_alloc returned an invalid region');
    }
    bytesAt(ptr, bytes.length).set(bytes);
    guest.cu_on_message(ptr, bytes.length, kind);
  });
}

scope.onmessage = ({ data }) => {
  if (data.type === 'message') deliver(data);
  else if (data.type === 'snapshot') {
    // Handled in turn with the messages, so it falls between two of them (spec 13.1).
    try {
      if (ended) throw new Error('the worker has ended');
      const { bytes, coversMessagesThrough, coversEventsThrough } = takeSnapshot();
      scope.postMessage({ type: 'snapshot', request: data.request, bytes, coversMessagesThrough, coversEventsThrough }, [bytes]);
    } catch (error) {
      scope.postMessage({ type: 'snapshot', request: data.request, error: String(/** @type {Error} */ (error)?.message ?? error) });
    }
  } else if (data.type === 'start') {
    start(data).catch((error) => scope.postMessage({
      type: 'error', problem: { type: `${PROBLEM}abi-mismatch`, title: 'The module cannot run here', status: 422, detail: error.message },
    }));
  }
};
