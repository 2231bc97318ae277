// Local: the same .wasm in a Web Worker of this page, with the cu1 ABI and a confined WASI (local/host.js).

import { KIND_TEXT, PROBLEM } from './protocol.js';
import { parseSnapshot } from './snapshot-format.js';

/**
 * @typedef {import('./session.js').SessionSink} SessionSink
 * @typedef {import('./session.js').SessionSnapshot} SessionSnapshot
 * @typedef {import('./protocol.js').WireMessage} WireMessage
 */

/** The module the local worker runs: the cu1 host, beside this one wherever the shim is served or copied. */
const HOST_URL = new URL('./local/host.js', import.meta.url);

/**
 * Starts the cu1 host as a module worker. A page may not start a worker from another origin's URL, so a page on
 * another origin than the shim's starts one from a one-line Blob that imports the host (fetched with CORS, as the
 * shim itself was).
 * @param {string} name
 */
function startHostWorker(name) {
  /** @type {WorkerOptions} */
  const options = { name, type: 'module' };
  if (HOST_URL.origin === globalThis.location?.origin) return new Worker(HOST_URL, options);
  const blobUrl = URL.createObjectURL(new Blob([`import ${JSON.stringify(HOST_URL.href)};\n`], { type: 'text/javascript' }));
  try {
    return new Worker(blobUrl, options);
  } finally {
    URL.revokeObjectURL(blobUrl);
  }
}

export class LocalSession {
  open = false;
  /** @type {Worker} */
  #worker;

  /** @param {Worker} worker */
  constructor(worker) {
    this.#worker = worker;
  }

  /**
   * Fetches the package (both digests checked by the browser) and starts its module in a Web Worker of the page,
   * fresh or from `snapshotBytes` (spec 13.4).
   * @param {string} manifestUrl
   * @param {string} integrity
   * @param {SessionSink} sink
   * @param {ArrayBuffer} [snapshotBytes]
   * @returns {Promise<LocalSession>}
   */
  static async start(manifestUrl, integrity, sink, snapshotBytes) {
    // The browser checks both digests (Subresource Integrity), as the utility would.
    const manifestResponse = await fetch(manifestUrl, { integrity, credentials: 'omit' });
    if (!manifestResponse.ok) throw new Error(`the manifest answered ${manifestResponse.status}`);
    const manifest = await manifestResponse.json();
    if (manifest.kind !== 'reactor' || (manifest.abi ?? 'cu1') !== 'cu1') {
      throw new Error(`${manifest.name} is not a cu1 reactor package`);
    }
    let snapshot;
    if (snapshotBytes) {
      // As a restoring utility does (spec 13.4 step 4): the snapshot must be of this very module.
      const { header } = parseSnapshot(snapshotBytes);
      if (header.abi !== 'cu1') throw new Error(`the snapshot is of ABI '${header.abi}', not cu1`);
      if (header.package.moduleIntegrity !== manifest.module.integrity) {
        throw new Error('the snapshot was taken of another module than the one its package names now');
      }
      snapshot = snapshotBytes.slice(0);
    }
    const moduleUrl = new URL(manifest.module.url, manifestResponse.url || manifestUrl);
    const moduleResponse = await fetch(moduleUrl, { integrity: manifest.module.integrity, credentials: 'omit' });
    if (!moduleResponse.ok) throw new Error(`the module answered ${moduleResponse.status}`);
    const bytes = await moduleResponse.arrayBuffer();

    const worker = startHostWorker(`${manifest.name} (local)`);
    const session = new LocalSession(worker);
    /** @type {{resolve: (value?: unknown) => void, reject: (error: Error) => void}} */
    let starting = { resolve: () => {}, reject: () => {} };
    const started = new Promise((resolve, reject) => { starting = { resolve, reject }; });
    worker.onmessage = ({ data }) => {
      switch (data.type) {
        case 'ready': session.open = true; starting.resolve(); break;
        case 'message': sink.message(data.kind, data.payload, data.id); break;
        case 'log': sink.log(data.stream, data.text, data.id); break;
        case 'error':
          if (!session.open) starting.reject(Object.assign(new Error(data.problem.detail), { problem: data.problem }));
          else sink.problem(data.problem, data.id);
          break;
        case 'exit':
          if (!session.open) starting.reject(new Error(`the worker ended while starting (${data.detail.reason})`));
          else { session.open = false; sink.exit(data.detail, data.id); }
          break;
        case 'snapshot': session.#settle(data); break;
        default: break;
      }
    };
    worker.onerror = (e) => {
      if (!session.open) {
        starting.reject(new Error(e.message));
        return;
      }
      session.open = false;
      sink.problem({ type: `${PROBLEM}guest-trap`, title: 'The local worker failed', detail: e.message });
      sink.exit({ reason: 'failed' });
    };
    const pkg = {
      url: manifestUrl, integrity, name: manifest.name, version: manifest.version, moduleIntegrity: manifest.module.integrity,
    };
    const transfer = snapshot ? [bytes, snapshot] : [bytes];
    worker.postMessage({ type: 'start', name: manifest.name, bytes, snapshot, package: pkg }, transfer);
    await started;
    return session;
  }

  /** @type {Map<number, {resolve: (snapshot: SessionSnapshot) => void, reject: (error: Error) => void}>} */
  #requests = new Map();
  #nextRequest = 1;

  /**
   * Asks the worker for a snapshot of itself; it answers between two messages, in the format of spec 13.3.
   * @returns {Promise<SessionSnapshot>}
   */
  snapshot() {
    const request = this.#nextRequest++;
    return new Promise((resolve, reject) => {
      this.#requests.set(request, { resolve, reject });
      this.#worker.postMessage({ type: 'snapshot', request });
    });
  }

  /**
   * @param {{request: number, bytes: ArrayBuffer, error?: string, coversMessagesThrough: number, coversEventsThrough: number}} answer
   *   the worker's answer to a snapshot request
   */
  #settle({ request, bytes, error, coversMessagesThrough, coversEventsThrough }) {
    const pending = this.#requests.get(request);
    this.#requests.delete(request);
    if (error) pending?.reject(new Error(error));
    else pending?.resolve({ bytes, coversMessagesThrough, coversEventsThrough, createdAt: new Date().toISOString() });
  }

  /** @param {WireMessage} message */
  send(message) {
    // A copy goes to the worker: the original may be kept for a replay.
    const payload = message.kind === KIND_TEXT ? new TextEncoder().encode(message.text).buffer : message.bytes.slice(0);
    this.#worker.postMessage({ type: 'message', kind: message.kind, payload }, [payload]);
  }

  close() {
    this.open = false;
    for (const { reject } of this.#requests.values()) reject(new Error('the local worker ended'));
    this.#requests.clear();
    this.#worker.terminate();
  }
}
