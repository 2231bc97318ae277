// Live latency figures of the descriptor (p50, p99 over the recent samples), null until measured.

const KEEP = 1000;

export class LatencyStats {
  constructor() {
    /** @type {Record<string, number[]>} */
    this.samples = { workerStartMs: [], messageMs: [] };
  }

  /** @param {'workerStartMs' | 'messageMs'} name @param {number} ms */
  record(name, ms) {
    const list = this.samples[name];
    list.push(ms);
    if (list.length > KEEP) list.shift();
  }

  /** @param {string} name */
  percentiles(name) {
    const list = this.samples[name];
    if (!list || list.length === 0) return null;
    const sorted = [...list].sort((a, b) => a - b);
    const at = (/** @type {number} */ q) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] * 10) / 10;
    return { p50: at(0.5), p99: at(0.99), samples: sorted.length };
  }
}
