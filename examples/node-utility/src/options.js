// Configuration: defaults as in the spec's limit table, command-line overrides, validation at start.

/** @typedef {{
 *   maxWorkers: number, maxMemoryBytesPerWorker: number, maxMessageBytes: number, maxQueuedMessages: number,
 *   messageDeadlineMs: number, idleTimeoutSeconds: number, orphanTimeoutSeconds: number, heartbeatIntervalMs: number, maxManifestBytes: number, maxModuleBytes: number,
 *   taskDeadlineMs: number, maxTaskMemoryBytes: number, maxTaskOutputBytes: number, maxTaskStdinBytes: number,
 *   eventBufferEvents: number, eventBufferBytes: number, maxRequestBodyBytes: number }} Limits */

/** @typedef {{
 *   host: string, port: number, name: string, stateDir: string | null, limits: Limits, allowedOrigins: string[], corsOrigins: string[],
 *   privateHostsAllowed: boolean, privateNetworkAccess: boolean, fetchTimeoutMs: number, keepEndedSeconds: number,
 *   keepAliveSeconds: number, logLineBytes: number, maxLogBytesPerWorker: number }} Options */

/** @type {Limits} */
export const DEFAULT_LIMITS = Object.freeze({
  maxWorkers: 64,
  maxMemoryBytesPerWorker: 268435456,
  maxMessageBytes: 1048576,
  maxQueuedMessages: 1024,
  messageDeadlineMs: 5000,
  idleTimeoutSeconds: 600,
  orphanTimeoutSeconds: 30,
  heartbeatIntervalMs: 15000,
  maxManifestBytes: 65536,
  maxModuleBytes: 67108864,
  taskDeadlineMs: 30000,
  maxTaskMemoryBytes: 268435456,
  maxTaskOutputBytes: 1048576,
  maxTaskStdinBytes: 1048576,
  eventBufferEvents: 4096,
  eventBufferBytes: 16777216,
  maxRequestBodyBytes: 2097152,
});

const USAGE = `usage: node src/main.js [--port N] [--allow-origin URL]... [--cors-origin URL|*]...
       [--allow-private-hosts] [--name NAME] [--state-dir DIR] [--limit NAME=VALUE]...
       [--max-workers N] [--message-deadline-ms N] [--idle-timeout-seconds N] [--orphan-timeout-seconds N]
       [--heartbeat-interval-ms N]`;

/**
 * Reads the command line; throws an Error listing every problem at once.
 * @param {string[]} argv
 * @returns {Options}
 */
export function parseOptions(argv) {
  /** @type {Options} */
  const options = {
    host: '127.0.0.1',
    port: 8471,
    name: 'node-utility',
    stateDir: null,
    limits: { ...DEFAULT_LIMITS },
    allowedOrigins: [],
    corsOrigins: [],
    privateHostsAllowed: false,
    privateNetworkAccess: true,
    fetchTimeoutMs: 10000,
    keepEndedSeconds: 120,
    keepAliveSeconds: 15,
    logLineBytes: 8192,
    maxLogBytesPerWorker: 4 * 1024 * 1024,
  };
  /** @type {string[]} */
  const errors = [];
  const limitAliases = { '--max-workers': 'maxWorkers', '--message-deadline-ms': 'messageDeadlineMs', '--idle-timeout-seconds': 'idleTimeoutSeconds',
    '--orphan-timeout-seconds': 'orphanTimeoutSeconds', '--heartbeat-interval-ms': 'heartbeatIntervalMs' };
  /** Limits the command line set; an unset orphan timeout follows a shorter idle timeout. @type {Set<string>} */
  const given = new Set();
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) {
        errors.push(`${flag} needs a value`);
        return '';
      }
      return argv[++i];
    };
    switch (flag) {
      case '--port': options.port = Number(value()); break;
      case '--name': options.name = value(); break;
      case '--state-dir': options.stateDir = value(); break;
      case '--allow-origin': options.allowedOrigins.push(value()); break;
      case '--cors-origin': options.corsOrigins.push(value()); break;
      case '--allow-private-hosts': options.privateHostsAllowed = true; break;
      case '--no-private-network-access': options.privateNetworkAccess = false; break;
      case '--limit': {
        const [key, raw] = value().split('=');
        if (!(key in DEFAULT_LIMITS)) errors.push(`--limit: unknown limit '${key}'`);
        else {
          /** @type {Record<string, number>} */ (options.limits)[key] = Number(raw);
          given.add(key);
        }
        break;
      }
      case '--help': throw new Error(USAGE);
      default:
        if (flag in limitAliases) {
          const key = limitAliases[/** @type {keyof typeof limitAliases} */ (flag)];
          /** @type {Record<string, number>} */ (options.limits)[key] = Number(value());
          given.add(key);
        } else {
          errors.push(`unknown option '${flag}'`);
        }
    }
  }
  if (!given.has('orphanTimeoutSeconds')) {
    options.limits.orphanTimeoutSeconds = Math.min(DEFAULT_LIMITS.orphanTimeoutSeconds, options.limits.idleTimeoutSeconds);
  }
  // Only pages the owner lists (and the utility's own origin) are served: no default '*' (section 15.1).
  options.corsOrigins = options.corsOrigins.map((o) => (o === '*' ? o : normaliseOrigin(o, errors, '--cors-origin')));
  options.allowedOrigins = options.allowedOrigins.map((o) => normaliseOrigin(o, errors, '--allow-origin'));
  errors.push(...validate(options));
  if (errors.length > 0) throw new Error(`${errors.join('\n')}\n${USAGE}`);
  return options;
}

/**
 * @param {string} text
 * @param {string[]} errors
 * @param {string} flag
 */
function normaliseOrigin(text, errors, flag) {
  try {
    const url = new URL(text);
    if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.pathname !== '/' || url.search || url.hash || url.username) {
      errors.push(`${flag} '${text}' is not an origin (http[s]://host[:port])`);
    }
    return url.origin;
  } catch {
    errors.push(`${flag} '${text}' is not a URL`);
    return text;
  }
}

/** @param {Options} options */
function validate(options) {
  const errors = [];
  if (!Number.isInteger(options.port) || options.port < 0 || options.port > 65535) errors.push(`--port ${options.port} is not a TCP port`);
  if (!/^[^\s].{0,62}$/.test(options.name)) errors.push('--name must be 1 to 63 characters');
  for (const [key, value] of Object.entries(options.limits)) {
    const minimum = key === 'maxWorkers' || key.startsWith('maxTaskOutput') || key.startsWith('maxTaskStdin') ? 0 : 1;
    if (!Number.isSafeInteger(value) || value < minimum) errors.push(`limit ${key} must be an integer of at least ${minimum}, not ${value}`);
  }
  if (options.limits.orphanTimeoutSeconds > options.limits.idleTimeoutSeconds) {
    errors.push('limit orphanTimeoutSeconds must be at most idleTimeoutSeconds (CU-WRK-17)');
  }
  if (options.limits.heartbeatIntervalMs < 100 || options.limits.heartbeatIntervalMs > 30000) {
    errors.push('limit heartbeatIntervalMs must be from 100 to 30000 (CU-CHAN-28; it is also the keep-alive of CU-CHAN-25)');
  }
  if (options.limits.maxMemoryBytesPerWorker < 65536) errors.push('limit maxMemoryBytesPerWorker must be at least one page (65536)');
  if (options.limits.maxMemoryBytesPerWorker > 4294967296) errors.push('limit maxMemoryBytesPerWorker must be at most 4 GiB (wasm32)');
  return errors;
}
