// One worker (spec section 8): its state, inbound queue (9.1), outbound events (9.2) and guest.
import { EventLog } from './event-log.js';
import { problem } from '../http/problems.js';

const CLOSE_CODES = { terminated: 1000, 'idle-timeout': 1000, orphaned: 1000, 'proc-exit': 1000, shutdown: 1001, failed: 1011 };
const utf8 = new TextDecoder('utf-8');

/** @typedef {'running' | 'failed' | 'terminated'} WorkerState */
/** @typedef {{kind: number, bytes: Uint8Array, sequence: number}} InboundMessage */

export class Worker {
  /**
   * @param {{id: string, token: string, info: import('../packages/package-loader.js').PackageInfo,
   *   limits: import('../options.js').Limits, stats: import('./latency-stats.js').LatencyStats}} init
   */
  constructor(init) {
    this.id = init.id;
    this.token = init.token;
    this.info = init.info;
    this.limits = init.limits;
    this.stats = init.stats;
    this.createdAt = new Date();
    this.lastActivity = Date.now();
    /** @type {WorkerState} */
    this.state = 'running';
    this.endedAt = 0;
    /** @type {import('../http/problems.js').Problem | null} */
    this.failure = null;
    this.exitReason = '';
    this.messagesIn = 0;
    this.messagesOut = 0;
    this.cpuTimeMs = 0;
    this.memoryBytes = 0;
    /** @type {InboundMessage[]} */
    this.queue = [];
    this.busy = false;
    this.events = new EventLog(init.limits.eventBufferEvents, init.limits.eventBufferBytes);
    /** @type {import('../guest/guest-host.js').GuestHost | null} */
    this.guest = null;
    /** The open WebSocket channel, if any; a newer one takes it over (CU-CHAN-4). @type {{takeOver: () => void} | null} */
    this.openChannel = null;
    this.streams = 0;
    /** When the client was last seen since a reader closed (CU-WRK-17); 0 while none ever closed. */
    this.clientLastSeen = 0;
    /** Called when the queue has room again (WebSocket back-pressure). @type {Set<() => void>} */
    this.roomListeners = new Set();
  }

  /** The open WebSocket channel, if any (CU-CHAN-4); clearing it starts the orphan clock (CU-WRK-17). */
  get channel() {
    return this.openChannel;
  }

  set channel(handle) {
    if (this.openChannel !== null && handle === null) this.clientLastSeen = Date.now();
    this.openChannel = handle;
  }

  /** Open event streams; the last one closing starts the orphan clock (CU-WRK-17). */
  get openStreams() {
    return this.streams;
  }

  set openStreams(count) {
    if (count < this.streams) this.clientLastSeen = Date.now();
    this.streams = count;
  }

  get ended() {
    return this.state !== 'running';
  }

  touch() {
    this.lastActivity = Date.now();
  }

  /** The guest's output, as events. @type {import('../guest/guest-host.js').GuestOutput} */
  get output() {
    return {
      onPost: (kind, bytes) => {
        if (this.ended) return;
        this.messagesOut++;
        this.touch();
        // A JSON text may hold CR or LF only as whitespace: replacing them keeps the value and makes it one SSE line.
        if (kind === 0) this.events.append('message', utf8.decode(bytes).replace(/[\r\n]/g, ' '));
        else this.events.append('binary', null, bytes);
      },
      onLog: (stream, text) => {
        if (this.ended) return;
        this.touch();
        this.events.append('log', JSON.stringify({ stream, text }));
      },
    };
  }

  /**
   * Accepts an inbound message into the queue (CU-CHAN-9); null when the queue is full.
   * @param {number} kind @param {Uint8Array} bytes
   */
  accept(kind, bytes) {
    if (this.queue.length >= this.limits.maxQueuedMessages) return null;
    const sequence = ++this.messagesIn;
    this.queue.push({ kind, bytes, sequence });
    this.touch();
    if (this.clientLastSeen !== 0) this.clientLastSeen = Date.now(); // a client that posts is still there
    queueMicrotask(() => this.pump());
    return sequence;
  }

  /** Delivers the next message when no call runs and readers keep up (CU-ABI-6, CU-CHAN-27). */
  pump() {
    if (this.busy || this.ended || this.queue.length === 0 || this.events.pressed || !this.guest) return;
    const message = /** @type {InboundMessage} */ (this.queue.shift());
    for (const listener of [...this.roomListeners]) listener();
    this.busy = true;
    this.guest.deliver(message.kind, message.bytes).then((result) => {
      this.busy = false;
      this.cpuTimeMs += result.ms;
      this.stats.record('messageMs', result.ms);
      this.settle(result, `cu_on_message for message ${message.sequence}`);
      this.pump();
    });
  }

  /**
   * Ends the worker when a call did not return normally.
   * @param {import('../guest/guest-host.js').CallResult} result
   * @param {string} call which call, for the problem's detail
   */
  settle(result, call) {
    if (this.ended) return;
    if (result.outcome === 'returned') {
      this.memoryBytes = result.memoryBytes;
    } else if (result.outcome === 'exit') {
      this.end('proc-exit', null, result.exitCode);
    } else if (result.outcome === 'deadline') {
      this.end('failed', problem('deadline-exceeded', `${call} ran longer than messageDeadlineMs (${this.limits.messageDeadlineMs} ms).`,
        { limit: this.limits.messageDeadlineMs }));
    } else {
      this.end('failed', problem(result.outcome === 'link' ? 'abi-mismatch' : 'guest-trap', `${result.detail} in ${call}.`));
    }
  }

  /**
   * Ends the worker: error (when failed), then exit as the last event (CU-CHAN-21, CU-CHAN-22).
   * @param {'terminated' | 'idle-timeout' | 'orphaned' | 'proc-exit' | 'shutdown' | 'failed'} reason
   * @param {import('../http/problems.js').Problem | null} [failure]
   * @param {number} [exitCode]
   */
  end(reason, failure = null, exitCode) {
    if (this.ended) return;
    this.state = reason === 'failed' ? 'failed' : 'terminated';
    this.failure = failure;
    this.exitReason = reason;
    this.endedAt = Date.now();
    this.queue = [];
    this.guest?.terminate();
    if (failure) this.events.append('error', JSON.stringify(failure));
    this.events.append('exit', JSON.stringify(exitCode === undefined ? { reason } : { reason, exitCode }));
    for (const listener of [...this.roomListeners]) listener();
  }

  /** The close code of the WebSocket after `exit`. */
  get closeCode() {
    return CLOSE_CODES[/** @type {keyof typeof CLOSE_CODES} */ (this.exitReason)] ?? 1000;
  }

  /** @param {string} host the Host the client used, for the absolute channel URL */
  resource(host) {
    const self = `/v1/workers/${this.id}`;
    return {
      id: this.id,
      state: this.state,
      package: this.info,
      createdAt: this.createdAt.toISOString(),
      lastActivityAt: new Date(this.lastActivity).toISOString(),
      memoryBytes: this.memoryBytes,
      messagesIn: this.messagesIn,
      messagesOut: this.messagesOut,
      cpuTimeMs: Math.round(this.cpuTimeMs * 1000) / 1000,
      failure: this.failure,
      links: { self, channel: `ws://${host}${self}/channel`, messages: `${self}/messages`, events: `${self}/events` },
    };
  }
}
