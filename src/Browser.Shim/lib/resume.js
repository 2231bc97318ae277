// Resuming a worker from a snapshot (spec 13): where a snapshot stands in the message sequence, what the page is
// shown of it, a resume from bytes the page holds, and what a fail-over tells the page.

import { toArrayBuffer } from './protocol.js';
import { parseSnapshot } from './snapshot-format.js';

/**
 * @typedef {import('../distributed-worker.js').DistributedWorkerOptions} DistributedWorkerOptions
 * @typedef {import('../distributed-worker.js').WorkerSnapshot} WorkerSnapshot
 * @typedef {import('../distributed-worker.js').ParsedSnapshot} ParsedSnapshot
 * @typedef {import('../distributed-worker.js').FailoverDetail} FailoverDetail
 * @typedef {import('../distributed-worker.js').PlacementDetail} PlacementDetail
 * @typedef {import('./protocol.js').WireMessage} WireMessage
 */

/**
 * A snapshot as the shim keeps it: its bytes and position, where it was taken, and (once taken of a session) that
 * session's events; `eventBase` is the event id of the snapshot's position among them, once committed.
 * @typedef {object} HeldSnapshot
 * @property {ArrayBuffer} bytes
 * @property {number} coversMessagesThrough
 * @property {number} coversEventsThrough
 * @property {number} lastSequence
 * @property {string} [id]
 * @property {string} [digest]
 * @property {string} [url]
 * @property {string} [token]
 * @property {string} [createdAt]
 * @property {string} [takenOn]
 * @property {number} [sizeBytes]
 * @property {import('./event-cursor.js').EventCursor} [events]
 * @property {number} [eventBase]
 */

/**
 * How a session starts from a snapshot: the messages to send again after it, and either the session whose events
 * the page already has (`source`, for a move) or how many of the restored worker's first events to drop.
 * @typedef {{snapshot: HeldSnapshot, replay?: WireMessage[], drop?: number, source?: {events: import('./event-cursor.js').EventCursor}}} Resume
 */

/**
 * The last inbound sequence number a snapshot holds: its undelivered messages come after coversMessagesThrough.
 * @param {{header: {coversMessagesThrough?: number}, pending: Array<{sequence: number}>}} parsed
 */
export function snapshotPosition(parsed) {
  const covers = parsed.header.coversMessagesThrough ?? 0;
  const last = parsed.pending.reduce((max, m) => Math.max(max, m.sequence), covers);
  return { coversMessagesThrough: covers, lastSequence: last };
}

/**
 * @param {HeldSnapshot} s
 * @returns {WorkerSnapshot}
 */
export function publicSnapshot(s) {
  return {
    id: s.id ?? null, bytes: s.bytes, sizeBytes: s.bytes.byteLength, digest: s.digest ?? null,
    coversMessagesThrough: s.coversMessagesThrough, coversEventsThrough: s.coversEventsThrough,
    lastSequence: s.lastSequence, takenOn: s.takenOn ?? null, createdAt: s.createdAt ?? null,
  };
}

/**
 * The resume of a new worker from snapshot bytes the page holds (option `resumeFrom`): of the package `integrity` names.
 * @param {ArrayBuffer | ArrayBufferView} resumeFrom
 * @param {string} integrity
 * @returns {Resume}
 */
export function resumeFromBytes(resumeFrom, integrity) {
  const bytes = toArrayBuffer(resumeFrom);
  const parsed = parseSnapshot(bytes);
  if (parsed.header.package?.integrity !== integrity) {
    throw new TypeError('DistributedWorker: the snapshot is of another package than options.integrity names');
  }
  return { snapshot: { bytes, ...snapshotPosition(parsed), coversEventsThrough: parsed.header.coversEventsThrough ?? 0 }, drop: 0, replay: [] };
}

/**
 * The arguments of a DistributedWorker that continues from `snapshot`: the package its header names, which
 * `options.integrity`, when given, must name too.
 * @param {ArrayBuffer | ArrayBufferView | {bytes: ArrayBuffer}} snapshot
 * @param {Omit<DistributedWorkerOptions, 'integrity'> & {integrity?: string}} options
 * @returns {[string, DistributedWorkerOptions]}
 */
export function restoreArguments(snapshot, options) {
  const bytes = toArrayBuffer(/** @type {{bytes?: ArrayBuffer}} */ (snapshot)?.bytes ?? snapshot);
  const { header } = parseSnapshot(bytes);
  if (options.integrity !== undefined && options.integrity !== header.package.integrity) {
    throw new TypeError('DistributedWorker.restore: the snapshot is of another package than options.integrity names');
  }
  return [header.package.url, { ...options, integrity: header.package.integrity, resumeFrom: bytes }];
}

/**
 * A snapshot `session` returned, with its position, where it was taken and the session's events.
 * @param {import('./session.js').SessionSnapshot} raw
 * @param {import('./session.js').PlacedSession} session
 * @returns {HeldSnapshot}
 */
export function heldSnapshot(raw, session) {
  const parsed = parseSnapshot(raw.bytes);
  return {
    ...raw,
    ...snapshotPosition(parsed),
    coversEventsThrough: raw.coversEventsThrough ?? parsed.header.coversEventsThrough ?? 0,
    sizeBytes: raw.bytes.byteLength,
    takenOn: session.where,
    events: session.events,
  };
}

/**
 * How a worker whose session was lost resumes: from `committed` when it is of that session's `events`, with the
 * messages of `log` after it sent again and the events the page already has dropped; undefined without one.
 * @param {HeldSnapshot | null} committed
 * @param {import('./event-cursor.js').EventCursor} events
 * @param {Array<{seq: number, message: WireMessage}>} log
 * @returns {{snapshot: HeldSnapshot, replay: WireMessage[], drop: number} | undefined}
 */
export function resumeAfterLoss(committed, events, log) {
  if (committed?.events !== events) return undefined;
  const drop = Math.max(0, events.lastEventId - (committed.eventBase ?? 0));
  return { snapshot: committed, replay: replayAfter(log, committed), drop };
}

/**
 * The messages of `log` that come after `snapshot`: a resumed worker gets them again.
 * @param {Array<{seq: number, message: WireMessage}>} log
 * @param {{lastSequence: number}} snapshot
 */
export function replayAfter(log, snapshot) {
  return log.filter((entry) => entry.seq > snapshot.lastSequence).map((entry) => entry.message);
}

/**
 * What the page's `failover` event says: where the worker went, and whether (and from which snapshot) its state came along.
 * @param {{from: {placement: import('../distributed-worker.js').Placement, utility: string | null}, to: PlacementDetail, why: string,
 *   snapshot: HeldSnapshot | null, replayed: number, dropped: number, keepLog: boolean}} fail
 * @returns {FailoverDetail}
 */
export function failoverDetail({ from, to, why, snapshot, replayed, dropped, keepLog }) {
  const where = to.placement === 'local' ? 'locally, in this browser' : `on ${to.utility ?? 'a utility the browser chose'}`;
  const failed = from.utility ? `The utility ${from.utility}` : 'The utility the browser chose';
  const base = { from, to, reason: why, stateCarriedOver: Boolean(snapshot) };
  if (snapshot) {
    return {
      ...base,
      snapshot: publicSnapshot(snapshot),
      replayedMessages: replayed,
      droppedEvents: dropped,
      message: `${failed} failed (${why}). The worker resumed ${where} with its state carried over `
        + `from snapshot ${snapshot.id ?? '(local)'} (taken on ${snapshot.takenOn}, covering messages through ${snapshot.lastSequence}); `
        + `${replayed} later message(s) were sent again and ${dropped} reply event(s) the page already had were dropped.`,
    };
  }
  return {
    ...base,
    message: `${failed} failed (${why}). The worker was restarted ${where}; `
      + 'its state was NOT carried over: it starts from scratch, and messages it had not answered are lost. '
      + (keepLog ? '(No snapshot had been completed yet.)' : '(Set the snapshots option to carry state over.)'),
  };
}
