// The thread one worker's guest runs in. The main thread can terminate it at the deadline,
// which is how a busy guest is interrupted in Node (CU-ABI-11). Messages to the main thread:
// {type:'post', kind, bytes}, {type:'log', stream, text}, {type:'started'} and {type:'done', ...}.
import { parentPort } from 'node:worker_threads';
import { openSync } from 'node:fs';
import { LogLines } from './log-lines.js';
import { clockPoll } from './clock-poll.js';

process.removeAllListeners('warning');
const { WASI } = await import('node:wasi');

const ENOSYS = 52;
const EBADF = 8;
const EFAULT = 21;
const port = /** @type {import('node:worker_threads').MessagePort} */ (parentPort);

class GuestExit {
  /** @param {number} code */
  constructor(code) {
    this.code = code;
  }
}

class InvalidGuestMessage extends Error {}

/** @type {{cu_alloc: Function, cu_on_message: Function, memory: WebAssembly.Memory}} */
let exports;
/** @type {LogLines[]} */
let logs = [];
let maxMessageBytes = 0;
/** Bytes posted to the main thread and not yet taken by it: a flooding guest waits instead of filling memory. @type {Int32Array} */
let inFlight = new Int32Array(1);
const IN_FLIGHT_LIMIT = 8 * 1024 * 1024;

/** @param {number} size */
function reserveInFlight(size) {
  while (Atomics.load(inFlight, 0) > IN_FLIGHT_LIMIT) Atomics.wait(inFlight, 0, Atomics.load(inFlight, 0), 50);
  Atomics.add(inFlight, 0, size);
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** @param {number} ptr @param {number} len @param {number} kind */
function postMessageImport(ptr, len, kind) {
  const start = ptr >>> 0;
  const length = len >>> 0;
  if (kind !== 0 && kind !== 1) throw new InvalidGuestMessage(`invalid message from guest: kind ${kind} is neither 0 (text) nor 1 (binary)`);
  if (start + length > exports.memory.buffer.byteLength) throw new InvalidGuestMessage(`invalid message from guest: [${start}, ${start + length}) lies outside the memory`);
  if (length > maxMessageBytes) throw new InvalidGuestMessage(`invalid message from guest: ${length} bytes, more than maxMessageBytes (${maxMessageBytes})`);
  const bytes = new Uint8Array(exports.memory.buffer, start, length).slice();
  if (kind === 0) {
    try {
      JSON.parse(strictUtf8.decode(bytes));
    } catch {
      throw new InvalidGuestMessage('invalid message from guest: a text message that is not UTF-8 JSON');
    }
  }
  reserveInFlight(bytes.length);
  port.postMessage({ type: 'post', kind, bytes }, [bytes.buffer]);
}

/**
 * fd_fdstat_get (spec 10.5, CU-ABI-19): fds 0-2 are character devices without fd_seek/fd_tell rights, so wasi-libc's
 * isatty sees a terminal and C stdio flushes stdout at each line; any other fd is EBADF (a guest has no files).
 * @param {number} fd @param {number} ptr
 */
function stdioFdstat(fd, ptr) {
  if (fd < 0 || fd > 2) return EBADF;
  if (ptr < 0 || ptr + 24 > exports.memory.buffer.byteLength) return EFAULT;
  const view = new DataView(exports.memory.buffer);
  for (let i = 0; i < 24; i += 4) view.setUint32(ptr + i, 0, true);
  view.setUint8(ptr, 2); // filetype character_device
  const rights = (fd === 0 ? 1n << 1n : 1n << 6n) | (1n << 27n); // fd_read or fd_write, and poll_fd_readwrite
  view.setBigUint64(ptr + 8, rights, true);
  return 0;
}

/** @param {{name: string, maxMessageBytes: number, logLineBytes: number, maxLogBytes: number, deadlineMs: number}} settings */
function confinedWasi(settings) {
  const devNull = openSync('/dev/null', 'r+');
  const wasi = new WASI({ version: 'preview1', args: [settings.name], env: {}, preopens: {}, stdin: devNull, stdout: devNull, stderr: devNull, returnOnExit: true });
  const budget = { remaining: settings.maxLogBytes };
  const emit = (/** @type {string} */ stream, /** @type {string} */ text) => {
    reserveInFlight(text.length);
    port.postMessage({ type: 'log', stream, text });
  };
  logs = [new LogLines('stdout', settings.logLineBytes, budget, emit), new LogLines('stderr', settings.logLineBytes, budget, emit)];
  /** @type {Record<string, Function>} */
  const imports = { ...wasi.wasiImport };
  const fdWrite = imports.fd_write;
  imports.fd_write = (/** @type {number} */ fd, /** @type {number} */ iovs, /** @type {number} */ count, /** @type {number} */ written) => {
    if (fd !== 1 && fd !== 2) return fdWrite(fd, iovs, count, written);
    const view = new DataView(exports.memory.buffer);
    let total = 0;
    for (let i = 0; i < count; i++) {
      const base = view.getUint32(iovs + i * 8, true);
      const length = view.getUint32(iovs + i * 8 + 4, true);
      logs[fd - 1].write(new Uint8Array(exports.memory.buffer, base, length));
      total += length;
    }
    view.setUint32(written, total, true);
    return 0;
  };
  imports.fd_fdstat_get = (/** @type {number} */ fd, /** @type {number} */ ptr) => stdioFdstat(fd, ptr);
  imports.proc_exit = (/** @type {number} */ code) => {
    throw new GuestExit(code >>> 0);
  };
  imports.proc_raise = () => ENOSYS;
  imports.poll_oneoff = clockPoll(() => exports.memory, imports.poll_oneoff, settings.deadlineMs + 1000);
  return { wasi, imports };
}

/** @param {() => void} call */
function run(call) {
  const started = performance.now();
  try {
    call();
    for (const log of logs) log.end();
    port.postMessage({ type: 'done', outcome: 'returned', memoryBytes: exports.memory.buffer.byteLength, ms: performance.now() - started });
  } catch (error) {
    for (const log of logs) log.end();
    const ms = performance.now() - started;
    if (error instanceof GuestExit) {
      port.postMessage({ type: 'done', outcome: 'exit', exitCode: error.code, ms });
    } else {
      const text = error instanceof Error ? error.message : String(error);
      const detail = error instanceof WebAssembly.RuntimeError ? `wasm trap: ${text}`
        : error instanceof RangeError ? `wasm trap: ${text} (call stack exhausted)` : text;
      port.postMessage({ type: 'done', outcome: 'trap', detail, ms });
    }
  }
}

port.on('message', (/** @type {any} */ request) => {
  if (request.type === 'start') {
    maxMessageBytes = request.maxMessageBytes;
    inFlight = new Int32Array(request.inFlight);
    const { wasi, imports } = confinedWasi(request);
    let instance;
    try {
      instance = new WebAssembly.Instance(request.module, { wasi_snapshot_preview1: imports, cu: { post_message: postMessageImport } });
    } catch (error) {
      port.postMessage({ type: 'done', outcome: 'link', detail: /** @type {Error} */ (error).message, ms: 0 });
      return;
    }
    exports = /** @type {any} */ (instance.exports);
    port.postMessage({ type: 'started' });
    // wasi.initialize calls _initialize when exported; a stand-in object keeps it from objecting to an exported _start.
    run(() => wasi.initialize({ exports: { memory: exports.memory, _initialize: instance.exports._initialize } }));
  } else if (request.type === 'deliver') {
    run(() => {
      const bytes = /** @type {Uint8Array} */ (request.bytes);
      const ptr = exports.cu_alloc(bytes.length) >>> 0;
      if (bytes.length > 0 && (ptr === 0 || ptr + bytes.length > exports.memory.buffer.byteLength)) {
        throw new InvalidGuestMessage(`cu_alloc(${bytes.length}) returned ${ptr}, which is not a region inside the memory`);
      }
      if (bytes.length > 0) new Uint8Array(exports.memory.buffer, ptr, bytes.length).set(bytes);
      exports.cu_on_message(ptr, bytes.length, request.kind);
    });
  }
});
