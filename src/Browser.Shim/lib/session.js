// What a session is to the rest of the shim: one worker on a utility (RemoteSession) or in this browser (LocalSession).
// Types only; nothing here runs.

/**
 * Where a session reports what its worker does; `id` is the worker's event id (undefined where a host has none).
 * @typedef {object} SessionSink
 * @property {(kind: number, payload: string | ArrayBuffer, id?: number) => void} message
 * @property {(stream: 'stdout' | 'stderr', text: string, id?: number) => void} log
 * @property {(problem: import('../distributed-worker.js').Problem, id?: number) => void} problem
 * @property {(detail: import('../distributed-worker.js').ExitDetail, id?: number) => void} exit
 * @property {(id?: number) => void} skip
 * @property {(session: Session, why: string) => void} lost
 */

/**
 * A started worker: messages in, snapshots out; `events` and `where` are set by the DistributedWorker that started it.
 * @typedef {object} Session
 * @property {boolean} open
 * @property {(message: import('./protocol.js').WireMessage) => void} send
 * @property {() => Promise<SessionSnapshot>} snapshot
 * @property {() => void} close
 * @property {import('./event-cursor.js').EventCursor} [events]
 * @property {string} [where]
 */

/**
 * A session the DistributedWorker placed: its events and where it runs ('local' or a utility origin).
 * @typedef {Session & {events: import('./event-cursor.js').EventCursor, where: string}} PlacedSession
 */

/**
 * A snapshot as a session returns it: the bytes and, from a utility, its id, digest, URL and token.
 * @typedef {{bytes: ArrayBuffer, coversMessagesThrough?: number, coversEventsThrough?: number, createdAt?: string,
 *   id?: string, digest?: string, url?: string, token?: string}} SessionSnapshot
 */

export {};
