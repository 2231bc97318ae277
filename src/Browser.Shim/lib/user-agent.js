// The browser's part (spec/user-agent.md), when a browser extension plays it: the Compute Utility extension marks the
// page and, per worker, takes a MessagePort on which it places the worker on a utility of its own list and relays
// its messages. The page learns only 'remote' or 'local' and a reason token of spec/user-agent.md 6.4 ('chosen',
// 'not-permitted', 'failover'): no utility address, candidate or round trip.

import { KIND_BINARY } from './protocol.js';

/**
 * @typedef {import('./session.js').SessionSink} SessionSink
 * @typedef {import('./protocol.js').WireMessage} WireMessage
 * @typedef {import('../distributed-worker.js').CandidateReport} CandidateReport
 * @typedef {{placement: 'remote' | 'local', utility: null, reason: string, candidates: CandidateReport[], agent?: AgentSession}} AgentDecision
 */

/** The attribute of <html> the extension's content script sets, before any page script runs. */
const MARK = 'computeUtilityAgent';
/** What a page asking for 'remote' reads when its worker starts nowhere, whatever the cause (CU-UA-8). */
const NO_PLACE = "placement 'remote' failed: no utility could start the worker";
/** A hang guard: an extension that takes this long to place a worker is treated as absent. */
const ANSWER_MS = 30000;

/** Whether a browser extension plays the browser's part for this page. */
export function agentPresent() {
  return globalThis.document?.documentElement?.dataset?.[MARK] === '1';
}

/** A worker the extension runs on a utility it chose; a Session to the DistributedWorker. */
export class AgentSession {
  open = false;
  #port;
  #snapshots = new Map();
  #next = 0;

  /** @param {MessagePort} port */
  constructor(port) {
    this.#port = port;
  }

  /**
   * Asks the extension where the worker runs. 'local' ends the conversation: the page runs the worker itself.
   * @param {string} manifestUrl
   * @param {import('./options.js').ResolvedOptions} options
   * @param {boolean} allowLocal
   * @param {'start' | 'failover'} why
   * @returns {Promise<AgentDecision>}
   */
  static async place(manifestUrl, options, allowLocal, why) {
    const channel = new MessageChannel();
    window.postMessage({ [MARK]: 'open' }, '*', [channel.port2]);
    const { placement, localMs, localWeight, maxRoundTripMs, integrity } = options;
    const answer = await ask(channel.port1, { type: 'place', manifestUrl, integrity, placement, localMs, localWeight, maxRoundTripMs });
    const reason = why === 'failover' && answer.reason === 'chosen' ? 'failover' : answer.reason;
    if (answer.placement === 'remote') return { placement: 'remote', utility: null, reason, candidates: [], agent: new AgentSession(channel.port1) };
    channel.port1.close();
    // The same message whatever the cause (CU-UA-8): no permission, no utility, or none worth it.
    if (!allowLocal) throw new Error(NO_PLACE);
    return { placement: 'local', utility: null, reason, candidates: [] };
  }

  /**
   * Starts the worker on the utility the extension chose (from snapshot bytes when given).
   * @param {SessionSink} sink
   * @param {{bytes: ArrayBuffer}} [snapshot]
   * @returns {Promise<AgentSession>}
   */
  async start(sink, snapshot) {
    const answer = await ask(this.#port, { type: 'start', snapshot: snapshot?.bytes });
    if (answer.type !== 'started') {
      this.#port.close();
      throw new Error(NO_PLACE); // as when no utility was found: which one refused, and why, stays in the browser
    }
    this.#port.onmessage = ({ data }) => {
      if (data.type === 'message') sink.message(data.kind, data.payload, data.id);
      else if (data.type === 'log') sink.log(data.stream, data.text, data.id);
      else if (data.type === 'problem') sink.problem(data.problem, data.id);
      else if (data.type === 'exit') sink.exit(data.detail, data.id);
      else if (data.type === 'skip') sink.skip(data.id);
      else if (data.type === 'lost' && this.open) { this.open = false; sink.lost(this, data.why); }
      else if (data.type === 'snapshot' || data.type === 'snapshot-failed') this.#snapshots.get(data.n)?.(data);
    };
    this.open = true;
    return this;
  }

  /** @param {WireMessage} message */
  send(message) {
    this.#port.postMessage(message.kind === KIND_BINARY ? { type: 'send', kind: message.kind, bytes: message.bytes }
      : { type: 'send', kind: message.kind, text: message.text });
  }

  /** @returns {Promise<import('./session.js').SessionSnapshot>} */
  snapshot() {
    const n = ++this.#next;
    return new Promise((resolve, reject) => {
      this.#snapshots.set(n, (/** @type {any} */ data) => {
        this.#snapshots.delete(n);
        if (data.type === 'snapshot') resolve({ bytes: data.bytes, coversMessagesThrough: data.coversMessagesThrough, coversEventsThrough: data.coversEventsThrough, createdAt: data.createdAt });
        else reject(new Error(data.message));
      });
      this.#port.postMessage({ type: 'snapshot', n });
    });
  }

  close() {
    this.open = false;
    this.#port.postMessage({ type: 'close' });
    this.#port.close();
  }
}

/**
 * Sends `request` on `port` and waits for the next answer.
 * @param {MessagePort} port
 * @param {object} request
 * @returns {Promise<any>}
 */
function ask(port, request) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the browser extension did not answer')), ANSWER_MS);
    port.onmessage = ({ data }) => { clearTimeout(timer); resolve(data); };
    port.postMessage(request);
  });
}
