// The options of a DistributedWorker: their defaults, and the checks the constructor makes before anything starts.

/** @typedef {import('../distributed-worker.js').DistributedWorkerOptions} DistributedWorkerOptions */

/**
 * The options with their defaults filled in and the utilities as origins.
 * @typedef {Required<Pick<DistributedWorkerOptions, 'placement' | 'timeoutMs' | 'maxRoundTripMs' | 'probeRuns' | 'localWeight' | 'logToConsole'>>
 *   & DistributedWorkerOptions & {utilities: string[]}} ResolvedOptions
 */

export const DEFAULTS = Object.freeze({
  /** @type {'auto' | 'remote' | 'local'} */
  placement: 'auto',
  /** How long a utility may take to answer its descriptor before it counts as absent. */
  timeoutMs: 2000,
  /** Without a probe or an estimate, use a utility only when its round trip is at most this. */
  maxRoundTripMs: 20,
  /** Runs of the probe message per place; the fastest counts (the first warms the compilers up). */
  probeRuns: 2,
  /** What a millisecond of this device's CPU costs against one of a utility's: above 1 on a phone on battery. */
  localWeight: 1,
  /** Mirror the worker's stdout and stderr lines to the console as well as 'log' events. */
  logToConsole: true,
});

/**
 * Checks the constructor's arguments (a TypeError for the first wrong one) and resolves them against the page.
 * @param {string | URL} manifestUrl
 * @param {DistributedWorkerOptions} options
 * @returns {{manifestUrl: string, options: ResolvedOptions}}
 */
export function resolveOptions(manifestUrl, options) {
  if (!options || typeof options.integrity !== 'string') {
    throw new TypeError('DistributedWorker: options.integrity (the manifest\'s sha256-… digest) is required');
  }
  const placement = options.placement ?? DEFAULTS.placement;
  if (!['auto', 'remote', 'local'].includes(placement)) {
    throw new TypeError(`DistributedWorker: placement must be 'auto', 'remote' or 'local', not '${placement}'`);
  }
  const policy = options.snapshots;
  if (policy !== undefined && policy !== null) {
    /** @param {unknown} n */
    const positive = (n) => n === undefined || (typeof n === 'number' && Number.isFinite(n) && n > 0);
    if (typeof policy !== 'object' || !positive(policy.everyMessages) || !positive(policy.everyMs)) {
      throw new TypeError('DistributedWorker: snapshots must be { everyMessages?: n > 0, everyMs?: t > 0 }');
    }
  }
  const base = globalThis.location?.href;
  const resolvedUrl = new URL(manifestUrl, base).href;
  const utilities = [options.utility ?? []].flat().map((u) => new URL(u, base).origin);
  return { manifestUrl: resolvedUrl, options: { ...DEFAULTS, ...options, placement, utilities } };
}
