// Placement: descriptors, round trips, estimates, probes — the cheapest place wins.

import { accessTokenFor } from './access-token.js';
import { LocalSession } from './local-session.js';
import { encode, heartbeatIntervals, PROBLEM, WELL_KNOWN } from './protocol.js';
import { RemoteSession } from './remote-session.js';

/**
 * @typedef {import('../distributed-worker.js').CandidateReport} CandidateReport
 * @typedef {import('./options.js').ResolvedOptions} ResolvedOptions
 * @typedef {import('./session.js').Session} Session
 * @typedef {import('./session.js').SessionSink} SessionSink
 * @typedef {{placement: 'remote' | 'local', utility: string | null, reason: string, candidates: CandidateReport[]}} Decision
 */

/**
 * Why a worker runs locally after `utility` refused to start it; a page the owner has not allowed yet says so (CU-PERM-7).
 * @param {string} utility
 * @param {Error & {problem?: import('../distributed-worker.js').Problem}} error
 */
export function refusalReason(utility, error) {
  if (error.problem?.type === `${PROBLEM}origin-not-permitted`) {
    return `the owner of ${utility} has not allowed this page's origin yet (${error.problem.detail ?? error.message}); running locally instead`;
  }
  return `${utility} could not start the worker (${error.message}); running locally instead`;
}

/**
 * Chooses where the worker runs: the usable utility of least expected cost, or this browser when it is cheaper or
 * none is usable (unless only utilities are allowed).
 * @param {string} manifestUrl
 * @param {ResolvedOptions} options
 * @param {string[]} utilities
 * @param {boolean} allowLocal
 * @returns {Promise<Decision>}
 */
export async function choosePlacement(manifestUrl, options, utilities, allowLocal) {
  const candidates = await Promise.all(utilities.map((u) => inspectUtility(u, manifestUrl, options)));
  // A page sees load only as a pressure state (spec 5.1): a critical utility goes last, the rest by expected cost.
  const usable = candidates.filter((c) => c.usable).sort((a, b) => pressureRank(a) - pressureRank(b) || (a.score ?? 0) - (b.score ?? 0));
  const none = utilities.length === 0 ? 'no utility was given' : `no utility answered (${candidates.map((c) => `${c.utility}: ${c.note}`).join('; ')})`;
  if (usable.length === 0) {
    if (!allowLocal) throw new Error(`placement 'remote' failed: ${none}`);
    return { placement: 'local', utility: null, reason: `${none}; running locally`, candidates };
  }
  const best = /** @type {CandidateReport & {rttMs: number}} */ (usable[0]); // a usable candidate has its round trip
  /** @type {(reason: string) => Decision} */
  const remote = (reason) => ({ placement: 'remote', utility: best.utility, reason, candidates });
  if (!allowLocal) return remote(`placement 'remote': ${best.utility} has the lowest expected cost (${best.note})`);

  /** @type {CandidateReport & {probeMs?: number}} */
  const local = { utility: 'local', usable: true, note: '' };
  candidates.push(local);
  if (options.probe !== undefined) {
    local.probeMs = await timeProbe((/** @type {SessionSink} */ sink) => LocalSession.start(manifestUrl, options.integrity, sink), options);
    best.probeMs = await timeProbe((/** @type {SessionSink} */ sink) => RemoteSession.start(best.utility, manifestUrl, options.integrity, sink, undefined,
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

/**
 * Reads one utility's descriptor, measures its round trip and asks for an estimate.
 * @param {string} utility
 * @param {string} manifestUrl
 * @param {ResolvedOptions} options
 */
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
    const cu1 = (descriptor.runtimes ?? []).some((/** @type {{abi?: string[]}} */ r) => (r.abi ?? []).includes('cu1'));
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
  } catch (e) {
    const error = /** @type {Error} */ (e);
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
 * @param {string} utility
 * @param {Error} error
 */
async function networkRefusal(utility, error) {
  const host = new URL(utility).hostname;
  const name = host === 'localhost' || host === '[::1]' || host.startsWith('127.') ? 'loopback-network' : 'local-network';
  const state = await navigator.permissions?.query({ name: /** @type {PermissionName} */ (name) }).then((s) => s.state, () => null);
  if (state === 'denied') return `the browser refused to reach the local network: the Local Network Access permission '${name}' is denied to this page (${error.message})`;
  if (state === 'prompt') return `${error.message}: nothing answered, or the browser refused to reach the local network (the Local Network Access permission '${name}' was not granted to this page)`;
  return error.message;
}

/**
 * The utility's estimate for one message of `options.inputBytes`, or null where it gives none.
 * @param {string} utility
 * @param {{links?: {estimates?: string}}} descriptor
 * @param {string} manifestUrl
 * @param {ResolvedOptions} options
 * @returns {Promise<CandidateReport['estimate'] | null>}
 */
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

/**
 * @param {URL} url
 * @param {RequestInit} init
 * @param {number} ms
 */
function fetchWithin(url, init, ms) {
  return fetch(url, { mode: 'cors', credentials: 'omit', ...init, signal: AbortSignal.timeout(ms) });
}

/**
 * Starts a throw-away session, sends the probe `runs` times, and returns the fastest reply time.
 * @param {(sink: SessionSink) => Promise<Session>} startSession
 * @param {ResolvedOptions} options
 */
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
  /** @type {SessionSink & {onReply: (value?: unknown) => void, onFail: (error: Error) => void}} */
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

/** @param {number} ms */
const fmt = (ms) => (ms === Infinity ? '∞' : ms < 10 ? ms.toFixed(1) : Math.round(ms).toString());

