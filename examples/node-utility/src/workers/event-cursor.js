// One stream's position in a worker's events (a WebSocket or an event stream): it replays from a
// last event id, reports a gap for events that left the buffer (CU-CHAN-17, -18, -20), follows
// live events, and stops writing while its transport is congested.

/** @typedef {import('./event-log.js').WorkerEvent} WorkerEvent */
/** @typedef {{write: (event: WorkerEvent) => boolean, end: () => void}} EventSink */

export class EventCursor {
  /**
   * @param {import('./worker.js').Worker} worker
   * @param {number | null} lastEventId the id the client processed last; null: from the oldest buffered
   * @param {EventSink} sink write returns false while the transport is congested; end after `exit`
   */
  constructor(worker, lastEventId, sink) {
    this.worker = worker;
    this.log = worker.events;
    this.sink = sink;
    this.position = lastEventId ?? 0;
    this.waiting = false;
    this.closed = false;
    this.listener = () => this.pump();
    this.log.listeners.add(this.listener);
  }

  /** Writes what is due; call again when the transport drains. */
  pump() {
    if (this.closed) return;
    this.waiting = false;
    while (!this.waiting && this.position < this.log.lastId) {
      const first = this.log.firstId;
      /** @type {WorkerEvent} */
      let event;
      if (this.position + 1 < first) {
        const from = this.position + 1;
        const to = first - 1;
        event = { id: to, type: 'gap', data: JSON.stringify({ missed: to - from + 1, from, to }), bytes: null, size: 0 };
      } else {
        event = /** @type {WorkerEvent} */ (this.log.get(this.position + 1));
      }
      this.position = event.id;
      this.waiting = !this.sink.write(event);
      this.log.markRead(event.id);
      this.worker.touch();
      if (event.type === 'exit') {
        this.close();
        this.sink.end();
        return;
      }
    }
    if (!this.waiting && this.position >= this.log.lastId && this.log.get(this.log.lastId)?.type === 'exit') {
      // Resumed after the exit event of an ended worker: nothing more will come.
      this.close();
      this.sink.end();
      return;
    }
    this.worker.pump();
  }

  close() {
    this.closed = true;
    this.log.listeners.delete(this.listener);
  }
}
