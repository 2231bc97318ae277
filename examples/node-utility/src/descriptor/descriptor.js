// The descriptor at /.well-known/compute-utility (spec section 5): ETag, conditional GET, HEAD.
import os from 'node:os';
import { createHash } from 'node:crypto';
import { loadDescriptorState } from './descriptor-state.js';
import { OriginIds } from './origin-ids.js';
import { minimise, pagePartition, pressureOf, seesEverything } from './minimise.js';

const FEATURES = ['workers', 'channel.websocket', 'channel.http'];
// What V8 in Node 20 enables by default, by the proposal names the descriptor schema uses.
const WASM_FEATURES = ['mutable-globals', 'sign-extension', 'nontrapping-float-to-int', 'multi-value', 'bulk-memory', 'reference-types', 'simd'];

export class Descriptor {
  /**
   * @param {import('../options.js').Options} options
   * @param {import('../workers/worker-registry.js').WorkerRegistry} registry
   * @param {import('../workers/latency-stats.js').LatencyStats} stats
   */
  constructor(options, registry, stats) {
    this.options = options;
    this.registry = registry;
    this.stats = stats;
    this.cpu = { at: 0, value: 0 };
    this.id = stableId(options.name);
    this.version = 1;
    const state = loadDescriptorState(options.stateDir, this.id, (id) => {
      this.id = id;
      const { load, latency, ...rest } = this.body();
      return rest;
    });
    this.id = state.id;
    this.version = state.version;
    this.originIds = new OriginIds(options.stateDir);
  }

  /** The descriptor as it is now. */
  body() {
    const { options } = this;
    return {
      apiVersion: '1.0',
      // Nothing but load and latency changes while this process runs; across restarts, see descriptor-state.js.
      descriptorVersion: this.version,
      id: this.id,
      name: options.name,
      implementation: { name: 'compute-utility-node', version: '0.1.0' },
      runtimes: [{ name: 'v8', version: process.versions.v8, abi: ['cu1'], wasi: ['preview1'], wasmFeatures: WASM_FEATURES }],
      limits: { ...options.limits },
      hardware: { cores: os.availableParallelism(), memoryBytes: os.totalmem(), architecture: process.arch, os: process.platform, accelerators: [] },
      load: this.load(),
      latency: { workerStartMs: this.stats.percentiles('workerStartMs'), messageMs: this.stats.percentiles('messageMs'), taskMs: null },
      policies: {
        allowedOrigins: options.allowedOrigins,
        sameOriginRequired: true,
        privateHostsAllowed: options.privateHostsAllowed,
        integrityRequired: true,
        integrityAlgorithms: ['sha256', 'sha384', 'sha512'],
        authentication: 'none',
      },
      features: FEATURES,
      links: { workers: '/v1/workers' },
    };
  }

  /** Live load, with the pressure state every caller sees (CU-DESC-14). */
  load() {
    const cpu = this.cpuUtilization();
    const workers = this.registry.running;
    return {
      pressure: pressureOf(cpu, 0, workers, this.options.limits.maxWorkers),
      workers, tasksRunning: 0, queuedMessages: this.registry.queuedMessages, cpuUtilization: cpu,
    };
  }

  /** The one-minute load average per core, sampled every 5 s so the ETag does not change on every request. */
  cpuUtilization() {
    const now = Date.now();
    if (now - this.cpu.at > 5000) {
      this.cpu = { at: now, value: Math.min(1, Math.round((os.loadavg()[0] / os.availableParallelism()) * 100) / 100) };
    }
    return this.cpu.value;
  }

  /**
   * GET and HEAD (CU-DESC-1, -3, -4, -5, -6); a page on another origin gets the minimised form (CU-DESC-11, -12), every answer Vary: Origin (CU-DESC-13).
   * @param {import('node:http').IncomingMessage} req
   * @param {import('node:http').ServerResponse} res
   * @param {Record<string, string>} cors
   */
  answer(req, res, cors) {
    const full = this.body();
    const body = seesEverything(req) ? full : minimise(full, this.originIds.idFor(pagePartition(req.headers.origin)));
    const bytes = Buffer.from(JSON.stringify(body));
    const etag = `"${createHash('sha256').update(bytes).digest('base64url').slice(0, 27)}"`;
    const headers = { ...cors, ETag: etag, 'Cache-Control': 'max-age=5', Vary: 'Origin' };
    const match = (req.headers['if-none-match'] ?? '').split(',').map((t) => t.trim().replace(/^W\//, ''));
    if (match.includes(etag) || match.includes('*')) {
      res.writeHead(304, headers);
      res.end();
      return;
    }
    res.writeHead(200, { ...headers, 'Content-Type': 'application/json', 'Content-Length': bytes.length });
    res.end(req.method === 'HEAD' ? undefined : bytes);
  }
}

/** Without a state directory: a UUID derived from the host and the utility's name, the same across restarts. @param {string} name */
function stableId(name) {
  const hex = createHash('sha256').update(`compute-utility-node\0${os.hostname()}\0${name}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${((parseInt(hex[16], 16) & 3) | 8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
