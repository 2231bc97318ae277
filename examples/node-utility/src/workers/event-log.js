// A worker's outbound events (spec 9.2, 9.3): ids from 1, the newest kept within
// eventBufferEvents and eventBufferBytes, and how much of that no stream has delivered yet.

/** @typedef {{id: number, type: string, data: string | null, bytes: Uint8Array | null, size: number}} WorkerEvent */

export class EventLog {
  /** @param {number} maxEvents @param {number} maxBytes */
  constructor(maxEvents, maxBytes) {
    this.maxEvents = maxEvents;
    this.maxBytes = maxBytes;
    /** @type {WorkerEvent[]} */
    this.events = [];
    this.head = 0; // index of the oldest kept event in `events` (compacted now and then)
    this.bytes = 0;
    this.lastId = 0;
    this.readThrough = 0; // the highest id some stream has delivered
    this.unreadBytes = 0;
    /** @type {Set<() => void>} */
    this.listeners = new Set();
  }

  get firstId() {
    return this.head < this.events.length ? this.events[this.head].id : this.lastId + 1;
  }

  get unreadEvents() {
    return this.lastId - Math.max(this.readThrough, this.firstId - 1);
  }

  /**
   * @param {string} type
   * @param {string | null} data the JSON text of the data (null for a binary message)
   * @param {Uint8Array | null} [bytes] the payload of a binary message
   */
  append(type, data, bytes = null) {
    const size = data !== null ? data.length : /** @type {Uint8Array} */ (bytes).length;
    const event = { id: ++this.lastId, type, data, bytes, size };
    this.events.push(event);
    this.bytes += size;
    this.unreadBytes += size;
    while (this.events.length - this.head > this.maxEvents || (this.bytes > this.maxBytes && this.events.length - this.head > 1)) {
      const dropped = this.events[this.head];
      this.events[this.head++] = /** @type {any} */ (null); // let the payload go now, not at the next compaction
      this.bytes -= dropped.size;
      if (dropped.id > this.readThrough) this.unreadBytes -= dropped.size;
    }
    if (this.head > 1024 && this.head * 2 > this.events.length) {
      this.events = this.events.slice(this.head);
      this.head = 0;
    }
    for (const listener of [...this.listeners]) listener();
    return event;
  }

  /** @param {number} id @returns {WorkerEvent | undefined} */
  get(id) {
    const index = this.head + (id - this.firstId);
    return id >= this.firstId && id <= this.lastId ? this.events[index] : undefined;
  }

  /** Records that a stream delivered the event with this id. @param {number} id */
  markRead(id) {
    while (this.readThrough < id) {
      this.readThrough++;
      const event = this.get(this.readThrough);
      if (event) this.unreadBytes -= event.size;
    }
  }

  /** True when more than half the buffer is unread (CU-CHAN-27). */
  get pressed() {
    return this.unreadEvents * 2 > this.maxEvents || this.unreadBytes * 2 > this.maxBytes;
  }
}
