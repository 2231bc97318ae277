// What the request handlers share: options, workers, the package loader, the descriptor.
import { WorkerRegistry } from './workers/worker-registry.js';
import { LatencyStats } from './workers/latency-stats.js';
import { PackageLoader } from './packages/package-loader.js';
import { Descriptor } from './descriptor/descriptor.js';

export class App {
  /**
   * @param {import('./options.js').Options} options
   * @param {Set<string>} wasiFunctions the WASI preview1 functions the guest host provides
   */
  constructor(options, wasiFunctions) {
    this.options = options;
    this.stats = new LatencyStats();
    this.registry = new WorkerRegistry(options);
    this.loader = new PackageLoader(options, wasiFunctions);
    this.descriptor = new Descriptor(options, this.registry, this.stats);
    this.shuttingDown = false;
  }
}
