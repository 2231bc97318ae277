#!/usr/bin/env node
// node-wasi-run.mjs — benchmark peer: run a WASI preview1 command under
// Node's built-in node:wasi and time only the `_start` call.
//
//   node node-wasi-run.mjs [--repeat K] [--stdin FILE|-] module.wasm [args...]
//
// The module is compiled once (not timed); each of the K runs gets a fresh
// WASI and instance (not timed either) and then `_start` is timed with
// process.hrtime.bigint(). One JSON line per run on stdout:
//   {"ms":1.234,"exitCode":0,"stdout":"...","stderr":"..."}
// args seen by the guest: [basename of module without .wasm, ...args].
// stdin: empty unless --stdin FILE (re-read for every run) or --stdin - (the
// process stdin, read once and replayed). No preopens, no environment.
// A trap is reported as {"ms":…,"exitCode":null,"error":"…",…} and the
// process exits with status 1 after the remaining runs.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';

// node:wasi prints an ExperimentalWarning on load; keep stderr for real errors.
process.removeAllListeners('warning');
const { WASI } = await import('node:wasi');

function usage(message) {
  if (message) process.stderr.write(`node-wasi-run: ${message}\n`);
  process.stderr.write('usage: node node-wasi-run.mjs [--repeat K] [--stdin FILE|-] module.wasm [args...]\n');
  process.exit(2);
}

const argv = process.argv.slice(2);
let repeat = 1;
let stdinSource = null;
while (argv.length > 0 && argv[0].startsWith('--')) {
  const option = argv.shift();
  if (option === '--') break;
  if (option === '--repeat') {
    repeat = Number.parseInt(argv.shift() ?? '', 10);
    if (!Number.isInteger(repeat) || repeat < 1) usage('--repeat needs a positive integer');
  } else if (option === '--stdin') {
    stdinSource = argv.shift();
    if (stdinSource === undefined) usage('--stdin needs FILE or -');
  } else {
    usage(`unknown option ${option}`);
  }
}
const modulePath = argv.shift();
if (!modulePath) usage('no module given');
const guestArgs = argv;
const programName = path.basename(modulePath).replace(/\.wasm$/, '');

const module = await WebAssembly.compile(fs.readFileSync(modulePath));
if (!WebAssembly.Module.exports(module).some((e) => e.name === '_start' && e.kind === 'function')) {
  usage(`${modulePath} is not a WASI command (no _start export)`);
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'node-wasi-run-'));
let stdinBytes = Buffer.alloc(0);
if (stdinSource === '-') stdinBytes = fs.readFileSync(0);
else if (stdinSource !== null) stdinBytes = null; // re-read per run

let failed = false;
try {
  for (let run = 0; run < repeat; run++) {
    const inPath = path.join(tmp, `stdin-${run}`);
    const outPath = path.join(tmp, `stdout-${run}`);
    const errPath = path.join(tmp, `stderr-${run}`);
    fs.writeFileSync(inPath, stdinBytes ?? fs.readFileSync(stdinSource));
    const inFd = fs.openSync(inPath, 'r');
    const outFd = fs.openSync(outPath, 'w+');
    const errFd = fs.openSync(errPath, 'w+');
    const wasi = new WASI({
      version: 'preview1',
      args: [programName, ...guestArgs],
      env: {},
      preopens: {},
      stdin: inFd,
      stdout: outFd,
      stderr: errFd,
      returnOnExit: true,
    });
    const instance = await WebAssembly.instantiate(module, wasi.getImportObject());

    let exitCode = null;
    let error;
    const start = process.hrtime.bigint();
    try {
      exitCode = wasi.start(instance);
    } catch (e) {
      error = String(e && e.message ? e.message : e);
    }
    const ms = Number(process.hrtime.bigint() - start) / 1e6;

    for (const fd of [inFd, outFd, errFd]) fs.closeSync(fd);
    const result = {
      ms: Math.round(ms * 1000) / 1000,
      exitCode,
      stdout: fs.readFileSync(outPath, 'utf8'),
      stderr: fs.readFileSync(errPath, 'utf8'),
    };
    if (error !== undefined) {
      result.error = error;
      failed = true;
    }
    process.stdout.write(JSON.stringify(result) + '\n');
    for (const p of [inPath, outPath, errPath]) fs.rmSync(p, { force: true });
  }
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
process.exitCode = failed ? 1 : 0;
