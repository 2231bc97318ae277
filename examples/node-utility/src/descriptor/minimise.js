// What a page on another origin reads in the descriptor (spec 5.1, CU-DESC-11, -14): no name, an
// id of its own, hardware as cores and memory rounded down to powers of two, load as a pressure
// state, latency to two significant digits without samples.
import { isIP } from 'node:net';

/**
 * The page origin a request is kept under: scheme and host in lower case, default port dropped; '' without Origin.
 * @param {string | undefined} origin
 */
export function pagePartition(origin) {
  if (origin === undefined || origin.trim() === '') return '';
  try {
    const url = new URL(origin.trim());
    if (url.protocol === 'http:' || url.protocol === 'https:') return url.origin.toLowerCase();
  } catch {
    // 'null' (an opaque origin) and anything odd are partitions of their own.
  }
  return origin.trim().toLowerCase();
}

/**
 * Programs (no Origin) and pages of the utility's own origin on one of its own names see everything.
 * @param {import('node:http').IncomingMessage} req
 */
export function seesEverything(req) {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  const host = req.headers.host ?? '';
  if (pagePartition(origin) !== pagePartition(`http://${host}`)) return false;
  const name = host.replace(/:\d+$/, '').replace(/^\[|\]$/g, '').toLowerCase();
  return name === 'localhost' || name.endsWith('.localhost') || name.endsWith('.local') || isIP(name) !== 0;
}

/**
 * The states of the W3C Compute Pressure API, by the thresholds of spec 5.1.
 * @param {number} cpu fraction of all cores in use
 * @param {number} tasksWaiting
 * @param {number} workers
 * @param {number} maxWorkers
 */
export function pressureOf(cpu, tasksWaiting, workers, maxWorkers) {
  if (cpu >= 0.9 || workers >= maxWorkers) return 'critical';
  if (cpu >= 0.6 || tasksWaiting > 0) return 'serious';
  if (cpu >= 0.3) return 'fair';
  return 'nominal';
}

/** @param {number} n */
const floorPowerOfTwo = (n) => 2 ** Math.floor(Math.log2(n));

/** @param {number} ms */
export const twoDigits = (ms) => (ms > 0 ? Number(ms.toPrecision(2)) : 0);

/**
 * @param {Record<string, any>} full the descriptor as programs see it
 * @param {string} id the id derived for the asking origin
 */
export function minimise(full, id) {
  const { name, hardware, load, latency, ...rest } = full;
  /** @type {Record<string, any>} */
  const coarse = {};
  if (hardware?.cores > 0) coarse.cores = floorPowerOfTwo(hardware.cores);
  if (hardware?.memoryBytes > 0) coarse.memoryBytes = floorPowerOfTwo(hardware.memoryBytes);
  const rounded = Object.fromEntries(Object.entries(latency ?? {}).map(([key, figure]) =>
    [key, figure === null ? null : { p50: twoDigits(figure.p50), p99: twoDigits(figure.p99) }]));
  return { ...rest, id, hardware: coarse, load: { pressure: load.pressure }, latency: rounded };
}
