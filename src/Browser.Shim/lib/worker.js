// DistributedWorker: places the worker (placement.js), starts it on a utility (remote-session.js) or in this browser
// (local-session.js), numbers what goes in and comes out, and moves it with its state (resume.js) when asked or when
// its utility goes away.

import { accessTokenFor } from './access-token.js';
import { EventCursor } from './event-cursor.js';
import { LocalSession } from './local-session.js';
import { resolveOptions } from './options.js';
import { choosePlacement, refusalReason } from './placement.js';
import { encode, KIND_TEXT, PROBLEM } from './protocol.js';
import { RemoteSession } from './remote-session.js';
import { failoverDetail, heldSnapshot, publicSnapshot, replayAfter, restoreArguments, resumeAfterLoss, resumeFromBytes } from './resume.js';
import { agentPresent, AgentSession } from './user-agent.js';
import { emit, raise, WorkerEventTarget } from './worker-events.js';

/**
 * @typedef {import('../distributed-worker.js').DistributedWorkerOptions} DistributedWorkerOptions
 * @typedef {import('../distributed-worker.js').CandidateReport} CandidateReport
 * @typedef {import('../distributed-worker.js').PlacementDetail} PlacementDetail
 * @typedef {import('../distributed-worker.js').WorkerSnapshot} WorkerSnapshot
 * @typedef {import('./session.js').PlacedSession} PlacedSession
 * @typedef {import('./resume.js').HeldSnapshot} HeldSnapshot
 * @typedef {import('./resume.js').Resume} Resume
 * @typedef {import('./protocol.js').WireMessage} WireMessage
 * @typedef {{placement: 'remote' | 'local', utility: string | null, reason?: string, candidates?: CandidateReport[], agent?: AgentSession}} Decision
 */

/**
 * A Web-Worker-like object whose WebAssembly worker (a cu1 package) runs on a compute utility or
 * locally. Events: `message`, `error`, `log` (detail `{stream, text}`), `placement` (detail
 * `{placement, reason, utility}`), `snapshot`, `failover` and `exit` (detail `{reason, exitCode?}`).
 */
export class DistributedWorker extends WorkerEventTarget {
  /** @type {import('../distributed-worker.js').Placement} */
  placement = 'pending';
  /** Why the worker runs where it runs, in a sentence. */
  placementReason = '';
  /** @type {string | null} The utility the worker runs on, when remote. */
  utility = null;
  /** @type {CandidateReport[]} What placement learned about each place it considered. */
  candidates = [];
  /** @type {Promise<PlacementDetail>} */
  ready;

  /** @type {string} */ #manifestUrl;
  /** @type {import('./options.js').ResolvedOptions} */ #options;
  /** @type {PlacedSession | null} */ #session = null;
  /** @type {WireMessage[]} */ #pending = [];
  #terminated = false;
  /** @type {Set<string | null>} utilities that failed this worker */ #failed = new Set();
  // State-preserving fail-over (spec 13): the messages sent to the current worker are numbered as
  // the worker numbers them (its inbound sequence); those after the latest committed snapshot are
  // kept to replay. A snapshot is committed once the page has received every event it covers, so
  // a resume never skips a reply the page has not seen.
  #sequence = 0;
  /** @type {Array<{seq: number, message: WireMessage}>} */ #log = [];
  /** @type {boolean} */ #keepLog;
  /** @type {HeldSnapshot | null} */ #committed = null;
  /** @type {HeldSnapshot[]} */ #uncommitted = [];
  #sinceSnapshot = 0;
  /** @type {Promise<unknown> | null} */ #snapshotting = null;
  #snapshotAgain = false;
  /** @type {ReturnType<typeof setInterval> | null} */ #timer = null;
  #moving = false;

  /**
   * @param {string | URL} manifestUrl the package manifest, relative to the page or absolute
   * @param {DistributedWorkerOptions} options
   */
  constructor(manifestUrl, options) {
    super();
    const resolved = resolveOptions(manifestUrl, options);
    const policy = options.snapshots;
    this.#manifestUrl = resolved.manifestUrl;
    this.#options = resolved.options;
    this.#keepLog = Boolean(policy);
    const resume = options.resumeFrom ? resumeFromBytes(options.resumeFrom, options.integrity) : undefined;
    if (policy?.everyMs) {
      this.#timer = setInterval(() => { if (this.placement === 'remote' && !this.#moving) this.#autoSnapshot(); }, policy.everyMs);
    }
    this.ready = this.#place(this.#options.utilities, 'start', resume);
    this.ready.catch(() => {});
  }

  /**
   * A worker that continues from snapshot bytes (spec 13.3) — from `worker.snapshot()`, from a
   * utility, or saved earlier — placed by `options` like a new worker: on a utility (the bytes are
   * uploaded; the utility fetches the package itself) or locally. The package is the one the
   * snapshot's header names.
   * @param {ArrayBuffer | ArrayBufferView | {bytes: ArrayBuffer}} snapshot
   * @param {Omit<DistributedWorkerOptions, 'integrity'> & {integrity?: string}} [options]
   */
  static restore(snapshot, options = {}) {
    return new DistributedWorker(...restoreArguments(snapshot, options));
  }

  /** The latest snapshot a fail-over would resume from, or null (bytes included). */
  get lastSnapshot() {
    return this.#committed ? publicSnapshot(this.#committed) : null;
  }

  /**
   * Sends one message: an ArrayBuffer or a typed array/DataView goes as binary (its bytes are
   * copied now); anything else must be JSON-compatible and goes as JSON text.
   * @param {unknown} data
   */
  postMessage(data) {
    if (this.#terminated) return;
    const message = encode(data);
    if (this.#session?.open && !this.#moving) this.#send(message);
    else this.#pending.push(message);
  }

  /**
   * Takes a snapshot of the worker between two messages, wherever it runs, and returns its bytes
   * (spec 13.3) with what it covers. When a snapshot policy is set it also becomes the one a
   * fail-over resumes from, once the page has received the replies it covers.
   * @returns {Promise<WorkerSnapshot>}
   */
  async snapshot() {
    await this.ready;
    if (this.#terminated || !this.#session) throw new Error('DistributedWorker: the worker has ended');
    return publicSnapshot(await this.#capture(this.#session));
  }

  /**
   * Moves the running worker, with its state, to `target`: `'local'` (this browser) or a utility's
   * URL. Messages posted meanwhile wait and follow; no reply is lost or repeated.
   * @param {'local' | string | URL} target
   * @returns {Promise<PlacementDetail & {snapshot: WorkerSnapshot}>}
   */
  async moveTo(target) {
    await this.ready;
    if (this.#terminated || !this.#session) throw new Error('DistributedWorker: the worker has ended');
    if (this.#moving) throw new Error('DistributedWorker: a move is already under way');
    if (target !== 'local' && agentPresent()) throw new Error('DistributedWorker: the browser chooses utilities; a page may move its worker only to \'local\'');
    /** @type {Decision} */
    const decision = target === 'local'
      ? { placement: 'local', utility: null }
      : { placement: 'remote', utility: new URL(target, globalThis.location?.href).origin };
    const session = this.#session;
    const from = this.placement === 'local' ? 'this browser' : this.utility;
    this.#moving = true;
    try {
      await this.#snapshotting?.catch(() => {});
      let snapshot = await this.#capture(session, { commit: false });
      // Without a replay log every message sent must be in the snapshot: frames still on their way
      // to the utility are accepted a moment later, so take it again until they are.
      for (let tries = 0; !this.#keepLog && snapshot.lastSequence < this.#sequence; tries++) {
        if (tries === 100) throw new Error('the worker did not take the messages already sent');
        await new Promise((resolve) => setTimeout(resolve, 20));
        snapshot = await this.#capture(session, { commit: false });
      }
      await session.events.reached(snapshot.coversEventsThrough);
      const replay = replayAfter(this.#log, snapshot);
      decision.reason = `moved from ${from} with its state (snapshot ${snapshot.id ?? ''} covering messages through ${snapshot.lastSequence})`.replace('  ', ' ');
      const next = await this.#start(decision, { snapshot, replay, source: session });
      this.#switchTo(next, decision, { snapshot, replay, source: session });
      session.close();
      emit(this, 'placement', this.#decisionSummary());
      return { ...this.#decisionSummary(), snapshot: publicSnapshot(snapshot) };
    } finally {
      this.#moving = false;
      if (this.#session?.open) for (const message of this.#pending.splice(0)) this.#send(message);
    }
  }

  /** Ends the worker at once, wherever it runs. */
  terminate() {
    if (this.#terminated) return;
    this.#terminated = true;
    this.placement = 'ended';
    this.#pending = [];
    this.#log = [];
    this.#stopTimer();
    this.#session?.close();
    this.#session = null;
  }

  /** @param {WireMessage} message sent on the current session, numbered as the worker will and logged for replay */
  #send(message) {
    const seq = ++this.#sequence;
    if (this.#keepLog) this.#log.push({ seq, message });
    this.#session?.send(message);
    const every = this.#options.snapshots?.everyMessages;
    if (every && this.placement === 'remote' && ++this.#sinceSnapshot >= every) {
      this.#sinceSnapshot = 0;
      this.#autoSnapshot();
    }
  }

  /**
   * Chooses a place, starts the worker there (from a snapshot when `resume` carries one) and
   * flushes the messages posted meanwhile.
   * @param {string[]} utilities
   * @param {'start' | 'failover'} why
   * @param {Resume} [resume]
   * @returns {Promise<PlacementDetail>}
   */
  async #place(utilities, why, resume) {
    const options = this.#options;
    const usable = utilities.filter((u) => !this.#failed.has(u));
    const allowLocal = options.placement !== 'remote';
    /** @type {Decision | undefined} */
    let decision;
    /** @type {PlacedSession | null | undefined} */
    let session;
    try {
      decision = options.placement === 'local'
        ? { placement: 'local', utility: null, reason: "placement 'local' was asked for", candidates: [] }
        : await (agentPresent() ? AgentSession.place(this.#manifestUrl, options, allowLocal, why) : choosePlacement(this.#manifestUrl, options, usable, allowLocal));
      this.candidates = decision.candidates ?? [];
      if (this.#terminated) return this.#decisionSummary();
      session = await this.#start(decision, resume);
    } catch (error) {
      if (decision?.placement === 'remote' && allowLocal && !this.#terminated) {
        // The chosen utility refused or broke while starting: the page still gets its worker.
        this.#failed.add(decision.utility);
        decision = { placement: 'local', utility: null, reason: decision.agent ? 'chosen' : refusalReason(decision.utility ?? '', /** @type {Error} */ (error)) };
        session = await this.#start(decision, resume).catch((e) => this.#fail(e));
      } else {
        this.#fail(/** @type {Error} */ (error));
      }
      if (!session) throw error;
    }
    if (this.#terminated) {
      session.close();
      return this.#decisionSummary();
    }
    this.#switchTo(session, /** @type {Decision} */ (decision), resume);
    if (why === 'start') emit(this, 'placement', this.#decisionSummary());
    return this.#decisionSummary();
  }

  /**
   * Makes `session` the current one: without `resume` a fresh worker (numbering from 1); with it,
   * the worker restored from `resume.snapshot`, which gets the messages sent after the snapshot
   * again and whose first `resume.drop` events are replies the page already has.
   * @param {PlacedSession} session
   * @param {Decision} decision
   * @param {Resume} [resume]
   */
  #switchTo(session, decision, resume) {
    const old = this.#session;
    if (old && old !== session) old.events.closed = true;
    let drop = 0;
    if (resume?.source) drop = Math.max(0, resume.source.events.lastEventId - resume.snapshot.coversEventsThrough);
    else if (resume) drop = resume.drop ?? 0;
    this.#session = session;
    this.placement = decision.placement;
    this.utility = decision.utility;
    this.placementReason = decision.reason ?? '';
    this.#uncommitted = [];
    this.#sinceSnapshot = 0;
    this.#log = [];
    if (resume) {
      this.#sequence = resume.snapshot.lastSequence;
      // The restored worker numbers events from 1: the snapshot's position is event 0 there.
      this.#committed = this.#keepLog ? { ...resume.snapshot, events: session.events, eventBase: 0 } : null;
      session.events.dropThrough = drop;
      for (const message of resume.replay ?? []) this.#send(message);
    } else {
      this.#sequence = 0;
      this.#committed = null;
    }
    session.events.dropped = drop;
    session.events.release();
    if (!this.#moving) for (const message of this.#pending.splice(0)) this.#send(message);
  }

  /** @returns {PlacementDetail} */
  #decisionSummary() {
    return { placement: this.placement, reason: this.placementReason, utility: this.utility };
  }

  /**
   * @param {Decision} decision
   * @param {Resume} [resume]
   * @returns {Promise<PlacedSession>}
   */
  #start(decision, resume) {
    const events = new EventCursor(() => this.#eventsAdvanced(events));
    /** @type {import('./session.js').SessionSink} */
    const sink = {
      message: (kind, payload, id) => events.admit(id, () => {
        this.dispatchEvent(new MessageEvent('message', { data: kind === KIND_TEXT ? JSON.parse(/** @type {string} */ (payload)) : payload }));
      }),
      log: (stream, text, id) => events.admit(id, () => {
        if (this.#options.logToConsole) (stream === 'stderr' ? console.warn : console.log)(`[worker] ${text}`);
        emit(this, 'log', { stream, text });
      }),
      problem: (problem, id) => events.admit(id, () => raise(this, problem)),
      exit: (detail, id) => events.admit(id, () => {
        this.placement = 'ended';
        this.#terminated = true;
        this.#stopTimer();
        emit(this, 'exit', detail);
      }),
      skip: (id) => events.admit(id, () => {}),
      lost: (session, why) => this.#failOver(session, why),
    };
    const snapshot = resume?.snapshot;
    const session = decision.agent ? decision.agent.start(sink, snapshot) : decision.placement === 'remote'
      ? RemoteSession.start(decision.utility ?? '', this.#manifestUrl, this.#options.integrity, sink, snapshot,
        accessTokenFor(decision.utility ?? '', this.#options))
      : LocalSession.start(this.#manifestUrl, this.#options.integrity, sink, snapshot?.bytes);
    return session.then((s) => Object.assign(s, { events, where: decision.placement === 'local' ? 'local' : decision.utility ?? '' }));
  }

  /** Commits the newest snapshot whose `events` the page has all received; wakes a waiting move. @param {EventCursor} events */
  #eventsAdvanced(events) {
    const ready = this.#uncommitted.filter((s) => s.events === events && s.coversEventsThrough <= events.lastEventId);
    if (ready.length === 0) return;
    const newest = ready.reduce((a, b) => (b.lastSequence >= a.lastSequence ? b : a));
    this.#uncommitted = this.#uncommitted.filter((s) => s.events === events && s.lastSequence > newest.lastSequence);
    this.#committed = { ...newest, eventBase: newest.coversEventsThrough };
    this.#log = this.#log.filter((entry) => entry.seq > newest.lastSequence);
    emit(this, 'snapshot', publicSnapshot(newest));
  }

  #autoSnapshot() {
    if (this.#snapshotting) {
      this.#snapshotAgain = true;
      return;
    }
    const session = this.#session;
    if (!session?.open) return;
    this.#snapshotting = this.#capture(session).catch((error) => {
      if (this.#options.logToConsole && session === this.#session && !this.#terminated) {
        console.warn(`[DistributedWorker] a snapshot failed: ${error.message}`);
      }
    }).finally(() => {
      this.#snapshotting = null;
      if (this.#snapshotAgain && !this.#terminated) {
        this.#snapshotAgain = false;
        this.#autoSnapshot();
      }
    });
  }

  /**
   * Takes a snapshot of `session` and, with a replay log, offers it for commitment.
   * @param {PlacedSession} session
   * @returns {Promise<HeldSnapshot>}
   */
  async #capture(session, { commit = true } = {}) {
    const snapshot = heldSnapshot(await session.snapshot(), session);
    if (commit && this.#keepLog && session === this.#session) {
      this.#uncommitted.push(snapshot);
      this.#eventsAdvanced(session.events);
    }
    return snapshot;
  }

  /**
   * The utility went away mid-session: resume from the latest snapshot elsewhere, or restart and say so.
   * @param {import('./session.js').Session} session
   * @param {string} why
   */
  async #failOver(session, why) {
    if (session !== this.#session || this.#terminated) return;
    const from = { placement: this.placement, utility: this.utility };
    this.#failed.add(this.utility);
    this.#session = null;
    this.placement = 'pending';
    const events = /** @type {EventCursor} */ (session.events);
    events.closed = true;
    const resume = resumeAfterLoss(this.#committed, events, this.#log);
    const snapshot = resume?.snapshot ?? null;
    try {
      await this.#place(this.#options.utilities, 'failover', resume);
    } catch {
      return; // #fail has reported it
    }
    const current = /** @type {PlacedSession | null} */ (this.#session); // #place has set it
    const dropped = current?.events.dropped ?? resume?.drop ?? 0;
    const detail = failoverDetail({
      from, to: this.#decisionSummary(), why, snapshot, replayed: resume?.replay.length ?? 0, dropped, keepLog: this.#keepLog,
    });
    emit(this, 'failover', detail);
  }

  #stopTimer() {
    if (this.#timer !== null) clearInterval(this.#timer);
    this.#timer = null;
  }

  /** @param {Error & {problem?: import('../distributed-worker.js').Problem}} error */
  #fail(error) {
    this.placement = 'ended';
    this.#terminated = true;
    this.#stopTimer();
    raise(this, error.problem ?? { type: `${PROBLEM}unavailable`, title: 'The worker could not be started', detail: error.message });
    emit(this, 'exit', { reason: 'failed' });
    return null;
  }
}
