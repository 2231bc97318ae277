// The problem type registry of spec/compute-utility.md section 14.1: name -> status and title.

/** @type {Record<string, {status: number, title: string}>} */
export const PROBLEM_TYPES = {
  'invalid-request': { status: 400, title: 'The request is not valid' },
  unauthorized: { status: 401, title: 'A valid token for this resource is required' },
  'origin-not-permitted': { status: 403, title: "The page origin is not permitted by the utility's owner" },
  'origin-not-allowed': { status: 403, title: 'The package origin is not allowed' },
  'not-found': { status: 404, title: 'No such resource' },
  'method-not-allowed': { status: 405, title: 'Method not allowed on this resource' },
  'worker-gone': { status: 410, title: 'The worker has ended' },
  'message-too-large': { status: 413, title: 'The message or request body is too large' },
  'unsupported-media-type': { status: 415, title: 'Unsupported content type' },
  'websocket-required': { status: 426, title: 'This resource needs a WebSocket upgrade' },
  'integrity-mismatch': { status: 422, title: 'Content does not match its integrity digest' },
  'invalid-manifest': { status: 422, title: 'The package manifest is not valid' },
  'package-too-large': { status: 422, title: 'The package exceeds a size limit' },
  'invalid-module': { status: 422, title: 'The module is not valid WebAssembly for this utility' },
  'abi-mismatch': { status: 422, title: 'The module does not implement the guest ABI' },
  'guest-trap': { status: 422, title: 'The guest trapped' },
  'deadline-exceeded': { status: 422, title: 'The guest ran past its deadline' },
  'too-many-messages': { status: 429, title: "The worker's message queue is full" },
  'internal-error': { status: 500, title: 'The utility failed unexpectedly' },
  'not-implemented': { status: 501, title: 'This utility does not implement the feature' },
  'package-fetch-failed': { status: 502, title: 'The package could not be fetched from its origin' },
  'worker-limit-reached': { status: 503, title: 'The utility runs as many workers as it allows' },
  'shutting-down': { status: 503, title: 'The utility is shutting down' },
};

/**
 * @typedef {{type: string, title: string, status: number, detail?: string, instance?: string,
 *   limit?: number, errors?: string[]}} Problem
 */

/**
 * Builds a problem details object (RFC 9457) of a registered type.
 * @param {string} name a problem type of the registry
 * @param {string} detail
 * @param {{instance?: string, limit?: number, errors?: string[]}} [extra]
 * @returns {Problem}
 */
export function problem(name, detail, extra = {}) {
  const registered = PROBLEM_TYPES[name];
  if (!registered) throw new Error(`unregistered problem type ${name}`);
  /** @type {Problem} */
  const body = { type: `urn:compute-utility:problem:${name}`, title: registered.title, status: registered.status, detail };
  if (extra.instance !== undefined) body.instance = extra.instance;
  if (extra.limit !== undefined) body.limit = extra.limit;
  if (extra.errors !== undefined) body.errors = extra.errors;
  return body;
}
