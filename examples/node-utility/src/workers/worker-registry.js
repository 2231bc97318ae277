// The workers this utility holds: limits on how many run (CU-WRK-5), the idle timeout
// (CU-WRK-10), and removal of ended workers after they have been kept a while (CU-WRK-12).

export class WorkerRegistry {
  /** @param {import('../options.js').Options} options */
  constructor(options) {
    this.options = options;
    /** @type {Map<string, import('./worker.js').Worker>} */
    this.workers = new Map();
    this.starting = 0;
    this.sweeper = setInterval(() => this.sweep(), 1000);
    this.sweeper.unref();
  }

  get running() {
    let count = 0;
    for (const worker of this.workers.values()) if (!worker.ended) count++;
    return count;
  }

  get queuedMessages() {
    let count = 0;
    for (const worker of this.workers.values()) count += worker.queue.length;
    return count;
  }

  /** Reserves a place for a worker being created; false when maxWorkers are running or starting. */
  reserve() {
    if (this.running + this.starting >= this.options.limits.maxWorkers) return false;
    this.starting++;
    return true;
  }

  release() {
    this.starting--;
  }

  /** @param {import('./worker.js').Worker} worker */
  add(worker) {
    this.workers.set(worker.id, worker);
  }

  /** @param {string} id */
  get(id) {
    return this.workers.get(id);
  }

  sweep() {
    const now = Date.now();
    const idleMs = this.options.limits.idleTimeoutSeconds * 1000;
    const orphanMs = this.options.limits.orphanTimeoutSeconds * 1000;
    for (const worker of this.workers.values()) {
      if (!worker.ended) {
        const connected = worker.channel !== null || worker.openStreams > 0;
        // Orphaned first: a worker whose page went away and is idle too ended because the page went (CU-WRK-17).
        if (!connected && worker.clientLastSeen !== 0 && now - worker.clientLastSeen >= orphanMs) worker.end('orphaned');
        else if (!connected && !worker.busy && worker.queue.length === 0 && now - worker.lastActivity >= idleMs) worker.end('idle-timeout');
      } else if (now - worker.endedAt >= this.options.keepEndedSeconds * 1000) {
        this.workers.delete(worker.id);
      }
    }
  }

  /** Ends every worker with reason shutdown. */
  shutdown() {
    clearInterval(this.sweeper);
    for (const worker of this.workers.values()) worker.end('shutdown');
  }
}
