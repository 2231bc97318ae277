// Extension messaging carries JSON only: the bytes of a message or a snapshot cross it as base64, one level deep.

/** @param {Record<string, unknown>} message @returns {Record<string, unknown>} */
export function pack(message) {
  const out = { ...message };
  for (const [key, value] of Object.entries(out)) {
    if (value instanceof ArrayBuffer) out[key] = { $bytes: new Uint8Array(value).toBase64() };
    else if (ArrayBuffer.isView(value)) out[key] = { $bytes: new Uint8Array(value.buffer, value.byteOffset, value.byteLength).toBase64() };
  }
  return out;
}

/** @param {Record<string, unknown>} message @returns {Record<string, unknown>} */
export function unpack(message) {
  const out = { ...message };
  for (const [key, value] of Object.entries(out)) {
    if (value && typeof value === 'object' && typeof value.$bytes === 'string') out[key] = Uint8Array.fromBase64(value.$bytes).buffer;
  }
  return out;
}
