// The main thread's side of one guest: a worker_threads Worker running guest-thread.js, one call
// at a time (CU-ABI-6), each bounded by the message deadline; an overrunning thread is terminated.
import { Worker as Thread } from 'node:worker_threads';

/** @typedef {{outcome: 'returned', memoryBytes: number, ms: number} | {outcome: 'exit', exitCode: number, ms: number}
 *   | {outcome: 'trap' | 'link', detail: string, ms: number} | {outcome: 'deadline', ms: number}} CallResult */

/** @typedef {{onPost: (kind: number, bytes: Uint8Array) => void, onLog: (stream: string, text: string) => void}} GuestOutput */

export class GuestHost {
  /**
   * @param {number} deadlineMs
   * @param {GuestOutput} output
   */
  constructor(deadlineMs, output) {
    this.deadlineMs = deadlineMs;
    this.output = output;
    this.thread = new Thread(new URL('./guest-thread.js', import.meta.url), { resourceLimits: { maxOldGenerationSizeMb: 64 } });
    this.ended = false;
    /** @type {((result: CallResult) => void) | null} */
    this.settle = null;
    /** @type {NodeJS.Timeout | null} */
    this.timer = null;
    this.callStarted = 0;
    // Bytes of output the thread has posted and this side has not taken yet (the thread waits above a limit).
    this.inFlight = new Int32Array(new SharedArrayBuffer(4));
    this.thread.on('message', (/** @type {any} */ m) => this.receive(m));
    this.thread.on('error', (error) => this.finish({ outcome: 'trap', detail: `the guest's thread failed: ${error.message}`, ms: this.elapsed() }));
    this.thread.on('exit', () => this.finish({ outcome: 'trap', detail: "the guest's thread ended unexpectedly", ms: this.elapsed() }));
  }

  /**
   * Instantiates the module and runs _initialize.
   * @param {WebAssembly.Module} module
   * @param {{name: string, maxMessageBytes: number, logLineBytes: number, maxLogBytes: number}} settings
   * @returns {Promise<CallResult>}
   */
  start(module, settings) {
    return this.call({ type: 'start', module, inFlight: this.inFlight.buffer, deadlineMs: this.deadlineMs, ...settings }, false);
  }

  /**
   * Delivers one message: cu_alloc, copy, cu_on_message.
   * @param {number} kind
   * @param {Uint8Array} bytes
   * @returns {Promise<CallResult>}
   */
  deliver(kind, bytes) {
    return this.call({ type: 'deliver', kind, bytes }, true);
  }

  /** Ends the thread; a call in progress settles as a trap. */
  terminate() {
    this.ended = true;
    if (this.timer) clearTimeout(this.timer);
    void this.thread.terminate();
  }

  /** @param {object} request @param {boolean} timeNow false: the deadline starts when the thread reports 'started' */
  call(request, timeNow) {
    return new Promise((resolve) => {
      this.settle = resolve;
      this.thread.postMessage(request);
      if (timeNow) this.startDeadline();
    });
  }

  startDeadline() {
    this.callStarted = performance.now();
    this.timer = setTimeout(() => {
      this.finish({ outcome: 'deadline', ms: this.elapsed() });
      this.terminate();
    }, this.deadlineMs);
  }

  elapsed() {
    return this.callStarted === 0 ? 0 : performance.now() - this.callStarted;
  }

  /** @param {any} message */
  receive(message) {
    if (this.ended) return;
    if (message.type === 'post' || message.type === 'log') {
      Atomics.sub(this.inFlight, 0, message.type === 'post' ? message.bytes.length : message.text.length);
      Atomics.notify(this.inFlight, 0);
    }
    if (message.type === 'post') this.output.onPost(message.kind, message.bytes);
    else if (message.type === 'log') this.output.onLog(message.stream, message.text);
    else if (message.type === 'started') this.startDeadline();
    else if (message.type === 'done') this.finish(message);
  }

  /** @param {CallResult} result */
  finish(result) {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.callStarted = 0;
    const settle = this.settle;
    this.settle = null;
    if (result.outcome !== 'returned' && !this.ended) this.terminate();
    settle?.(result);
  }
}
