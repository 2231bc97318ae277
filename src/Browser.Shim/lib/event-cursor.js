// The events of one session as the page receives them, numbered as the worker numbers them (spec 9.2).

/**
 * The events of one session: the last id received, the ids a resume must drop (replies the page
 * already has), and a hold until the session is the current one, so nothing interleaves.
 */
export class EventCursor {
  lastEventId = 0;
  dropThrough = 0;
  dropped = 0;
  closed = false;
  /** @type {Array<[number | undefined, () => void]> | null} events that came before the session was the current one */
  #held = [];
  /** @type {Array<{id: number, resolve: () => void}>} */
  #waiters = [];
  /** @type {() => void} */
  #advanced;

  /** @param {() => void} advanced called after each event the page received */
  constructor(advanced) {
    this.#advanced = advanced;
  }

  /**
   * Handles event `id` (undefined for hosts without ids): delivers it unless it is a repeat.
   * @param {number | undefined} id
   * @param {() => void} deliver
   */
  admit(id, deliver) {
    if (this.closed) return;
    if (this.#held) {
      this.#held.push([id, deliver]);
      return;
    }
    if (typeof id === 'number') this.lastEventId = Math.max(this.lastEventId, id);
    if (!(typeof id === 'number' && id <= this.dropThrough)) deliver();
    this.#advanced();
    for (const waiter of this.#waiters.filter((w) => w.id <= this.lastEventId)) {
      this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
      waiter.resolve();
    }
  }

  release() {
    const held = this.#held ?? [];
    this.#held = null;
    for (const [id, deliver] of held) this.admit(id, deliver);
  }

  /**
   * Settles once event `id` has been received (a move waits for the replies a snapshot covers).
   * @param {number} id
   * @returns {Promise<void>}
   */
  reached(id, ms = 30000) {
    if (id <= this.lastEventId) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const waiter = { id, resolve };
      this.#waiters.push(waiter);
      setTimeout(() => reject(new Error(`the replies through event ${id} did not arrive within ${ms} ms`)), ms);
    });
  }
}
