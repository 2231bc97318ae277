// What a page may read about a utility: nothing. Text that came from the utility or the placement code passes
// through a scrubber that replaces the utility's origin, host, port and name with "the utility".

/**
 * @param {{origin: string, name?: string}} utility
 * @returns {(text: unknown) => string}
 */
export function scrubberFor(utility) {
  const url = new URL(utility.origin);
  const secrets = [utility.origin, url.host, url.hostname, url.hostname.replace(/^\[|\]$/g, ''), `:${url.port}`, utility.name]
    .filter((s) => typeof s === 'string' && s.length >= 3)
    .sort((a, b) => b.length - a.length);
  return (text) => {
    let out = String(text ?? '');
    for (const secret of secrets) out = out.split(secret).join(secret.startsWith(':') ? '' : 'the utility');
    return out;
  };
}

/**
 * A problem with only its type, title, status and scrubbed detail: `instance` and extension members name the utility.
 * @param {any} problem
 * @param {(text: unknown) => string} scrub
 */
export function scrubProblem(problem, scrub) {
  if (!problem || typeof problem !== 'object') return undefined;
  /** @type {Record<string, unknown>} */
  const out = { type: String(problem.type ?? 'about:blank'), title: scrub(problem.title) };
  if (typeof problem.status === 'number') out.status = problem.status;
  if (problem.detail !== undefined) out.detail = scrub(problem.detail);
  return out;
}

/**
 * Snapshot bytes without what names the utility or reads its clock: the header's `source` (the utility's id and its
 * worker id) and `createdAt` go; memory, globals and messages stay byte for byte (spec 13.3: both are optional
 * for a snapshot a client holds). The header is the JSON after the 12-byte preamble, whose last word is its length.
 * @param {ArrayBuffer} bytes
 * @returns {ArrayBuffer}
 */
export function anonymousSnapshot(bytes) {
  const view = new DataView(bytes);
  const length = view.getUint32(8, true);
  const header = JSON.parse(new TextDecoder().decode(new Uint8Array(bytes, 12, length)));
  delete header.source;
  delete header.createdAt;
  const json = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(12 + json.byteLength + bytes.byteLength - 12 - length);
  out.set(new Uint8Array(bytes, 0, 8), 0);
  new DataView(out.buffer).setUint32(8, json.byteLength, true);
  out.set(json, 12);
  out.set(new Uint8Array(bytes, 12 + length), 12 + json.byteLength);
  return out.buffer;
}
