// The wire as the page sees it (spec 9): message kinds, problem types, the descriptor's well-known path, the
// snapshot media type, and the heartbeat intervals the descriptors published.

/** A message of JSON text. */
export const KIND_TEXT = 0;
/** A message of bytes. */
export const KIND_BINARY = 1;
export const PROBLEM = 'urn:compute-utility:problem:';
export const WELL_KNOWN = '/.well-known/compute-utility';
export const SNAPSHOT_TYPE = 'application/vnd.compute-utility.snapshot';

/**
 * A message on its way to a worker: kind 0 JSON text or kind 1 bytes.
 * @typedef {{kind: 0, text: string} | {kind: 1, bytes: ArrayBuffer}} WireMessage
 */

// Heartbeats (spec 9.4): the interval each utility's descriptor publishes, and the silence after which a channel counts as
// closed. A utility that publishes none is watched only once it has sent a heartbeat, at the spec's default interval.
/** @type {Map<string, number | undefined>} */
export const heartbeatIntervals = new Map();
export const HEARTBEAT_FALLBACK_MS = 15000;
export const HEARTBEAT_MISSES = 3;

/**
 * Turns a postMessage argument into a wire message (kind 0 JSON text or kind 1 bytes).
 * @param {unknown} data
 * @returns {WireMessage}
 */
export function encode(data) {
  if (data instanceof ArrayBuffer) return { kind: KIND_BINARY, bytes: data.slice(0) };
  if (ArrayBuffer.isView(data)) {
    return { kind: KIND_BINARY, bytes: toArrayBuffer(data) };
  }
  const text = JSON.stringify(data);
  if (text === undefined) throw new TypeError('DistributedWorker: the message is not JSON-compatible');
  return { kind: KIND_TEXT, text };
}

/**
 * A copy of the bytes a view covers, or the ArrayBuffer itself.
 * @param {unknown} data
 * @returns {ArrayBuffer}
 */
export function toArrayBuffer(data) {
  if (data instanceof ArrayBuffer) return data;
  if (ArrayBuffer.isView(data)) return /** @type {ArrayBuffer} */ (data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength));
  throw new TypeError('DistributedWorker: snapshot bytes must be an ArrayBuffer or a typed array');
}
