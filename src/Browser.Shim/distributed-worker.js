// distributed-worker.js — DistributedWorker for web pages: a Web Worker whose thread may run on a
// compute utility nearby (spec/compute-utility.md) or, when none is worth it, in this browser.
//
//   import { DistributedWorker } from './distributed-worker.js';
//   const worker = new DistributedWorker('/app/echo/manifest.json', {
//     integrity: 'sha256-…', utility: 'http://127.0.0.1:8470', placement: 'auto' });
//   worker.onmessage = (e) => console.log(e.data, worker.placement, worker.placementReason);
//   worker.postMessage({ hello: 'worker' });
//
// With `snapshots: { everyMessages: 20 }` a worker on a utility that vanishes resumes with its
// state elsewhere (spec 13); `worker.snapshot()`, `worker.moveTo(target)` and
// `DistributedWorker.restore(bytes, options)` move state by hand.
//
// One file, no build step, no dependencies: the local fallback's Web Worker is made from the
// source of localWorkerMain below, so the file works when copied anywhere.

const KIND_TEXT = 0;
const KIND_BINARY = 1;
const PROBLEM = 'urn:compute-utility:problem:';

/** Why a worker runs locally after `utility` refused to start it; a page the owner has not allowed yet says so (CU-PERM-7). */
function refusalReason(utility, error) {
  if (error.problem?.type === `${PROBLEM}origin-not-permitted`) {
    return `the owner of ${utility} has not allowed this page's origin yet (${error.problem.detail ?? error.message}); running locally instead`;
  }
  return `${utility} could not start the worker (${error.message}); running locally instead`;
}
const WELL_KNOWN = '/.well-known/compute-utility';
const SNAPSHOT_TYPE = 'application/vnd.compute-utility.snapshot';
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
 * `{placement, reason, utility}`), `snapshot`, `failover` and `exit` (detail `{reason, exitCode?}`).
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
  // State-preserving fail-over (spec 13): the messages sent to the current worker are numbered as
  // the worker numbers them (its inbound sequence); those after the latest committed snapshot are
  // kept to replay. A snapshot is committed once the page has received every event it covers, so
  // a resume never skips a reply the page has not seen.
  #sequence = 0;
  #log = [];
  #keepLog;
  #committed = null;
  #uncommitted = [];
  #sinceSnapshot = 0;
  #snapshotting = null;
  #snapshotAgain = false;
  #timer = null;
  #moving = false;

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
    const policy = options.snapshots;
    if (policy !== undefined && policy !== null) {
      const positive = (n) => n === undefined || (Number.isFinite(n) && n > 0);
      if (typeof policy !== 'object' || !positive(policy.everyMessages) || !positive(policy.everyMs)) {
        throw new TypeError('DistributedWorker: snapshots must be { everyMessages?: n > 0, everyMs?: t > 0 }');
      }
    }
    this.#manifestUrl = new URL(manifestUrl, globalThis.location?.href).href;
    const utilities = [options.utility ?? []].flat().map((u) => new URL(u, globalThis.location?.href).origin);
    this.#options = { ...DEFAULTS, ...options, placement, utilities };
    this.#keepLog = Boolean(policy);
    let resume;
    if (options.resumeFrom) {
      const bytes = toArrayBuffer(options.resumeFrom);
      const parsed = parseSnapshot(bytes);
      if (parsed.header.package?.integrity !== options.integrity) {
        throw new TypeError('DistributedWorker: the snapshot is of another package than options.integrity names');
      }
      resume = { snapshot: { bytes, ...snapshotPosition(parsed), coversEventsThrough: parsed.header.coversEventsThrough ?? 0 }, drop: 0, replay: [] };
    }
    if (policy?.everyMs) {
      this.#timer = setInterval(() => { if (this.placement === 'remote' && !this.#moving) this.#autoSnapshot(); }, policy.everyMs);
    }
    this.ready = this.#place(utilities, 'start', resume);
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
    const bytes = toArrayBuffer(snapshot?.bytes ?? snapshot);
    const { header } = parseSnapshot(bytes);
    if (options.integrity !== undefined && options.integrity !== header.package.integrity) {
      throw new TypeError('DistributedWorker.restore: the snapshot is of another package than options.integrity names');
    }
    return new DistributedWorker(header.package.url, { ...options, integrity: header.package.integrity, resumeFrom: bytes });
  }

  /** @param {((event: MessageEvent) => void) | null} handler */
  set onmessage(handler) { this.#setHandler('message', handler); }
  get onmessage() { return this.#handlers.get('message') ?? null; }
  /** @param {((event: ErrorEvent) => void) | null} handler */
  set onerror(handler) { this.#setHandler('error', handler); }
  get onerror() { return this.#handlers.get('error') ?? null; }

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
    const decision = target === 'local'
      ? { placement: 'local', utility: null }
      : { placement: 'remote', utility: new URL(target, globalThis.location?.href).origin };
    const session = this.#session;
    const from = this.#where();
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
      const replay = this.#log.filter((entry) => entry.seq > snapshot.lastSequence).map((entry) => entry.message);
      decision.reason = `moved from ${from} with its state (snapshot ${snapshot.id ?? ''} covering messages through ${snapshot.lastSequence})`.replace('  ', ' ');
      const next = await this.#start(decision, { snapshot, replay, source: session });
      this.#switchTo(next, decision, { snapshot, replay, source: session });
      session.close();
      this.#emit('placement', this.#decisionSummary());
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

  #setHandler(type, handler) {
    const old = this.#handlers.get(type);
    if (old) this.removeEventListener(type, old);
    this.#handlers.delete(type);
    if (typeof handler === 'function') {
      this.#handlers.set(type, handler);
      this.addEventListener(type, handler);
    }
  }

  /** Sends on the current session, numbering the message as the worker will and logging it for replay. */
  #send(message) {
    const seq = ++this.#sequence;
    if (this.#keepLog) this.#log.push({ seq, message });
    this.#session.send(message);
    const every = this.#options.snapshots?.everyMessages;
    if (every && this.placement === 'remote' && ++this.#sinceSnapshot >= every) {
      this.#sinceSnapshot = 0;
      this.#autoSnapshot();
    }
  }

  /**
   * Chooses a place, starts the worker there (from a snapshot when `resume` carries one) and
   * flushes the messages posted meanwhile.
   */
  async #place(utilities, why, resume) {
    const options = this.#options;
    const usable = utilities.filter((u) => !this.#failed.has(u));
    const allowLocal = options.placement !== 'remote';
    let decision;
    let session;
    try {
      decision = options.placement === 'local'
        ? { placement: 'local', utility: null, reason: "placement 'local' was asked for", candidates: [] }
        : await choosePlacement(this.#manifestUrl, options, usable, allowLocal);
      this.candidates = decision.candidates;
      if (this.#terminated) return this.#decisionSummary();
      session = await this.#start(decision, resume);
    } catch (error) {
      if (decision?.placement === 'remote' && allowLocal && !this.#terminated) {
        // The chosen utility refused or broke while starting: the page still gets its worker.
        this.#failed.add(decision.utility);
        decision = { placement: 'local', utility: null, reason: refusalReason(decision.utility, error) };
        session = await this.#start(decision, resume).catch((e) => this.#fail(e));
      } else {
        this.#fail(error);
      }
      if (!session) throw error;
    }
    if (this.#terminated) {
      session.close();
      return this.#decisionSummary();
    }
    this.#switchTo(session, decision, resume);
    if (why === 'start') this.#emit('placement', this.#decisionSummary());
    return this.#decisionSummary();
  }

  /**
   * Makes `session` the current one: without `resume` a fresh worker (numbering from 1); with it,
   * the worker restored from `resume.snapshot`, which gets the messages sent after the snapshot
   * again and whose first `resume.drop` events are replies the page already has.
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
    this.placementReason = decision.reason;
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

  #decisionSummary() {
    return { placement: this.placement, reason: this.placementReason, utility: this.utility };
  }

  #where() {
    return this.placement === 'local' ? 'this browser' : this.utility;
  }

  #start(decision, resume) {
    const events = new EventCursor(() => this.#eventsAdvanced(events));
    const sink = {
      message: (kind, payload, id) => events.admit(id, () => {
        this.dispatchEvent(new MessageEvent('message', { data: kind === KIND_TEXT ? JSON.parse(payload) : payload }));
      }),
      log: (stream, text, id) => events.admit(id, () => {
        if (this.#options.logToConsole) (stream === 'stderr' ? console.warn : console.log)(`[worker] ${text}`);
        this.#emit('log', { stream, text });
      }),
      problem: (problem, id) => events.admit(id, () => this.#raise(problem)),
      exit: (detail, id) => events.admit(id, () => {
        this.placement = 'ended';
        this.#terminated = true;
        this.#stopTimer();
        this.#emit('exit', detail);
      }),
      skip: (id) => events.admit(id, () => {}),
      lost: (session, why) => this.#failOver(session, why),
    };
    const snapshot = resume?.snapshot;
    const session = decision.placement === 'remote'
      ? RemoteSession.start(decision.utility, this.#manifestUrl, this.#options.integrity, sink, snapshot, false,
        accessTokenFor(decision.utility, this.#options))
      : LocalSession.start(this.#manifestUrl, this.#options.integrity, sink, snapshot?.bytes);
    return session.then((s) => {
      s.events = events;
      s.where = decision.placement === 'local' ? 'local' : decision.utility;
      return s;
    });
  }

  /** Commits the newest snapshot whose events the page has all received; wakes a waiting move. */
  #eventsAdvanced(events) {
    const ready = this.#uncommitted.filter((s) => s.events === events && s.coversEventsThrough <= events.lastEventId);
    if (ready.length === 0) return;
    const newest = ready.reduce((a, b) => (b.lastSequence >= a.lastSequence ? b : a));
    this.#uncommitted = this.#uncommitted.filter((s) => s.events === events && s.lastSequence > newest.lastSequence);
    this.#committed = { ...newest, eventBase: newest.coversEventsThrough };
    this.#log = this.#log.filter((entry) => entry.seq > newest.lastSequence);
    this.#emit('snapshot', publicSnapshot(newest));
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

  /** Takes a snapshot of `session` and, with a replay log, offers it for commitment. */
  async #capture(session, { commit = true } = {}) {
    const raw = await session.snapshot();
    const parsed = parseSnapshot(raw.bytes);
    const snapshot = {
      ...raw,
      ...snapshotPosition(parsed),
      coversEventsThrough: raw.coversEventsThrough ?? parsed.header.coversEventsThrough ?? 0,
      sizeBytes: raw.bytes.byteLength,
      takenOn: session.where,
      events: session.events,
    };
    if (commit && this.#keepLog && session === this.#session) {
      this.#uncommitted.push(snapshot);
      this.#eventsAdvanced(session.events);
    }
    return snapshot;
  }

  /** The utility went away mid-session: resume from the latest snapshot elsewhere, or restart and say so. */
  async #failOver(session, why) {
    if (session !== this.#session || this.#terminated) return;
    const from = { placement: this.placement, utility: this.utility };
    this.#failed.add(this.utility);
    this.#session = null;
    this.placement = 'pending';
    session.events.closed = true;
    const snapshot = this.#committed?.events === session.events ? this.#committed : null;
    let resume;
    if (snapshot) {
      const replay = this.#log.filter((entry) => entry.seq > snapshot.lastSequence).map((entry) => entry.message);
      const drop = Math.max(0, session.events.lastEventId - snapshot.eventBase);
      resume = { snapshot, replay, drop };
    }
    try {
      await this.#place(this.#options.utilities, 'failover', resume);
    } catch {
      return; // #fail has reported it
    }
    const where = this.placement === 'local' ? 'locally, in this browser' : `on ${this.utility}`;
    const detail = { from, to: this.#decisionSummary(), reason: why, stateCarriedOver: Boolean(snapshot) };
    if (snapshot) {
      const dropped = this.#session?.events.dropped ?? resume.drop;
      Object.assign(detail, {
        snapshot: publicSnapshot(snapshot),
        replayedMessages: resume.replay.length,
        droppedEvents: dropped,
        message: `The utility ${from.utility} failed (${why}). The worker resumed ${where} with its state carried over `
          + `from snapshot ${snapshot.id ?? '(local)'} (taken on ${snapshot.takenOn}, covering messages through ${snapshot.lastSequence}); `
          + `${resume.replay.length} later message(s) were sent again and ${dropped} reply event(s) the page already had were dropped.`,
      });
    } else {
      detail.message = `The utility ${from.utility} failed (${why}). The worker was restarted ${where}; `
        + 'its state was NOT carried over: it starts from scratch, and messages it had not answered are lost. '
        + (this.#keepLog ? '(No snapshot had been completed yet.)' : '(Set the snapshots option to carry state over.)');
    }
    this.#emit('failover', detail);
  }

  #stopTimer() {
    if (this.#timer !== null) clearInterval(this.#timer);
    this.#timer = null;
  }

  #fail(error) {
    this.placement = 'ended';
    this.#terminated = true;
    this.#stopTimer();
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

/**
 * The events of one session: the last id received, the ids a resume must drop (replies the page
 * already has), and a hold until the session is the current one, so nothing interleaves.
 */
class EventCursor {
  lastEventId = 0;
  dropThrough = 0;
  dropped = 0;
  closed = false;
  #held = [];
  #waiters = [];
  #advanced;

  constructor(advanced) {
    this.#advanced = advanced;
  }

  /** Handles event `id` (undefined for hosts without ids): delivers it unless it is a repeat. */
  admit(id, deliver) {
    if (this.closed) return;
    if (this.#held) {
      this.#held.push([id, deliver]);
      return;
    }
    if (typeof id === 'number') this.lastEventId = Math.max(this.lastEventId, id);
    if (!(typeof id === 'number' && id <= this.dropThrough)) deliver();
    this.#advanced();
    for (const waiter of this.#waiters.filter((w) => w.id <= this.lastEventId)) {
      this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
      waiter.resolve();
    }
  }

  release() {
    const held = this.#held ?? [];
    this.#held = null;
    for (const [id, deliver] of held) this.admit(id, deliver);
  }

  /** Settles once event `id` has been received (a move waits for the replies a snapshot covers). */
  reached(id, ms = 30000) {
    if (id <= this.lastEventId) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const waiter = { id, resolve };
      this.#waiters.push(waiter);
      setTimeout(() => reject(new Error(`the replies through event ${id} did not arrive within ${ms} ms`)), ms);
    });
  }
}

/** The last inbound sequence number a snapshot holds: its undelivered messages come after coversMessagesThrough. */
function snapshotPosition(parsed) {
  const covers = parsed.header.coversMessagesThrough ?? 0;
  const last = parsed.pending.reduce((max, m) => Math.max(max, m.sequence), covers);
  return { coversMessagesThrough: covers, lastSequence: last };
}

function publicSnapshot(s) {
  return {
    id: s.id ?? null, bytes: s.bytes, sizeBytes: s.bytes.byteLength, digest: s.digest ?? null,
    coversMessagesThrough: s.coversMessagesThrough, coversEventsThrough: s.coversEventsThrough,
    lastSequence: s.lastSequence, takenOn: s.takenOn ?? null, createdAt: s.createdAt ?? null,
  };
}

function toArrayBuffer(data) {
  if (data instanceof ArrayBuffer) return data;
  if (ArrayBuffer.isView(data)) return data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength);
  throw new TypeError('DistributedWorker: snapshot bytes must be an ArrayBuffer or a typed array');
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
// Access tokens (spec 4.1): a utility that serves its network asks devices for a token its owner issued.

const PAIRED_TOKEN_KEY = 'compute-utility.access-token';

/**
 * The access token to send to `utility`: the option (one token, or one per utility origin), else, for a page
 * served by that utility itself, the token its /pair page kept.
 */
function accessTokenFor(utility, options) {
  const origin = new URL(utility).origin;
  const given = options.accessToken;
  if (typeof given === 'string') return given;
  if (given && typeof given === 'object') return given[origin] ?? given[`${origin}/`];
  if (typeof location !== 'undefined' && location.origin === origin) {
    try { return globalThis.localStorage?.getItem(PAIRED_TOKEN_KEY) ?? undefined; } catch { return undefined; }
  }
  return undefined;
}

/** Reads a pairing link (`https://utility:8471/pair#token=…`, from the utility's dashboard) into utility and token. */
export function parsePairingLink(link) {
  const url = new URL(link);
  const token = new URLSearchParams(url.hash.slice(1)).get('token');
  if (url.pathname !== '/pair' || !token) throw new Error('not a pairing link: expected <utility>/pair#token=…');
  return { utility: url.origin, accessToken: token };
}

// Placement: descriptors, round trips, estimates, probes — the cheapest place wins.

/**
 * @returns {Promise<{placement: 'remote' | 'local', utility: string | null, reason: string, candidates: CandidateReport[]}>}
 */
async function choosePlacement(manifestUrl, options, utilities, allowLocal) {
  const candidates = await Promise.all(utilities.map((u) => inspectUtility(u, manifestUrl, options)));
  // A page sees load only as a pressure state (spec 5.1): a critical utility goes last, the rest by expected cost.
  const usable = candidates.filter((c) => c.usable).sort((a, b) => pressureRank(a) - pressureRank(b) || a.score - b.score);
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
    best.probeMs = await timeProbe((sink) => RemoteSession.start(best.utility, manifestUrl, options.integrity, sink, undefined, false,
      accessTokenFor(best.utility, options)), options)
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
    heartbeatIntervals.set(utility, descriptor.limits?.heartbeatIntervalMs);
    const features = descriptor.features ?? [];
    const cu1 = (descriptor.runtimes ?? []).some((r) => (r.abi ?? []).includes('cu1'));
    if (!features.includes('workers') || !features.includes('channel.websocket') || !cu1) {
      throw new Error('it offers no cu1 workers over WebSocket');
    }
    if (descriptor.policies?.authentication === 'access-token' && !accessTokenFor(utility, options)) {
      throw new Error('it serves paired devices only and no access token was given for it (option accessToken, or a pairing link)');
    }
    report.load = descriptor.load;
    report.pressure = PRESSURE_STATES.includes(descriptor.load?.pressure) ? descriptor.load.pressure : undefined;
    report.note = `round trip ${fmt(report.rttMs)} ms${report.pressure ? `, pressure ${report.pressure}` : ''}`;
    if (features.includes('estimates')) {
      report.estimate = await askEstimate(utility, descriptor, manifestUrl, options);
      report.note += report.estimate ? `, estimate ${fmt(report.estimate.totalMs)} ms` : ', no estimate';
    } else {
      report.note += ', estimates not offered';
    }
    report.score = report.rttMs + (report.estimate?.totalMs ?? 0);
    report.usable = true;
  } catch (error) {
    report.note = error.name === 'TimeoutError' ? `no answer within ${options.timeoutMs} ms`
      : error.name === 'TypeError' ? await networkRefusal(utility, error) : error.message;
  }
  return report;
}

const PRESSURE_STATES = ['nominal', 'fair', 'serious', 'critical'];

/** 1 for a utility at its limits (pressure critical), else 0. @param {CandidateReport} candidate */
const pressureRank = (candidate) => (candidate.pressure === 'critical' ? 1 : 0);

/**
 * Why a fetch failed as a network error: under Local Network Access a public page needs the user's
 * permission ('loopback-network' for this machine, 'local-network' for the LAN) to reach a utility.
 */
async function networkRefusal(utility, error) {
  const host = new URL(utility).hostname;
  const name = host === 'localhost' || host === '[::1]' || host.startsWith('127.') ? 'loopback-network' : 'local-network';
  const state = await navigator.permissions?.query({ name }).then((s) => s.state, () => null);
  if (state === 'denied') return `the browser refused to reach the local network: the Local Network Access permission '${name}' is denied to this page (${error.message})`;
  if (state === 'prompt') return `${error.message}: nothing answered, or the browser refused to reach the local network (the Local Network Access permission '${name}' was not granted to this page)`;
  return error.message;
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
    skip: () => {},
    lost: () => sink.onFail(new Error('the probe worker was lost')),
  };
  return sink;
}

// Heartbeats (spec 9.4): the interval each utility's descriptor publishes, and the silence after which a channel counts as
// closed. A utility that publishes none is watched only once it has sent a heartbeat, at the spec's default interval.
const heartbeatIntervals = new Map();
const HEARTBEAT_FALLBACK_MS = 15000;
const HEARTBEAT_MISSES = 3;

const fmt = (ms) => (ms === Infinity ? '∞' : ms < 10 ? ms.toFixed(1) : Math.round(ms).toString());

// ---------------------------------------------------------------------------------------------
// Remote: create the worker on the utility, talk over its WebSocket channel (spec section 9).

class RemoteSession {
  /** Sessions whose worker this page still holds: ended when the page goes (see #watchPage). */
  static #live = new Set();
  static #watching = false;
  open = false;
  #socket;
  #worker;
  #ended = false;
  #closing = false;
  #lost = false;
  #heardAt = 0;
  #watchdog = null;

  constructor(socket, worker) {
    this.#socket = socket;
    this.#worker = worker;
  }

  /**
   * Creates the worker on `utility` — from the package, or from a snapshot: pulled by the utility
   * from its source when `pull` is set and the snapshot has a URL (spec 13.4), else uploaded.
   */
  static async start(utility, manifestUrl, integrity, sink, snapshot, pull = false, accessToken = undefined) {
    // The owner's access token, where the utility asks for one (spec 4.1), goes with the creation request only.
    const create = (headers, body) => fetch(new URL('/v1/workers', utility), {
      method: 'POST', mode: 'cors', credentials: 'omit', body,
      headers: accessToken ? { ...headers, authorization: `Bearer ${accessToken}` } : headers,
    });
    let response;
    if (snapshot && pull && snapshot.url && snapshot.token) {
      response = await create({ 'content-type': 'application/json' }, JSON.stringify({ snapshot: snapshot.url, token: snapshot.token }))
        .catch(() => null);
      if (response?.status !== 201) response = null; // e.g. the source is not reachable from there: send the bytes
    }
    response ??= snapshot
      ? await create({ 'content-type': SNAPSHOT_TYPE }, snapshot.bytes)
      : await create({ 'content-type': 'application/json' }, JSON.stringify({ package: manifestUrl, integrity }));
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
    RemoteSession.#live.add(session);
    RemoteSession.#watchPage();
    return session;
  }

  /**
   * A page that goes away ends its remote workers, rather than leave them running until the utility's orphan timeout
   * (CU-WRK-17). A page kept in the back/forward cache (`persisted`) may come back, so its workers stay; if the cache
   * drops it, the orphan timeout ends them.
   */
  static #watchPage() {
    if (RemoteSession.#watching || typeof globalThis.addEventListener !== 'function') return;
    RemoteSession.#watching = true;
    globalThis.addEventListener('pagehide', (event) => {
      if (event.persisted) return;
      for (const session of [...RemoteSession.#live]) session.close();
    });
  }

  send(message) {
    this.#socket.send(message.kind === KIND_TEXT ? message.text : message.bytes);
  }

  /** POST .../snapshots (taken between messages), then the bytes at once with the snapshot token. */
  async snapshot() {
    const { utility, id, token } = this.#worker;
    const response = await fetch(new URL(`/v1/workers/${id}/snapshots`, utility), {
      method: 'POST', mode: 'cors', credentials: 'omit', headers: { authorization: `Bearer ${token}` },
    });
    const body = await response.json().catch(() => ({}));
    if (response.status !== 201) throw new Error(body.detail ?? `taking a snapshot answered ${response.status}`);
    const download = await fetch(body.url, { mode: 'cors', credentials: 'omit', headers: { authorization: `Bearer ${body.token}` } });
    if (!download.ok) throw new Error(`downloading snapshot ${body.id} answered ${download.status}`);
    const bytes = await download.arrayBuffer();
    if (globalThis.crypto?.subtle && typeof body.digest === 'string' && body.digest.startsWith('sha256-')) {
      const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
      if (`sha256-${btoa(String.fromCharCode(...digest))}` !== body.digest) throw new Error(`snapshot ${body.id} does not match its digest`);
    }
    return { ...body, bytes };
  }

  close() {
    this.open = false;
    this.#closing = true;
    RemoteSession.#live.delete(this);
    const { utility, id, token } = this.#worker;
    // DELETE ends the worker; closing the channel alone would leave it until the orphan timeout (CU-WRK-16, CU-WRK-17).
    // keepalive: the request outlives a page that is going away (pagehide), its CORS preflight included.
    fetch(new URL(`/v1/workers/${id}`, utility), {
      method: 'DELETE', mode: 'cors', credentials: 'omit', keepalive: true,
      headers: { authorization: `Bearer ${token}` },
    }).catch(() => {});
    this.#stopWatching();
    this.#socket.close(1000);
  }

  /**
   * Watches the channel for silence: no frame at all for 3 heartbeat intervals means a utility that hangs (a stopped
   * process, a machine gone to sleep) behind a socket that stays open; the channel then counts as closed (CU-CHAN-31).
   */
  #watch(intervalMs, sink) {
    if (this.#watchdog !== null || !(intervalMs > 0)) return;
    this.#watchdog = setInterval(() => {
      const silentMs = performance.now() - this.#heardAt;
      if (silentMs < HEARTBEAT_MISSES * intervalMs || this.#closing || this.#ended) return;
      // The worker there is of no use now; the DELETE ends it if the utility comes back, rather than leave it to the orphan timeout.
      const { utility, id, token } = this.#worker;
      fetch(new URL(`/v1/workers/${id}`, utility), {
        method: 'DELETE', mode: 'cors', credentials: 'omit', keepalive: true, headers: { authorization: `Bearer ${token}` },
      }).catch(() => {});
      this.#lose(sink, `the utility sent nothing for ${Math.round(silentMs)} ms, ${HEARTBEAT_MISSES} heartbeat intervals of ${intervalMs} ms`);
      this.#socket.close(1000);
    }, Math.max(50, intervalMs / 4));
  }

  #stopWatching() {
    if (this.#watchdog !== null) clearInterval(this.#watchdog);
    this.#watchdog = null;
  }

  /** The channel is gone without exit (closed, broken or silent): once only, whichever is noticed first. */
  #lose(sink, why) {
    this.open = false;
    this.#stopWatching();
    RemoteSession.#live.delete(this);
    if (this.#lost || this.#closing || this.#ended) return;
    this.#lost = true;
    sink.lost(this, why);
  }

  #wire(sink) {
    const socket = this.#socket;
    const published = heartbeatIntervals.get(this.#worker.utility);
    this.#heardAt = performance.now();
    this.#watch(published, sink);
    socket.onmessage = (event) => {
      this.#heardAt = performance.now();
      if (typeof event.data !== 'string') {
        // 8-byte big-endian event id, then the payload
        const id = Number(new DataView(event.data).getBigUint64(0, false));
        sink.message(KIND_BINARY, event.data.slice(8), id);
        return;
      }
      const envelope = JSON.parse(event.data);
      if (envelope.type === 'heartbeat') {
        socket.send(''); // the answer: a zero-length text frame, not a message (CU-CHAN-29)
        this.#watch(published ?? HEARTBEAT_FALLBACK_MS, sink);
        return;
      }
      const id = envelope.id;
      switch (envelope.type) {
        case 'message': sink.message(KIND_TEXT, JSON.stringify(envelope.data), id); break;
        case 'log': sink.log(envelope.data.stream, envelope.data.text, id); break;
        case 'error': sink.problem(envelope.data, id); break;
        case 'exit':
          if (envelope.data.reason === 'shutdown') { sink.skip(id); break; } // the utility is going away: a failover, not an end
          this.#ended = true;
          sink.exit(envelope.data, id);
          break;
        default: sink.skip(id); break; // gap and kinds this version does not know
      }
    };
    socket.onclose = (event) => {
      // This session never reopens its own channel, so a takeover (4001, CU-CHAN-4) is another client holding the token.
      const why = event.code === 1001 ? 'the utility is shutting down (1001)'
        : event.code === 1006 ? 'the connection to the utility broke (1006)'
          : event.code === 4001 ? 'another client with this worker\'s token took the channel over (4001)'
          : event.code === 4002 ? 'the utility heard nothing from this page for 3 heartbeat intervals (4002)'
          : `the channel closed with ${event.code}${event.reason ? ` ${event.reason}` : ''}`;
      this.#lose(sink, why);
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

    // The worker runs from source text: the snapshot format functions go with it.
    const source = `${parseSnapshot.toString()}\n${writeSnapshot.toString()}\n(${localWorkerMain.toString()})();`;
    const scriptUrl = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
    const worker = new Worker(scriptUrl, { name: `${manifest.name} (local)` });
    URL.revokeObjectURL(scriptUrl);
    const session = new LocalSession(worker);
    let starting;
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

  #requests = new Map();
  #nextRequest = 1;

  /** Asks the worker for a snapshot of itself; it answers between two messages, in the format of spec 13.3. */
  snapshot() {
    const request = this.#nextRequest++;
    return new Promise((resolve, reject) => {
      this.#requests.set(request, { resolve, reject });
      this.#worker.postMessage({ type: 'snapshot', request });
    });
  }

  #settle({ request, bytes, error, coversMessagesThrough, coversEventsThrough }) {
    const pending = this.#requests.get(request);
    this.#requests.delete(request);
    if (error) pending?.reject(new Error(error));
    else pending?.resolve({ bytes, coversMessagesThrough, coversEventsThrough, createdAt: new Date().toISOString() });
  }

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

// ---------------------------------------------------------------------------------------------
// The snapshot format (spec 13.3). Self-contained functions: the local Web Worker gets their source.

/**
 * Reads snapshot bytes: the header, where each non-zero page's 65536 bytes are (`offset` into the
 * bytes), and the undelivered messages. Throws on bytes that do not follow the format.
 * @param {ArrayBuffer} buffer
 * @returns {{header: any, memoryBytes: number, pages: Array<{index: number, offset: number}>, pending: Array<{kind: number, sequence: number, payload: Uint8Array}>}}
 */
export function parseSnapshot(buffer) {
  const PAGE = 65536;
  const bytes = buffer instanceof ArrayBuffer ? new Uint8Array(buffer) : new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const invalid = (why) => new Error(`The snapshot is not in the snapshot format: ${why}.`);
  const need = (at, count) => { if (at + count > bytes.length) throw invalid('it ends early'); };
  need(0, 12);
  if (bytes[0] !== 0x00 || bytes[1] !== 0x63 || bytes[2] !== 0x75 || bytes[3] !== 0x73) throw invalid('it does not start with the snapshot magic bytes');
  if (view.getUint32(4, true) !== 1) throw invalid('its format version is not 1');
  const headerLength = view.getUint32(8, true);
  need(12, headerLength);
  let header;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(12, 12 + headerLength)));
  } catch {
    throw invalid('its header is not UTF-8 JSON');
  }
  if (header?.format !== 'cu-snapshot-1') throw invalid(`its header names format '${header?.format}'`);
  let at = 12 + headerLength;
  need(at, 12);
  const memoryBytes = Number(view.getBigUint64(at, true));
  if (memoryBytes % PAGE !== 0 || memoryBytes !== header.memoryBytes) throw invalid('its memory length is not the header\'s, or not whole pages');
  const pageCount = view.getUint32(at + 8, true);
  at += 12;
  const pages = [];
  for (let i = 0, previous = -1; i < pageCount; i++) {
    need(at, 4 + PAGE);
    const index = view.getUint32(at, true);
    if (index <= previous || (index + 1) * PAGE > memoryBytes) throw invalid('its page records are out of order or outside the memory');
    pages.push({ index, offset: bytes.byteOffset + at + 4 });
    previous = index;
    at += 4 + PAGE;
  }
  need(at, 4);
  const count = view.getUint32(at, true);
  at += 4;
  const pending = [];
  for (let i = 0; i < count; i++) {
    need(at, 13);
    const kind = bytes[at];
    if (kind > 1) throw invalid(`message ${i} has kind ${kind}`);
    const sequence = Number(view.getBigUint64(at + 1, true));
    const length = view.getUint32(at + 9, true);
    need(at + 13, length);
    pending.push({ kind, sequence, payload: bytes.slice(at + 13, at + 13 + length) });
    at += 13 + length;
  }
  if (at !== bytes.length) throw invalid('bytes follow the last message record');
  return { header, memoryBytes, pages, pending };
}

/**
 * Writes snapshot bytes: `header` (memoryBytes and pendingMessages are filled in), the non-zero
 * pages of `memory`, and the undelivered messages `pending` ({kind, sequence, payload}).
 * @returns {ArrayBuffer}
 */
export function writeSnapshot(header, memory, pending = []) {
  const PAGE = 65536;
  const mem = memory instanceof Uint8Array ? memory : new Uint8Array(memory.buffer ?? memory);
  if (mem.byteLength % PAGE !== 0) throw new Error('the memory is not a whole number of 64 KiB pages');
  const words = new Uint32Array(mem.buffer, mem.byteOffset, mem.byteLength / 4);
  const pages = [];
  for (let page = 0; page < mem.byteLength / PAGE; page++) {
    for (let i = page * (PAGE / 4), end = i + PAGE / 4; i < end; i++) {
      if (words[i] !== 0) { pages.push(page); break; }
    }
  }
  const headerBytes = new TextEncoder().encode(JSON.stringify({ ...header, memoryBytes: mem.byteLength, pendingMessages: pending.length }));
  const messages = pending.map((m) => ({ ...m, payload: m.payload instanceof Uint8Array ? m.payload : new Uint8Array(m.payload) }));
  const size = 12 + headerBytes.length + 12 + pages.length * (4 + PAGE) + 4 + messages.reduce((n, m) => n + 13 + m.payload.length, 0);
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  out.set([0x00, 0x63, 0x75, 0x73]);
  view.setUint32(4, 1, true);
  view.setUint32(8, headerBytes.length, true);
  out.set(headerBytes, 12);
  let at = 12 + headerBytes.length;
  view.setBigUint64(at, BigInt(mem.byteLength), true);
  view.setUint32(at + 8, pages.length, true);
  at += 12;
  for (const page of pages) {
    view.setUint32(at, page, true);
    out.set(mem.subarray(page * PAGE, (page + 1) * PAGE), at + 4);
    at += 4 + PAGE;
  }
  view.setUint32(at, messages.length, true);
  at += 4;
  for (const { kind, sequence, payload } of messages) {
    out[at] = kind;
    view.setBigUint64(at + 1, BigInt(sequence), true);
    view.setUint32(at + 9, payload.length, true);
    out.set(payload, at + 13);
    at += 13 + payload.length;
  }
  return out.buffer;
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
  let module = null;
  let name = 'worker';
  let pkg = null;
  let ended = false;
  // Numbered as a utility numbers them (spec 9.2), so fail-over and moves can tell replies apart.
  let lastEventId = 0;
  let lastDelivered = 0;
  const emit = (event, transfer) => postMessage({ ...event, id: ++lastEventId }, transfer ?? []);
  const pendingLines = { 1: [], 2: [] };
  const view = () => new DataView(exports.memory.buffer);
  const bytesAt = (ptr, len) => {
    if (ptr + len > exports.memory.buffer.byteLength) throw new GuestTrap('a region outside the memory');
    return new Uint8Array(exports.memory.buffer, ptr, len);
  };

  function emitLine(fd, bytes) {
    const text = new TextDecoder().decode(new Uint8Array(bytes.slice(0, LINE_CAP))).replace(/\r$/, '');
    emit({ type: 'log', stream: fd === 1 ? 'stdout' : 'stderr', text });
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
      emit({ type: 'message', kind, payload: text });
    } else {
      emit({ type: 'message', kind, payload: copy.buffer }, [copy.buffer]);
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
        emit({ type: 'exit', detail: { reason: 'proc-exit', exitCode: error.code } });
      } else {
        const problem = { type: `${PROBLEM}guest-trap`, title: 'The guest trapped', status: 422, detail: String(error?.message ?? error) };
        emit({ type: 'error', problem });
        emit({ type: 'exit', detail: { reason: 'failed' } });
      }
      return false;
    }
  }

  async function start({ name: packageName, bytes, snapshot, package: packageInfo }) {
    name = packageName;
    pkg = packageInfo;
    module = await WebAssembly.compile(bytes);
    exportedMutableGlobals(bytes);
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
    if (snapshot) {
      // Spec 13.4 step 5: no _initialize; the memory, the globals, then the undelivered messages.
      const pending = restore(snapshot, bytes);
      postMessage({ type: 'ready' });
      for (const message of pending) deliver(message);
      return;
    }
    if (typeof exports._initialize === 'function' && !guestCall(() => exports._initialize())) return;
    postMessage({ type: 'ready' });
  }

  function restore(snapshotBytes, moduleBytes) {
    const snapshot = parseSnapshot(snapshotBytes);
    const memory = exports.memory;
    const size = snapshot.memoryBytes;
    if (size < memory.buffer.byteLength) throw new Error('invalid-module: the snapshot memory is smaller than the module\'s initial memory');
    if (size > memory.buffer.byteLength) memory.grow((size - memory.buffer.byteLength) / 65536);
    const target = new Uint8Array(memory.buffer);
    target.fill(0); // a page without a record is all zero, data segments included
    const source = new Uint8Array(snapshotBytes);
    for (const { index, offset } of snapshot.pages) target.set(source.subarray(offset, offset + 65536), index * 65536);
    const mutable = new Map(exportedMutableGlobals(moduleBytes).map((g) => [g.name, g.type]));
    for (const { name: globalName, type, bits } of snapshot.header.globals ?? []) {
      if (mutable.get(globalName) !== type) throw new Error(`abi-mismatch: the module exports no mutable ${type} global '${globalName}'`);
      writeGlobalBits(exports[globalName], type, bits);
    }
    lastDelivered = snapshot.header.coversMessagesThrough ?? 0;
    return snapshot.pending;
  }

  function takeSnapshot() {
    const globals = exportedMutableGlobals(null).map(({ name: globalName, type }) => ({
      name: globalName, type, bits: readGlobalBits(exports[globalName], type),
    }));
    const header = {
      format: 'cu-snapshot-1',
      abi: 'cu1',
      package: pkg,
      createdAt: new Date().toISOString(),
      coversMessagesThrough: lastDelivered,
      coversEventsThrough: lastEventId,
      globals,
    };
    return { bytes: writeSnapshot(header, new Uint8Array(exports.memory.buffer), []), coversMessagesThrough: lastDelivered, coversEventsThrough: lastEventId };
  }

  // Exported mutable globals and their types, from the module's binary (the JS API does not say).
  let globalsOfModule = null;
  function exportedMutableGlobals(moduleBytes) {
    if (globalsOfModule) return globalsOfModule;
    const b = new Uint8Array(moduleBytes);
    let at = 8;
    const u = () => { let r = 0, s = 0, x; do { x = b[at++]; r += (x & 0x7f) * 2 ** s; s += 7; } while (x & 0x80); return r; };
    const skipName = () => { const n = u(); at += n; };
    const readName = () => { const n = u(); const text = new TextDecoder().decode(b.subarray(at, at + n)); at += n; return text; };
    const valType = () => { const t = b[at++]; if (t === 0x63 || t === 0x64) u(); return t; };
    const limits = () => { const flags = b[at++]; u(); if (flags & 1) u(); };
    const names = { 0x7f: 'i32', 0x7e: 'i64', 0x7d: 'f32', 0x7c: 'f64', 0x7b: 'v128' };
    const globals = []; // [type, mutable] in global index order
    const exported = [];
    while (at < b.length) {
      const id = b[at++];
      const size = u();
      const end = at + size;
      if (id === 2) {
        for (let n = u(); n > 0; n--) {
          skipName(); skipName();
          const kind = b[at++];
          if (kind === 0) u();
          else if (kind === 1) { valType(); limits(); } else if (kind === 2) limits();
          else if (kind === 3) { const t = valType(); globals.push([names[t], b[at++] === 1]); } else if (kind === 4) { at++; u(); }
        }
      } else if (id === 6) {
        for (let n = u(); n > 0; n--) {
          const t = valType();
          globals.push([names[t], b[at++] === 1]);
          for (let op = b[at++]; op !== 0x0b; op = b[at++]) { // the constant expression
            if (op === 0x41 || op === 0x42 || op === 0x23 || op === 0xd2) u();
            else if (op === 0x43) at += 4;
            else if (op === 0x44) at += 8;
            else if (op === 0xd0) valType();
            else if (op === 0xfd) { u(); at += 16; }
          }
        }
      } else if (id === 7) {
        for (let n = u(); n > 0; n--) {
          const exportName = readName();
          const kind = b[at++];
          const index = u();
          if (kind === 3) exported.push([exportName, index]);
        }
      }
      at = end;
    }
    globalsOfModule = exported
      .filter(([, index]) => globals[index]?.[1] && globals[index][0])
      .map(([exportName, index]) => ({ name: exportName, type: globals[index][0] }));
    return globalsOfModule;
  }

  // Raw bits of a global (spec 13.3: NaN payloads survive). i32 and i64 read exactly from JS;
  // floats and v128 through a tiny module that imports the global and reinterprets it.
  const helpers = new Map();
  function bitsHelper(global, type) {
    const leb = (n) => { const out = []; do { let x = n & 0x7f; n >>>= 7; if (n) x |= 0x80; out.push(x); } while (n); return out; };
    const str = (s) => [...leb(s.length), ...new TextEncoder().encode(s)];
    const vec = (items) => [...leb(items.length), ...items.flat()];
    const section = (id, bytes) => [id, ...leb(bytes.length), ...bytes];
    const func = (code) => [...leb(code.length + 1), 0, ...code];
    const vt = { f32: 0x7d, f64: 0x7c, v128: 0x7b }[type];
    const bitsType = type === 'f32' ? 0x7f : 0x7e;
    let types, funcs, exportNames;
    if (type === 'v128') {
      types = [[0x60, 0, 1, 0x7e], [0x60, 2, 0x7e, 0x7e, 0]];
      funcs = [[0, func([0x23, 0, 0xfd, 29, 0, 0x0b])], [0, func([0x23, 0, 0xfd, 29, 1, 0x0b])],
        [1, func([0x20, 0, 0xfd, 18, 0x20, 1, 0xfd, 30, 1, 0x24, 0, 0x0b])]];
      exportNames = ['lo', 'hi', 'set'];
    } else {
      types = [[0x60, 0, 1, bitsType], [0x60, 1, bitsType, 0]];
      funcs = [[0, func([0x23, 0, type === 'f32' ? 0xbc : 0xbd, 0x0b])], [1, func([0x20, 0, type === 'f32' ? 0xbe : 0xbf, 0x24, 0, 0x0b])]];
      exportNames = ['get', 'set'];
    }
    const bytes = new Uint8Array([
      0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0,
      ...section(1, vec(types)),
      ...section(2, vec([[...str('m'), ...str('g'), 3, vt, 1]])),
      ...section(3, vec(funcs.map(([typeIndex]) => [typeIndex]))),
      ...section(7, vec(exportNames.map((n, i) => [...str(n), 0, i]))),
      ...section(10, vec(funcs.map(([, code]) => code))),
    ]);
    return new WebAssembly.Instance(new WebAssembly.Module(bytes), { m: { g: global } }).exports;
  }
  const helperFor = (global, type) => {
    if (!helpers.has(global)) helpers.set(global, bitsHelper(global, type));
    return helpers.get(global);
  };
  const hex = (value, digits) => BigInt.asUintN(digits * 4, BigInt(value)).toString(16).padStart(digits, '0');

  function readGlobalBits(global, type) {
    if (type === 'i32') return hex(global.value, 8);
    if (type === 'i64') return hex(global.value, 16);
    const h = helperFor(global, type);
    if (type === 'f32') return hex(h.get(), 8);
    if (type === 'f64') return hex(h.get(), 16);
    return hex(h.hi(), 16) + hex(h.lo(), 16);
  }

  function writeGlobalBits(global, type, bits) {
    const digits = { i32: 8, f32: 8, i64: 16, f64: 16, v128: 32 }[type];
    if (!/^[0-9a-f]+$/i.test(bits) || bits.length !== digits) throw new Error(`invalid-module: the global bits '${bits}' are not a ${type} value`);
    if (type === 'i32') global.value = Number.parseInt(bits, 16) | 0;
    else if (type === 'i64') global.value = BigInt.asIntN(64, BigInt(`0x${bits}`));
    else if (type === 'f32') helperFor(global, type).set(Number.parseInt(bits, 16) | 0);
    else if (type === 'f64') helperFor(global, type).set(BigInt.asIntN(64, BigInt(`0x${bits}`)));
    else helperFor(global, type).set(BigInt.asIntN(64, BigInt(`0x${bits.slice(16)}`)), BigInt.asIntN(64, BigInt(`0x${bits.slice(0, 16)}`)));
  }

  function deliver({ kind, payload, sequence }) {
    if (ended) return;
    lastDelivered = sequence ?? lastDelivered + 1;
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
    else if (data.type === 'snapshot') {
      // Handled in turn with the messages, so it falls between two of them (spec 13.1).
      try {
        if (ended) throw new Error('the worker has ended');
        const { bytes, coversMessagesThrough, coversEventsThrough } = takeSnapshot();
        postMessage({ type: 'snapshot', request: data.request, bytes, coversMessagesThrough, coversEventsThrough }, [bytes]);
      } catch (error) {
        postMessage({ type: 'snapshot', request: data.request, error: String(error?.message ?? error) });
      }
    } else if (data.type === 'start') {
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
 * @property {{everyMessages?: number, everyMs?: number}} [snapshots] snapshot policy for state-preserving fail-over
 * @property {ArrayBuffer | ArrayBufferView} [resumeFrom] start from these snapshot bytes (spec 13.3)
 * @property {string | Record<string, string>} [accessToken] the owner's access token for utilities that ask for one (spec 4.1): one for all, or one per utility origin
 *
 * @typedef {object} WorkerSnapshot
 * @property {string | null} id
 * @property {ArrayBuffer} bytes
 * @property {number} sizeBytes
 * @property {string | null} digest
 * @property {number} coversMessagesThrough
 * @property {number} coversEventsThrough
 * @property {number} lastSequence
 * @property {string | null} takenOn
 * @property {string | null} createdAt
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
