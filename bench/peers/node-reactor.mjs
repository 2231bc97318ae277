#!/usr/bin/env node
// node-reactor.mjs — a minimal host of the Compute Utility guest ABI "cu1"
// in Node: instantiates a WASI preview1 reactor with node:wasi plus the
// import cu.post_message, delivers messages, prints what the guest answers.
// Used to sanity-check example workers and as a benchmark peer.
//
//   node node-reactor.mjs [--repeat K] [--quiet] [--name NAME] module.wasm MESSAGE...
//
// MESSAGE is JSON text (sent as kind 0, must parse), or hex:<hex digits> or
// base64:<data> (sent as kind 1). The list is sent K times (default 1).
// Output, one JSON object per line on stdout:
//   {"type":"message","in":n,"data":<JSON value>}    guest posted kind 0
//   {"type":"binary","in":n,"base64":"..."}          guest posted kind 1
//   {"type":"log","stream":"stdout"|"stderr","text":"..."}   a guest output line
//   {"type":"done","in":n,"ms":x}      message n handled (cu_alloc + copy + cu_on_message)
//   {"type":"error","in":n,"detail":"..."}   trap / ABI violation; exit status 1
//   {"type":"exit","reason":"proc-exit"}     guest called proc_exit; exit status 3
// --quiet prints only "done", "error" and "exit" lines.
// Per the ABI: args = [NAME] (default: module file name without .wasm), no
// environment, no preopens, empty stdin; _initialize is called once.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';

process.removeAllListeners('warning'); // node:wasi's ExperimentalWarning
const { WASI } = await import('node:wasi');

function usage(message) {
  if (message) process.stderr.write(`node-reactor: ${message}\n`);
  process.stderr.write('usage: node node-reactor.mjs [--repeat K] [--quiet] [--name NAME] module.wasm MESSAGE...\n');
  process.exit(2);
}

const argv = process.argv.slice(2);
let repeat = 1;
let quiet = false;
let name = null;
while (argv.length > 0 && argv[0].startsWith('--')) {
  const option = argv.shift();
  if (option === '--') break;
  if (option === '--repeat') {
    repeat = Number.parseInt(argv.shift() ?? '', 10);
    if (!Number.isInteger(repeat) || repeat < 1) usage('--repeat needs a positive integer');
  } else if (option === '--quiet') {
    quiet = true;
  } else if (option === '--name') {
    name = argv.shift();
    if (!name) usage('--name needs a value');
  } else {
    usage(`unknown option ${option}`);
  }
}
const modulePath = argv.shift();
if (!modulePath) usage('no module given');
name ??= path.basename(modulePath).replace(/\.wasm$/, '');

const messages = argv.map((text) => {
  if (text.startsWith('hex:')) {
    const hex = text.slice(4);
    if (!/^([0-9a-fA-F]{2})*$/.test(hex)) usage(`bad hex message ${text}`);
    return { kind: 1, bytes: Buffer.from(hex, 'hex') };
  }
  if (text.startsWith('base64:')) return { kind: 1, bytes: Buffer.from(text.slice(7), 'base64') };
  try {
    JSON.parse(text);
  } catch {
    usage(`not JSON (prefix binary messages with hex: or base64:): ${text}`);
  }
  return { kind: 0, bytes: Buffer.from(text, 'utf8') };
});

function emit(object) {
  if (quiet && !['done', 'error', 'exit'].includes(object.type)) return;
  process.stdout.write(JSON.stringify(object) + '\n');
}

// ---- module and ABI checks ----
const module = await WebAssembly.compile(fs.readFileSync(modulePath));
const exportKinds = new Map(WebAssembly.Module.exports(module).map((e) => [e.name, e.kind]));
for (const [exportName, kind] of [['memory', 'memory'], ['cu_alloc', 'function'], ['cu_on_message', 'function']]) {
  if (exportKinds.get(exportName) !== kind) {
    emit({ type: 'error', in: 0, detail: `abi-mismatch: missing ${kind} export ${exportName}` });
    process.exit(1);
  }
}
for (const imp of WebAssembly.Module.imports(module)) {
  const allowed = imp.module === 'wasi_snapshot_preview1' || (imp.module === 'cu' && imp.name === 'post_message');
  if (!allowed) {
    emit({ type: 'error', in: 0, detail: `abi-mismatch: unsupported import ${imp.module}.${imp.name}` });
    process.exit(1);
  }
}

// ---- WASI with captured output ----
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'node-reactor-'));
const fds = {
  stdin: fs.openSync(path.join(tmp, 'stdin'), 'w+'),
  stdout: fs.openSync(path.join(tmp, 'stdout'), 'w+'),
  stderr: fs.openSync(path.join(tmp, 'stderr'), 'w+'),
};
const logState = { stdout: { offset: 0, pending: '' }, stderr: { offset: 0, pending: '' } };
const decoder = new TextDecoder();

function drainLogs(final = false) {
  for (const stream of ['stdout', 'stderr']) {
    const state = logState[stream];
    const size = fs.fstatSync(fds[stream]).size;
    if (size > state.offset) {
      const chunk = Buffer.alloc(size - state.offset);
      fs.readSync(fds[stream], chunk, 0, chunk.length, state.offset);
      state.offset = size;
      state.pending += decoder.decode(chunk);
    }
    const lines = state.pending.split('\n');
    state.pending = lines.pop();
    for (const line of lines) emit({ type: 'log', stream, text: line });
    if (final && state.pending !== '') {
      emit({ type: 'log', stream, text: state.pending });
      state.pending = '';
    }
  }
}

function cleanup() {
  for (const fd of Object.values(fds)) fs.closeSync(fd);
  fs.rmSync(tmp, { recursive: true, force: true });
}

const wasi = new WASI({
  version: 'preview1',
  args: [name],
  env: {},
  preopens: {},
  stdin: fds.stdin,
  stdout: fds.stdout,
  stderr: fds.stderr,
  returnOnExit: true,
});

let instance;
let current = 0; // number of the message being handled (0 = _initialize)
const utf8 = new TextDecoder('utf-8', { fatal: true });

function memoryBytes() {
  return new Uint8Array(instance.exports.memory.buffer);
}

function postMessage(ptr, len, kind) {
  drainLogs(); // output written before the reply comes first
  ptr >>>= 0;
  len >>>= 0;
  const memory = memoryBytes();
  if (ptr + len > memory.length) throw new Error('post_message: out of bounds');
  const bytes = Buffer.from(memory.slice(ptr, ptr + len)); // copy now, per the ABI
  if (kind === 0) {
    let value;
    try {
      value = JSON.parse(utf8.decode(bytes));
    } catch {
      throw new Error('invalid message from guest: kind 0 data is not UTF-8 JSON');
    }
    emit({ type: 'message', in: current, data: value });
  } else if (kind === 1) {
    emit({ type: 'binary', in: current, base64: bytes.toString('base64') });
  } else {
    throw new Error(`invalid message from guest: kind ${kind}`);
  }
}

function fail(error) {
  drainLogs(true);
  if (typeof error === 'symbol') {
    // node:wasi with returnOnExit throws a private symbol for proc_exit
    emit({ type: 'exit', reason: 'proc-exit' });
    cleanup();
    process.exit(3);
  }
  emit({ type: 'error', in: current, detail: String(error && error.message ? error.message : error) });
  cleanup();
  process.exit(1);
}

try {
  instance = await WebAssembly.instantiate(module, {
    ...wasi.getImportObject(),
    cu: { post_message: postMessage },
  });
  wasi.initialize(instance); // calls _initialize when exported
} catch (error) {
  fail(error);
}
drainLogs();

const { cu_alloc: cuAlloc, cu_on_message: cuOnMessage } = instance.exports;
for (let round = 0; round < repeat; round++) {
  for (const message of messages) {
    current++;
    const start = process.hrtime.bigint();
    try {
      const ptr = cuAlloc(message.bytes.length) >>> 0;
      const memory = memoryBytes(); // after cu_alloc: memory may have grown
      if ((ptr === 0 && message.bytes.length > 0) || ptr + message.bytes.length > memory.length) {
        throw new Error(`cu_alloc returned an unusable pointer ${ptr}`);
      }
      memory.set(message.bytes, ptr);
      cuOnMessage(ptr, message.bytes.length, message.kind);
    } catch (error) {
      fail(error);
    }
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    drainLogs();
    emit({ type: 'done', in: current, ms: Math.round(ms * 1000) / 1000 });
  }
}
drainLogs(true);
cleanup();
