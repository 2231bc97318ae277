// The snapshot format (spec 13.3): used by the page (resume, restore) and by the local worker (take, restore).
// No DOM here: the module runs in a Web Worker as well as in the page.

/** @typedef {import('../distributed-worker.js').ParsedSnapshot} ParsedSnapshot */

/**
 * Reads snapshot bytes: the header, where each non-zero page's 65536 bytes are (`offset` into the
 * bytes), and the undelivered messages. Throws on bytes that do not follow the format.
 * @param {ArrayBuffer | ArrayBufferView} buffer
 * @returns {ParsedSnapshot}
 */
export function parseSnapshot(buffer) {
  const PAGE = 65536;
  const bytes = buffer instanceof ArrayBuffer ? new Uint8Array(buffer) : new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const invalid = (/** @type {string} */ why) => new Error(`The snapshot is not in the snapshot format: ${why}.`);
  const need = (/** @type {number} */ at, /** @type {number} */ count) => { if (at + count > bytes.length) throw invalid('it ends early'); };
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
    pending.push({ kind: /** @type {0 | 1} */ (kind), sequence, payload: bytes.slice(at + 13, at + 13 + length) });
    at += 13 + length;
  }
  if (at !== bytes.length) throw invalid('bytes follow the last message record');
  return { header, memoryBytes, pages, pending };
}

/**
 * Writes snapshot bytes: `header` (memoryBytes and pendingMessages are filled in), the non-zero
 * pages of `memory`, and the undelivered messages `pending` ({kind, sequence, payload}).
 * @param {object} header
 * @param {Uint8Array | ArrayBuffer} memory
 * @param {Array<{kind: 0 | 1, sequence: number, payload: Uint8Array | ArrayBuffer}>} [pending]
 * @returns {ArrayBuffer}
 */
export function writeSnapshot(header, memory, pending = []) {
  const PAGE = 65536;
  const mem = memory instanceof Uint8Array ? memory : new Uint8Array(/** @type {{buffer?: ArrayBuffer}} */ (memory).buffer ?? memory);
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
