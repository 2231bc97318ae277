// distributed-worker.js — DistributedWorker for web pages: a Web Worker whose thread may run on a
// compute utility nearby (spec/compute-utility.md) or, when none is worth it, in this browser.
//
//   import { DistributedWorker } from './distributed-worker.js';
//   const worker = new DistributedWorker('/app/echo/manifest.json', {
//     integrity: 'sha256-…', utility: 'http://127.0.0.1:8470', placement: 'auto' });
//   worker.onmessage = (e) => console.log(e.data, worker.placement, worker.placementReason);
//   worker.postMessage({ hello: 'worker' });
//
// One file, no build step, no dependencies: the local fallback's Web Worker is made from the
// source of localWorkerMain below, so the file works when copied anywhere.

const KIND_TEXT = 0;
const KIND_BINARY = 1;
const PROBLEM = 'urn:compute-utility:problem:';
const WELL_KNOWN = '/.well-known/compute-utility';
const DEFAULTS = Object.freeze({
  placement: 'auto',
  /** How long a utility may take to answer its descriptor before it counts as absent. */
  timeoutMs: 2000,
  /** Without a probe or an estimate, use a utility only when its round trip is at most this. */
  maxRoundTripMs: 20,
  /** Runs of the probe message per place; the fastest counts (the first warms the compilers up). */
  probeRuns: 2,
  /** What a millisecond of this device's CPU costs against one of a utility's: above 1 on a phone on battery. */
  localWeight: 1,
  /** Mirror the worker's stdout and stderr lines to the console as well as 'log' events. */
  logToConsole: true,
});

/**
 * A Web-Worker-like object whose WebAssembly worker (a cu1 package) runs on a compute utility or
 * locally. Events: `message`, `error`, `log` (detail `{stream, text}`), `placement` (detail
 * `{placement, reason, utility}`), `failover` and `exit` (detail `{reason, exitCode?}`).
 */
export class DistributedWorker extends EventTarget {
  /** @type {'pending' | 'remote' | 'local' | 'ended'} */
  placement = 'pending';
  /** Why the worker runs where it runs, in a sentence. */
  placementReason = '';
  /** @type {string | null} The utility the worker runs on, when remote. */
  utility = null;
  /** @type {CandidateReport[]} What placement learned about each place it considered. */
  candidates = [];
  /** @type {Promise<{placement: string, reason: string, utility: string | null}>} */
  ready;

  #manifestUrl;
  #options;
  #session = null;
  #pending = [];
  #terminated = false;
  #failed = new Set();
  #handlers = new Map();

  /**
   * @param {string | URL} manifestUrl the package manifest, relative to the page or absolute
   * @param {DistributedWorkerOptions} options
   */
  constructor(manifestUrl, options) {
    super();
    if (!options || typeof options.integrity !== 'string') {
      throw new TypeError('DistributedWorker: options.integrity (the manifest\'s sha256-… digest) is required');
    }
    const placement = options.placement ?? DEFAULTS.placement;
    if (!['auto', 'remote', 'local'].includes(placement)) {
      throw new TypeError(`DistributedWorker: placement must be 'auto', 'remote' or 'local', not '${placement}'`);
    }
    this.#manifestUrl = new URL(manifestUrl, globalThis.location?.href).href;
    const utilities = [options.utility ?? []].flat().map((u) => new URL(u, globalThis.location?.href).origin);
    this.#options = { ...DEFAULTS, ...options, placement, utilities };
    this.ready = this.#place(utilities, 'start');
    this.ready.catch(() => {});
  }

  /** @param {((event: MessageEvent) => void) | null} handler */
  set onmessage(handler) { this.#setHandler('message', handler); }
  get onmessage() { return this.#handlers.get('message') ?? null; }
  /** @param {((event: ErrorEvent) => void) | null} handler */
  set onerror(handler) { this.#setHandler('error', handler); }
  get onerror() { return this.#handlers.get('error') ?? null; }

  /**
   * Sends one message: an ArrayBuffer or a typed array/DataView goes as binary (its bytes are
   * copied now); anything else must be JSON-compatible and goes as JSON text.
   * @param {unknown} data
   */
  postMessage(data) {
    if (this.#terminated) return;
    const message = encode(data);
    if (this.#session?.open) this.#session.send(message);
    else this.#pending.push(message);
  }

  /** Ends the worker at once, wherever it runs. */
  terminate() {
    if (this.#terminated) return;
    this.#terminated = true;
    this.placement = 'ended';
    this.#pending = [];
    this.#session?.close();
    this.#session = null;
  }

  #setHandler(type, handler) {
    const old = this.#handlers.get(type);
    if (old) this.removeEventListener(type, old);
    this.#handlers.delete(type);
    if (typeof handler === 'function') {
      this.#handlers.set(type, handler);
      this.addEventListener(type, handler);
    }
  }

  /** Chooses a place, starts the worker there and flushes the messages posted meanwhile. */
  async #place(utilities, why) {
    const options = this.#options;
    const usable = utilities.filter((u) => !this.#failed.has(u));
    const allowLocal = options.placement !== 'remote';
    let decision;
    try {
      decision = options.placement === 'local'
        ? { placement: 'local', utility: null, reason: "placement 'local' was asked for", candidates: [] }
        : await choosePlacement(this.#manifestUrl, options, usable, allowLocal);
      this.candidates = decision.candidates;
      if (this.#terminated) return this.#decisionSummary();
      this.#session = await this.#start(decision);
    } catch (error) {
      if (decision?.placement === 'remote' && allowLocal && !this.#terminated) {
        // The chosen utility refused or broke while starting: the page still gets its worker.
        this.#failed.add(decision.utility);
        decision = { placement: 'local', utility: null, reason: `${decision.utility} could not start the worker (${error.message}); running locally instead` };
        this.#session = await this.#start(decision).catch((e) => this.#fail(e));
      } else {
        this.#fail(error);
      }
      if (!this.#session) throw error;
    }
    if (this.#terminated) {
      this.#session.close();
      return this.#decisionSummary();
    }
    this.placement = decision.placement;
    this.utility = decision.utility;
    this.placementReason = decision.reason;
    for (const message of this.#pending.splice(0)) this.#session.send(message);
    if (why === 'start') this.#emit('placement', this.#decisionSummary());
    return this.#decisionSummary();
  }

  #decisionSummary() {
    return { placement: this.placement, reason: this.placementReason, utility: this.utility };
  }

  #start(decision) {
    const sink = {
      message: (kind, payload) => {
        this.dispatchEvent(new MessageEvent('message', { data: kind === KIND_TEXT ? JSON.parse(payload) : payload }));
      },
      log: (stream, text) => {
        if (this.#options.logToConsole) (stream === 'stderr' ? console.warn : console.log)(`[worker] ${text}`);
        this.#emit('log', { stream, text });
      },
      problem: (problem) => this.#raise(problem),
      exit: (detail) => {
        this.placement = 'ended';
        this.#terminated = true;
        this.#emit('exit', detail);
      },
      lost: (session, why) => this.#failOver(session, why),
    };
    return decision.placement === 'remote'
      ? RemoteSession.start(decision.utility, this.#manifestUrl, this.#options.integrity, sink)
      : LocalSession.start(this.#manifestUrl, this.#options.integrity, sink);
  }

  /** The utility went away mid-session: restart elsewhere and say plainly what was lost. */
  async #failOver(session, why) {
    if (session !== this.#session || this.#terminated) return;
    const from = { placement: this.placement, utility: this.utility };
    this.#failed.add(this.utility);
    this.#session = null;
    this.placement = 'pending';
    try {
      await this.#place(this.#options.utilities, 'failover');
    } catch {
      return; // #fail has reported it
    }
    const where = this.placement === 'local' ? 'locally, in this browser' : `on ${this.utility}`;
    this.#emit('failover', {
      from,
      to: this.#decisionSummary(),
      reason: why,
      stateCarriedOver: false,
      message: `The utility ${from.utility} failed (${why}). The worker was restarted ${where}; `
        + 'its state was NOT carried over: it starts from scratch, and messages it had not answered are lost. '
        + '(Resuming state needs snapshots, which this shim does not use yet.)',
    });
  }

  #fail(error) {
    this.placement = 'ended';
    this.#terminated = true;
    this.#raise(error.problem ?? { type: `${PROBLEM}unavailable`, title: 'The worker could not be started', detail: error.message });
    this.#emit('exit', { reason: 'failed' });
    return null;
  }

  #raise(problem) {
    const message = problem.detail ? `${problem.title}: ${problem.detail}` : problem.title ?? problem.type;
    const error = Object.assign(new Error(message), { problem });
    this.dispatchEvent(new ErrorEvent('error', { message, error }));
  }

  #emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }
}

/** Turns a postMessage argument into a wire message (kind 0 JSON text or kind 1 bytes). */
function encode(data) {
  if (data instanceof ArrayBuffer) return { kind: KIND_BINARY, bytes: data.slice(0) };
  if (ArrayBuffer.isView(data)) {
    return { kind: KIND_BINARY, bytes: data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) };
  }
  const text = JSON.stringify(data);
  if (text === undefined) throw new TypeError('DistributedWorker: the message is not JSON-compatible');
  return { kind: KIND_TEXT, text };
}

// ---------------------------------------------------------------------------------------------
// Placement: descriptors, round trips, estimates, probes — the cheapest place wins.

/**
 * @returns {Promise<{placement: 'remote' | 'local', utility: string | null, reason: string, candidates: CandidateReport[]}>}
 */
async function choosePlacement(manifestUrl, options, utilities, allowLocal) {
  const candidates = await Promise.all(utilities.map((u) => inspectUtility(u, manifestUrl, options)));
  const usable = candidates.filter((c) => c.usable).sort((a, b) => a.score - b.score);
  const none = utilities.length === 0 ? 'no utility was given' : `no utility answered (${candidates.map((c) => `${c.utility}: ${c.note}`).join('; ')})`;
  if (usable.length === 0) {
    if (!allowLocal) throw new Error(`placement 'remote' failed: ${none}`);
    return { placement: 'local', utility: null, reason: `${none}; running locally`, candidates };
  }
  const best = usable[0];
  const remote = (reason) => ({ placement: 'remote', utility: best.utility, reason, candidates });
  if (!allowLocal) return remote(`placement 'remote': ${best.utility} has the lowest expected cost (${best.note})`);

  const local = { utility: 'local', usable: true, note: '' };
  candidates.push(local);
  if (options.probe !== undefined) {
    local.probeMs = await timeProbe((sink) => LocalSession.start(manifestUrl, options.integrity, sink), options);
    best.probeMs = await timeProbe((sink) => RemoteSession.start(best.utility, manifestUrl, options.integrity, sink), options)
      .catch(() => Infinity);
    const weight = options.localWeight;
    const weighted = weight === 1 ? '' : ` (weighed ×${weight}: ${fmt(local.probeMs * weight)} ms)`;
    local.note = `probe ${fmt(local.probeMs)} ms${weighted}`;
    best.note += `, probe ${fmt(best.probeMs)} ms (round trip included)`;
    return best.probeMs < local.probeMs * weight
      ? remote(`the probe message took ${fmt(best.probeMs)} ms on ${best.utility} and ${fmt(local.probeMs)} ms locally${weighted}`)
      : { placement: 'local', utility: null, reason: `the probe message took ${fmt(local.probeMs)} ms locally${weighted} and ${fmt(best.probeMs)} ms on ${best.utility}`, candidates };
  }
  if (best.estimate && typeof options.localMs === 'number') {
    const remoteMs = best.rttMs + best.estimate.totalMs;
    return remoteMs < options.localMs * options.localWeight
      ? remote(`the utility's estimate plus round trip (${fmt(remoteMs)} ms) beats the local ${fmt(options.localMs)} ms`)
      : { placement: 'local', utility: null, reason: `the local ${fmt(options.localMs)} ms beats ${best.utility}'s estimate plus round trip (${fmt(remoteMs)} ms)`, candidates };
  }
  return best.rttMs <= options.maxRoundTripMs
    ? remote(`no probe or estimate to compare with; ${best.utility} is near (round trip ${fmt(best.rttMs)} ms ≤ ${options.maxRoundTripMs} ms)`)
    : { placement: 'local', utility: null, reason: `the nearest utility is slow (round trip ${fmt(best.rttMs)} ms > ${options.maxRoundTripMs} ms)`, candidates };
}

/** Reads one utility's descriptor, measures its round trip and asks for an estimate. */
async function inspectUtility(utility, manifestUrl, options) {
  /** @type {CandidateReport} */
  const report = { utility, usable: false, note: '' };
  try {
    const url = new URL(WELL_KNOWN, utility);
    report.descriptorUrl = url.href;
    const started = performance.now();
    const first = await fetchWithin(url, { cache: 'no-store' }, options.timeoutMs);
    if (!first.ok) throw new Error(`descriptor answered ${first.status}`);
    const descriptor = await first.json();
    const rtts = [performance.now() - started];
    for (let i = 0; i < 3; i++) {
      const t = performance.now();
      await (await fetchWithin(url, { method: 'HEAD', cache: 'no-store' }, options.timeoutMs)).arrayBuffer();
      rtts.push(performance.now() - t);
    }
    report.rttMs = Math.min(...rtts); // the least delayed sample: the path, not a busy moment of either end
    const features = descriptor.features ?? [];
    const cu1 = (descriptor.runtimes ?? []).some((r) => (r.abi ?? []).includes('cu1'));
    if (!features.includes('workers') || !features.includes('channel.websocket') || !cu1) {
      throw new Error('it offers no cu1 workers over WebSocket');
    }
    report.load = descriptor.load;
    report.note = `round trip ${fmt(report.rttMs)} ms`;
    if (features.includes('estimates')) {
      report.estimate = await askEstimate(utility, descriptor, manifestUrl, options);
      report.note += report.estimate ? `, estimate ${fmt(report.estimate.totalMs)} ms` : ', no estimate';
    } else {
      report.note += ', estimates not offered';
    }
    report.score = report.rttMs + (report.estimate?.totalMs ?? 0);
    report.usable = true;
  } catch (error) {
    report.note = error.name === 'TimeoutError' ? `no answer within ${options.timeoutMs} ms` : error.message;
  }
  return report;
}

async function askEstimate(utility, descriptor, manifestUrl, options) {
  const url = new URL(descriptor.links?.estimates ?? '/v1/estimates', new URL(WELL_KNOWN, utility));
  const response = await fetchWithin(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ package: manifestUrl, integrity: options.integrity, inputBytes: options.inputBytes ?? 0 }),
  }, options.timeoutMs).catch(() => null);
  // 501 not-implemented is what a utility without estimates answers (CU-EST-2): no estimate, no harm.
  if (!response?.ok) return null;
  const estimate = await response.json();
  return typeof estimate.totalMs === 'number' ? estimate : null;
}

function fetchWithin(url, init, ms) {
  return fetch(url, { mode: 'cors', credentials: 'omit', ...init, signal: AbortSignal.timeout(ms) });
}

/** Starts a throw-away session, sends the probe `runs` times, and returns the fastest reply time. */
async function timeProbe(startSession, options) {
  const sink = probeSink();
  const session = await startSession(sink);
  try {
    let best = Infinity;
    for (let i = 0; i < options.probeRuns; i++) {
      const replied = new Promise((resolve, reject) => { sink.onReply = resolve; sink.onFail = reject; });
      const started = performance.now();
      session.send(encode(options.probe));
      await replied;
      best = Math.min(best, performance.now() - started);
    }
    return best;
  } finally {
    session.close();
  }
}

function probeSink() {
  const sink = {
    onReply: () => {}, onFail: () => {},
    message: () => sink.onReply(),
    log: () => {},
    problem: (p) => sink.onFail(new Error(p.title)),
    exit: () => sink.onFail(new Error('the probe worker ended')),
    lost: () => sink.onFail(new Error('the probe worker was lost')),
  };
  return sink;
}

const fmt = (ms) => (ms === Infinity ? '∞' : ms < 10 ? ms.toFixed(1) : Math.round(ms).toString());

// ---------------------------------------------------------------------------------------------
// Remote: create the worker on the utility, talk over its WebSocket channel (spec section 9).

class RemoteSession {
  open = false;
  #socket;
  #worker;
  #ended = false;
  #closing = false;

  constructor(socket, worker) {
    this.#socket = socket;
    this.#worker = worker;
  }

  static async start(utility, manifestUrl, integrity, sink) {
    const response = await fetch(new URL('/v1/workers', utility), {
      method: 'POST',
      mode: 'cors',
      credentials: 'omit',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ package: manifestUrl, integrity }),
    });
    const body = await response.json().catch(() => ({}));
    if (response.status !== 201) {
      const error = new Error(body.detail ?? `creating the worker answered ${response.status}`);
      error.problem = body.type ? body : undefined;
      throw error;
    }
    const channel = new URL(body.links.channel);
    channel.searchParams.set('access_token', body.token);
    const socket = new WebSocket(channel);
    socket.binaryType = 'arraybuffer';
    await new Promise((resolve, reject) => {
      socket.onopen = resolve;
      socket.onerror = () => reject(new Error(`the channel of ${body.id} did not open`));
    });
    const session = new RemoteSession(socket, { ...body, utility });
    session.#wire(sink);
    session.open = true;
    return session;
  }

  send(message) {
    this.#socket.send(message.kind === KIND_TEXT ? message.text : message.bytes);
  }

  close() {
    this.open = false;
    this.#closing = true;
    const { utility, id, token } = this.#worker;
    // DELETE ends the worker; closing the channel alone would leave it until it idles out (CU-WRK-16).
    fetch(new URL(`/v1/workers/${id}`, utility), {
      method: 'DELETE', mode: 'cors', credentials: 'omit', keepalive: true,
      headers: { authorization: `Bearer ${token}` },
    }).catch(() => {});
    this.#socket.close(1000);
  }

  #wire(sink) {
    const socket = this.#socket;
    socket.onmessage = (event) => {
      if (typeof event.data !== 'string') {
        sink.message(KIND_BINARY, event.data.slice(8)); // 8-byte big-endian event id, then the payload
        return;
      }
      const envelope = JSON.parse(event.data);
      switch (envelope.type) {
        case 'message': sink.message(KIND_TEXT, JSON.stringify(envelope.data)); break;
        case 'log': sink.log(envelope.data.stream, envelope.data.text); break;
        case 'error': sink.problem(envelope.data); break;
        case 'exit':
          if (envelope.data.reason === 'shutdown') break; // the utility is going away: a failover, not an end
          this.#ended = true;
          sink.exit(envelope.data);
          break;
        default: break; // gap and kinds this version does not know
      }
    };
    socket.onclose = (event) => {
      this.open = false;
      if (this.#closing || this.#ended) return;
      const why = event.code === 1001 ? 'the utility is shutting down (1001)'
        : event.code === 1006 ? 'the connection to the utility broke (1006)'
          : `the channel closed with ${event.code}${event.reason ? ` ${event.reason}` : ''}`;
      sink.lost(this, why);
    };
  }
}

// ---------------------------------------------------------------------------------------------
// Local: the same .wasm in a Web Worker of this page, with the cu1 ABI and a confined WASI.

class LocalSession {
  open = false;
  #worker;

  constructor(worker) {
    this.#worker = worker;
  }

  static async start(manifestUrl, integrity, sink) {
    // The browser checks both digests (Subresource Integrity), as the utility would.
    const manifestResponse = await fetch(manifestUrl, { integrity, credentials: 'omit' });
    if (!manifestResponse.ok) throw new Error(`the manifest answered ${manifestResponse.status}`);
    const manifest = await manifestResponse.json();
    if (manifest.kind !== 'reactor' || (manifest.abi ?? 'cu1') !== 'cu1') {
      throw new Error(`${manifest.name} is not a cu1 reactor package`);
    }
    const moduleUrl = new URL(manifest.module.url, manifestResponse.url || manifestUrl);
    const moduleResponse = await fetch(moduleUrl, { integrity: manifest.module.integrity, credentials: 'omit' });
    if (!moduleResponse.ok) throw new Error(`the module answered ${moduleResponse.status}`);
    const bytes = await moduleResponse.arrayBuffer();

    const source = `(${localWorkerMain.toString()})();`;
    const scriptUrl = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
    const worker = new Worker(scriptUrl, { name: `${manifest.name} (local)` });
    URL.revokeObjectURL(scriptUrl);
    const session = new LocalSession(worker);
    await new Promise((resolve, reject) => {
      worker.onmessage = ({ data }) => {
        if (data.type === 'ready') resolve();
        else if (data.type === 'error') reject(Object.assign(new Error(data.problem.detail), { problem: data.problem }));
        else if (data.type === 'exit') reject(new Error(`the worker ended while starting (${data.detail.reason})`));
      };
      worker.onerror = (e) => reject(new Error(e.message));
      worker.postMessage({ type: 'start', name: manifest.name, bytes }, [bytes]);
    });
    worker.onmessage = ({ data }) => {
      switch (data.type) {
        case 'message': sink.message(data.kind, data.payload); break;
        case 'log': sink.log(data.stream, data.text); break;
        case 'error': sink.problem(data.problem); break;
        case 'exit': session.open = false; sink.exit(data.detail); break;
        default: break;
      }
    };
    worker.onerror = (e) => {
      session.open = false;
      sink.problem({ type: `${PROBLEM}guest-trap`, title: 'The local worker failed', detail: e.message });
      sink.exit({ reason: 'failed' });
    };
    session.open = true;
    return session;
  }

  send(message) {
    const payload = message.kind === KIND_TEXT ? new TextEncoder().encode(message.text).buffer : message.bytes;
    this.#worker.postMessage({ type: 'message', kind: message.kind, payload }, [payload]);
  }

  close() {
    this.open = false;
    this.#worker.terminate();
  }
}

/**
 * The body of the local Web Worker: a cu1 host (spec 10.2–10.5) for one module. Self-contained,
 * because it runs from its own source text.
 */
function localWorkerMain() {
  const ESUCCESS = 0, EBADF = 8, EINVAL = 28, ENOSYS = 52, ENOTSUP = 58, ENOTCAPABLE = 76;
  const MAX_MESSAGE_BYTES = 1048576;
  const LINE_CAP = 8192;
  const PROBLEM = 'urn:compute-utility:problem:';
  class ProcExit { constructor(code) { this.code = code; } }
  class GuestTrap extends Error {}

  let exports = null;
  let name = 'worker';
  let ended = false;
  const pendingLines = { 1: [], 2: [] };
  const view = () => new DataView(exports.memory.buffer);
  const bytesAt = (ptr, len) => {
    if (ptr + len > exports.memory.buffer.byteLength) throw new GuestTrap('a region outside the memory');
    return new Uint8Array(exports.memory.buffer, ptr, len);
  };

  function emitLine(fd, bytes) {
    const text = new TextDecoder().decode(new Uint8Array(bytes.slice(0, LINE_CAP))).replace(/\r$/, '');
    postMessage({ type: 'log', stream: fd === 1 ? 'stdout' : 'stderr', text });
  }

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

  const nowNs = (id) => BigInt(Math.round(id === 0 ? (performance.timeOrigin + performance.now()) * 1e6 : performance.now() * 1e6));
  const wasi = {
    args_sizes_get(argcPtr, sizePtr) {
      view().setUint32(argcPtr, 1, true);
      view().setUint32(sizePtr, new TextEncoder().encode(name).length + 1, true);
      return ESUCCESS;
    },
    args_get(argvPtr, bufPtr) {
      const text = new TextEncoder().encode(name);
      view().setUint32(argvPtr, bufPtr, true);
      bytesAt(bufPtr, text.length + 1).set([...text, 0]);
      return ESUCCESS;
    },
    environ_sizes_get(countPtr, sizePtr) {
      view().setUint32(countPtr, 0, true);
      view().setUint32(sizePtr, 0, true);
      return ESUCCESS;
    },
    environ_get: () => ESUCCESS,
    fd_write(fd, iovs, count, writtenPtr) {
      if (fd !== 1 && fd !== 2) return EBADF;
      let written = 0;
      for (let i = 0; i < count; i++) {
        const ptr = view().getUint32(iovs + 8 * i, true), len = view().getUint32(iovs + 8 * i + 4, true);
        write(fd, bytesAt(ptr, len));
        written += len;
      }
      view().setUint32(writtenPtr, written, true);
      return ESUCCESS;
    },
    fd_read(fd, _iovs, _count, readPtr) {
      if (fd !== 0) return EBADF;
      view().setUint32(readPtr, 0, true); // stdin is empty: end of file at once
      return ESUCCESS;
    },
    fd_fdstat_get(fd, ptr) {
      if (fd > 2) return EBADF;
      bytesAt(ptr, 24).fill(0);
      view().setUint8(ptr, 2); // character device
      view().setBigUint64(ptr + 8, fd === 0 ? 2n : 64n, true); // fd_read or fd_write
      return ESUCCESS;
    },
    fd_close: (fd) => (fd <= 2 ? ESUCCESS : EBADF),
    fd_prestat_get: () => EBADF, // no preopened directories
    fd_prestat_dir_name: () => EBADF,
    clock_res_get(_id, ptr) {
      view().setBigUint64(ptr, 1000n, true);
      return ESUCCESS;
    },
    clock_time_get(id, _precision, ptr) {
      if (id > 3) return EINVAL;
      view().setBigUint64(ptr, nowNs(id), true);
      return ESUCCESS;
    },
    random_get(ptr, len) {
      for (let done = 0; done < len; done += 65536) {
        crypto.getRandomValues(bytesAt(ptr + done, Math.min(65536, len - done)));
      }
      return ESUCCESS;
    },
    sched_yield: () => ESUCCESS,
    poll_oneoff(inPtr, outPtr, count, eventsPtr) {
      // Clock subscriptions wait (busy: a worker has no blocking sleep without shared memory);
      // fd subscriptions report EBADF.
      let wait = Infinity;
      const d = view();
      for (let i = 0; i < count; i++) {
        const s = inPtr + 48 * i;
        if (d.getUint8(s + 8) !== 0) continue;
        const timeout = d.getBigUint64(s + 24, true), absolute = (d.getUint16(s + 40, true) & 1) === 1;
        const ns = absolute ? timeout - nowNs(d.getUint32(s + 16, true)) : timeout;
        wait = Math.min(wait, Math.max(0, Number(ns) / 1e6));
      }
      if (wait !== Infinity) for (const until = performance.now() + wait; performance.now() < until;);
      for (let i = 0; i < count; i++) {
        const s = inPtr + 48 * i, e = outPtr + 32 * i, tag = d.getUint8(s + 8);
        bytesAt(e, 32).fill(0);
        d.setBigUint64(e, d.getBigUint64(s, true), true);
        d.setUint16(e + 8, tag === 0 ? ESUCCESS : EBADF, true);
        d.setUint8(e + 10, tag);
      }
      d.setUint32(eventsPtr, count, true);
      return ESUCCESS;
    },
    proc_exit(code) { throw new ProcExit(code); },
    proc_raise: () => ENOSYS,
  };
  const fallback = (fn) => (fn.startsWith('fd_') ? EBADF : fn.startsWith('path_') ? ENOTCAPABLE : fn.startsWith('sock_') ? ENOTSUP : ENOSYS);

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
      postMessage({ type: 'message', kind, payload: text });
    } else {
      postMessage({ type: 'message', kind, payload: copy.buffer }, [copy.buffer]);
    }
  }

  function guestCall(fn) {
    try {
      fn();
      flushLines();
      return true;
    } catch (error) {
      flushLines();
      ended = true;
      if (error instanceof ProcExit) {
        postMessage({ type: 'exit', detail: { reason: 'proc-exit', exitCode: error.code } });
      } else {
        const problem = { type: `${PROBLEM}guest-trap`, title: 'The guest trapped', status: 422, detail: String(error?.message ?? error) };
        postMessage({ type: 'error', problem });
        postMessage({ type: 'exit', detail: { reason: 'failed' } });
      }
      return false;
    }
  }

  async function start({ name: packageName, bytes }) {
    name = packageName;
    const module = await WebAssembly.compile(bytes);
    const imports = { cu: {}, wasi_snapshot_preview1: {} };
    for (const entry of WebAssembly.Module.imports(module)) {
      if (entry.module === 'cu' && entry.name === 'post_message') imports.cu.post_message = postFromGuest;
      else if (entry.module === 'wasi_snapshot_preview1') imports.wasi_snapshot_preview1[entry.name] = wasi[entry.name] ?? (() => fallback(entry.name));
      else throw new Error(`abi-mismatch: the module imports ${entry.module}.${entry.name}`);
    }
    const instance = await WebAssembly.instantiate(module, imports);
    exports = instance.exports;
    if (!(exports.memory instanceof WebAssembly.Memory) || typeof exports.cu_alloc !== 'function' || typeof exports.cu_on_message !== 'function') {
      throw new Error('abi-mismatch: the module must export memory, cu_alloc and cu_on_message');
    }
    if (typeof exports._initialize === 'function' && !guestCall(() => exports._initialize())) return;
    postMessage({ type: 'ready' });
  }

  function deliver({ kind, payload }) {
    if (ended) return;
    const bytes = new Uint8Array(payload);
    guestCall(() => {
      const ptr = exports.cu_alloc(bytes.length) >>> 0;
      if (bytes.length > 0 && (ptr === 0 || ptr + bytes.length > exports.memory.buffer.byteLength)) {
        throw new GuestTrap('cu_alloc returned an invalid region');
      }
      bytesAt(ptr, bytes.length).set(bytes);
      exports.cu_on_message(ptr, bytes.length, kind);
    });
  }

  self.onmessage = ({ data }) => {
    if (data.type === 'message') deliver(data);
    else if (data.type === 'start') {
      start(data).catch((error) => postMessage({
        type: 'error', problem: { type: `${PROBLEM}abi-mismatch`, title: 'The module cannot run here', status: 422, detail: error.message },
      }));
    }
  };
}

/**
 * @typedef {object} DistributedWorkerOptions
 * @property {string} integrity SRI digest of the manifest (`sha256-…`)
 * @property {string | URL | Array<string | URL>} [utility] utilities to consider (their origins)
 * @property {'auto' | 'remote' | 'local'} [placement]
 * @property {unknown} [probe] a message to time on each side when choosing ('auto')
 * @property {number} [probeRuns]
 * @property {number} [localWeight] cost of a local CPU millisecond against a utility's (default 1)
 * @property {number} [localMs] the page's own estimate of one message's local time, compared with utility estimates
 * @property {number} [inputBytes] the typical message size, for estimates
 * @property {number} [maxRoundTripMs]
 * @property {number} [timeoutMs]
 * @property {boolean} [logToConsole]
 *
 * @typedef {object} CandidateReport
 * @property {string} utility a utility origin, or 'local'
 * @property {boolean} usable
 * @property {string} note
 * @property {number} [rttMs]
 * @property {{queueMs: number, computeMs: number, totalMs: number}} [estimate]
 * @property {number} [probeMs]
 * @property {number} [score]
 */
