// The operations of classes this utility does not declare: tasks, estimates, snapshots and live migration (CU-EST-2, CU-SNAP-2, CU-SNAP-25, CU-TASK-11).
import { ProblemError } from './problem-error.js';
import { readJsonBody } from './request-body.js';
import { parseIntegrity } from '../packages/sri.js';
import { findWorker, authorize } from '../workers/worker-access.js';

/** @param {string} feature */
const notImplemented = (feature) => new ProblemError('not-implemented', `This utility does not implement ${feature} (not in features).`);

/** A task request is checked like any request (400, 413, 415) before the 501. @param {import('./router.js').RequestContext} ctx */
export async function runTask({ req, app }) {
  if (app.shuttingDown) throw new ProblemError('shutting-down', 'The utility is stopping and starts no new work.');
  const body = await readJsonBody(req, app.options.limits.maxRequestBodyBytes);
  const errors = [];
  const request = typeof body === 'object' && body !== null && !Array.isArray(body) ? /** @type {Record<string, unknown>} */ (body) : null;
  if (request === null) {
    errors.push('The body is not a JSON object.');
  } else {
    if (typeof request.package !== 'string' || !URL.canParse(request.package)) errors.push("'package' is required: the absolute URL of the manifest.");
    if (parseIntegrity(request.integrity) === null) errors.push("'integrity' is required: SRI metadata of the manifest.");
    if (request.args !== undefined && (!Array.isArray(request.args) || request.args.some((a) => typeof a !== 'string'))) errors.push("'args' must be an array of strings.");
    if (request.stdin !== undefined && typeof request.stdin !== 'string') errors.push("'stdin' must be a string.");
    if (request.stdinBase64 !== undefined && (typeof request.stdinBase64 !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(request.stdinBase64))) errors.push("'stdinBase64' must be base64.");
    if (request.stdin !== undefined && request.stdinBase64 !== undefined) errors.push("Give 'stdin' or 'stdinBase64', not both.");
  }
  if (errors.length > 0) throw new ProblemError('invalid-request', `The request body has ${errors.length} error${errors.length === 1 ? '' : 's'}.`, { errors });
  throw notImplemented('tasks');
}

export function createEstimate() {
  throw notImplemented('estimates');
}

/** @param {import('./router.js').RequestContext} ctx */
export function createSnapshot({ req, url, app, params }) {
  authorize(req, url, findWorker(app.registry, params[0]), false);
  throw notImplemented('snapshots');
}

/** @param {import('./router.js').RequestContext} ctx */
export function getSnapshot({ app, params }) {
  findWorker(app.registry, params[0]);
  throw notImplemented('snapshots');
}

/** Prepared restores of live migration (spec 13.5): not offered, whatever the body or token (CU-SNAP-25). */
export function liveRestore() {
  throw notImplemented('live migration (snapshots.live)');
}
