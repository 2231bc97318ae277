// One page worker, as the offscreen document runs it: asks the service worker whether the page's site may use
// utilities and which it knows, places the worker with the shim's own placement code, runs it with the shim's
// RemoteSession, and relays messages. What goes back to the page is scrubbed of the utility.
import { DEFAULTS } from './shim/lib/options.js';
import { choosePlacement } from './shim/lib/placement.js';
import { RemoteSession } from './shim/lib/remote-session.js';
import { anonymousSnapshot, scrubberFor, scrubProblem } from './scrub.js';
import { pack, unpack } from './wire-codec.js';

export class WorkerRelay {
  /** @type {Set<WorkerRelay>} the relays of this document, for revocation */
  static #live = new Set();
  #port;
  #origin;
  /** @type {{origin: string, name?: string, token?: string} | null} */ #utility = null;
  /** @type {RemoteSession | null} */ #session = null;
  /** @type {(text: unknown) => string} */ #scrub = (text) => String(text ?? '');
  #manifestUrl = '';
  #integrity = '';

  /** @param {chrome.runtime.Port} port */
  constructor(port) {
    this.#port = port;
    this.#origin = port.sender?.origin ?? new URL(port.sender?.url ?? 'about:blank').origin;
  }

  /**
   * The user revoked or denied `origin`: its remote workers leave their utilities (CU-UA-16). The page sees a lost
   * session, fails over, and is placed locally as 'not-permitted'.
   * @param {string} origin
   */
  static revoke(origin) {
    for (const relay of WorkerRelay.#live) {
      if (relay.#origin !== origin || !relay.#session) continue;
      relay.#close();
      relay.#post({ type: 'lost', why: 'connection-lost' });
    }
  }

  attach() {
    WorkerRelay.#live.add(this);
    this.#port.onMessage.addListener((message) => {
      const m = unpack(message);
      this.#handle(m).catch((error) => this.#post(m.type === 'place'
        ? { type: 'placed', placement: 'local', reason: 'the browser could not place the worker; running locally' }
        : { type: 'failed', message: 'the utility the browser chose could not start the worker' }));
    });
    this.#port.onDisconnect.addListener(() => { WorkerRelay.#live.delete(this); this.#close(); });
  }

  /** @param {any} m */
  async #handle(m) {
    if (m.type === 'place') await this.#place(m);
    else if (m.type === 'start') await this.#start(m.snapshot);
    else if (m.type === 'send') this.#session?.send(m.kind === 1 ? { kind: 1, bytes: m.bytes } : { kind: 0, text: String(m.text) });
    else if (m.type === 'snapshot') await this.#snapshot(m.n);
    else if (m.type === 'close') { this.#close(); this.#port.disconnect(); }
  }

  /** @param {any} m */
  async #place(m) {
    // The page reads one token (spec/user-agent.md 6.4): 'not-permitted' or 'chosen', never why a utility was or was not chosen.
    const site = /^https?:$/.test(new URL(this.#origin).protocol) ? await chrome.runtime.sendMessage({ type: 'cu-agent:site', origin: this.#origin }) : null;
    if (!site?.allowed) return this.#post({ type: 'placed', placement: 'local', reason: 'not-permitted' });
    /** @type {Array<{origin: string, name?: string, token?: string}>} */
    const known = site.utilities;
    const number = (/** @type {unknown} */ n) => (typeof n === 'number' && Number.isFinite(n) ? n : undefined);
    const placement = m.placement === 'remote' ? 'remote' : 'auto';
    /** @type {Record<string, string>} */
    const accessToken = Object.fromEntries(known.filter((u) => u.token).map((u) => [u.origin, /** @type {string} */ (u.token)]));
    const options = {
      ...DEFAULTS, placement, integrity: String(m.integrity), accessToken, logToConsole: false, utilities: known.map((u) => u.origin),
      localMs: number(m.localMs), localWeight: number(m.localWeight) ?? DEFAULTS.localWeight, maxRoundTripMs: number(m.maxRoundTripMs) ?? DEFAULTS.maxRoundTripMs,
    };
    this.#manifestUrl = new URL(m.manifestUrl).href;
    this.#integrity = options.integrity;
    const decision = await choosePlacement(this.#manifestUrl, options, options.utilities, placement !== 'remote').catch(() => null);
    // The same answer whether the list is empty or no utility was worth it (CU-UA-6).
    if (decision?.placement !== 'remote') return this.#post({ type: 'placed', placement: 'local', reason: 'chosen' });
    this.#utility = known.find((u) => u.origin === decision.utility) ?? { origin: /** @type {string} */ (decision.utility) };
    this.#scrub = scrubberFor(this.#utility);
    this.#post({ type: 'placed', placement: 'remote', reason: 'chosen' });
  }

  /** @param {ArrayBuffer | undefined} snapshot */
  async #start(snapshot) {
    const utility = this.#utility;
    if (!utility) throw new Error('no utility was chosen for this worker');
    const scrub = this.#scrub;
    /** @type {import('./shim/lib/session.js').SessionSink} */
    const sink = {
      message: (kind, payload, id) => this.#post({ type: 'message', kind, payload, id }),
      log: (stream, text, id) => this.#post({ type: 'log', stream, text: scrub(text), id }),
      problem: (problem, id) => this.#post({ type: 'problem', problem: scrubProblem(problem, scrub), id }),
      exit: (detail, id) => this.#post({ type: 'exit', detail: { reason: scrub(detail.reason), exitCode: detail.exitCode }, id }),
      skip: (id) => this.#post({ type: 'skip', id }),
      lost: (_session, why) => this.#post({ type: 'lost', why: lossCause(why) }),
    };
    this.#session = await RemoteSession.start(utility.origin, this.#manifestUrl, this.#integrity, sink, snapshot ? { bytes: snapshot } : undefined, utility.token);
    this.#post({ type: 'started' });
  }

  /** @param {number} n */
  async #snapshot(n) {
    try {
      if (!this.#session) throw new Error('the worker has ended');
      const s = await this.#session.snapshot();
      // Not its id, URL, digest or creation time: they name the utility or read its clock (spec/user-agent.md 4).
      this.#post({ type: 'snapshot', n, bytes: anonymousSnapshot(s.bytes), coversMessagesThrough: s.coversMessagesThrough, coversEventsThrough: s.coversEventsThrough });
    } catch (error) {
      this.#post({ type: 'snapshot-failed', n, message: this.#scrub(/** @type {Error} */ (error).message) });
    }
  }

  #close() {
    this.#session?.close();
    this.#session = null;
  }

  /** @param {Record<string, unknown>} message */
  #post(message) {
    try {
      this.#port.postMessage(pack(message));
    } catch {
      this.#close(); // the page went away
    }
  }
}

/**
 * The loss cause of spec/user-agent.md 6.8 for the shim's sentence, which carries the utility's heartbeat figures.
 * @param {string} why
 * @returns {'connection-lost' | 'unresponsive' | 'utility-ended'}
 */
function lossCause(why) {
  if (/sent nothing for/.test(why)) return 'unresponsive';
  if (/gone|ended|shut/.test(why)) return 'utility-ended';
  return 'connection-lost';
}
