// Splits what a guest writes to fd 1 or 2 into log lines (spec section 10.5, "Log lines").

export class LogLines {
  /**
   * @param {'stdout' | 'stderr'} stream
   * @param {number} lineCap bytes after which an unfinished line is cut
   * @param {{remaining: number}} budget bytes of log this worker may still produce (shared by both streams)
   * @param {(stream: string, text: string) => void} emit
   */
  constructor(stream, lineCap, budget, emit) {
    this.stream = stream;
    this.lineCap = lineCap;
    this.budget = budget;
    this.emit = emit;
    /** @type {number[]} */
    this.pending = [];
    this.decoder = new TextDecoder('utf-8');
  }

  /** @param {Uint8Array} bytes */
  write(bytes) {
    for (const b of bytes) {
      if (b === 0x0a) {
        this.flush();
      } else {
        this.pending.push(b);
        if (this.pending.length >= this.lineCap) this.flush();
      }
    }
  }

  /** Emits the unfinished line, if any (also called when a guest call returns). */
  flush() {
    let bytes = this.pending;
    this.pending = [];
    if (bytes.length > 0 && bytes[bytes.length - 1] === 0x0d) bytes = bytes.slice(0, -1);
    if (this.budget.remaining <= 0) return;
    this.budget.remaining -= bytes.length + 1;
    if (this.budget.remaining <= 0) {
      this.emit(this.stream, '[log output of this worker reached the utility\'s limit; the rest is discarded]');
      return;
    }
    this.emit(this.stream, this.decoder.decode(Uint8Array.from(bytes)));
  }

  /** Emits what is pending without a newline, at the end of a call. */
  end() {
    if (this.pending.length > 0) this.flush();
  }
}
