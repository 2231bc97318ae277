/** A cursor over WebAssembly binary bytes; throws RangeError on malformed input. */
export class ByteReader {
  /** @param {Uint8Array} bytes @param {number} [start] @param {number} [end] */
  constructor(bytes, start = 0, end = bytes.length) {
    this.bytes = bytes;
    this.offset = start;
    this.end = end;
  }

  get done() {
    return this.offset >= this.end;
  }

  byte() {
    if (this.offset >= this.end) throw new RangeError('unexpected end of the module');
    return this.bytes[this.offset++];
  }

  /** An unsigned LEB128 of at most 32 bits. */
  u32() {
    let result = 0;
    let shift = 0;
    for (;;) {
      const b = this.byte();
      result += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) break;
      shift += 7;
      if (shift > 28) throw new RangeError('LEB128 integer too long');
    }
    if (result > 0xffffffff) throw new RangeError('LEB128 integer out of range');
    return result;
  }

  /** An unsigned LEB128 of at most 64 bits, as a Number (exact up to 2^53). */
  u64() {
    let result = 0;
    let shift = 0;
    for (;;) {
      const b = this.byte();
      result += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) return result;
      shift += 7;
      if (shift > 63) throw new RangeError('LEB128 integer too long');
    }
  }

  name() {
    const length = this.u32();
    if (this.offset + length > this.end) throw new RangeError('name runs past its section');
    const text = new TextDecoder('utf-8', { fatal: true }).decode(this.bytes.subarray(this.offset, this.offset + length));
    this.offset += length;
    return text;
  }

  /** @param {number} count */
  skip(count) {
    if (this.offset + count > this.end) throw new RangeError('section runs past the module');
    this.offset += count;
  }
}

/** Encodes an unsigned LEB128. @param {number} value @returns {number[]} */
export function encodeU32(value) {
  const out = [];
  let v = value;
  do {
    let b = v % 128;
    v = Math.floor(v / 128);
    if (v !== 0) b |= 0x80;
    out.push(b);
  } while (v !== 0);
  return out;
}
