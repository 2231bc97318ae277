// POST /v1/workers, GET and DELETE /v1/workers/{id} (spec section 8).
import { ProblemError } from '../http/problem-error.js';
import { readJsonBody, mediaType, readBody } from '../http/request-body.js';
import { sendJson } from '../http/responses.js';
import { parseIntegrity } from '../packages/sri.js';
import { GuestHost } from '../guest/guest-host.js';
import { Worker } from './worker.js';
import { newToken, newWorkerId } from './tokens.js';
import { findWorker, authorize } from './worker-access.js';

/** @typedef {import('../http/router.js').RequestContext} RequestContext */

/** @param {RequestContext} ctx */
export async function createWorker({ req, res, app, cors }) {
  const { options, registry, loader, stats } = app;
  if (app.shuttingDown) throw new ProblemError('shutting-down', 'The utility is stopping and starts no new work.');
  if (mediaType(req) === 'application/vnd.compute-utility.snapshot') {
    await readBody(req, options.limits.maxRequestBodyBytes, 'limits.maxRequestBodyBytes');
    throw new ProblemError('not-implemented', 'This utility does not implement snapshots (not in features), so it cannot restore one.');
  }
  const body = await readJsonBody(req, options.limits.maxRequestBodyBytes);
  const { manifestUrl, integrity } = packageRequest(body);
  if (!registry.reserve()) {
    throw new ProblemError('worker-limit-reached', `${options.limits.maxWorkers} workers are running; retry later or choose another utility.`,
      { limit: options.limits.maxWorkers, headers: { 'Retry-After': '5' } });
  }
  let worker;
  try {
    const started = performance.now();
    const loaded = await loader.loadReactor(manifestUrl, integrity, req.headers.origin);
    // The stop may have begun while the package was fetched: no worker starts once the workers were ended (CU-WRK-14).
    if (app.shuttingDown) throw new ProblemError('shutting-down', 'The utility is stopping and starts no new work.');
    worker = new Worker({ id: newWorkerId(), token: newToken(), info: loaded.info, limits: options.limits, stats });
    const guest = new GuestHost(options.limits.messageDeadlineMs, worker.output);
    const result = await guest.start(loaded.module, {
      name: loaded.info.name, maxMessageBytes: options.limits.maxMessageBytes, logLineBytes: options.logLineBytes, maxLogBytes: options.maxLogBytesPerWorker,
    });
    worker.cpuTimeMs += result.ms;
    refuseFailedStart(result, options.limits.messageDeadlineMs);
    worker.guest = guest;
    worker.memoryBytes = /** @type {{memoryBytes: number}} */ (result).memoryBytes;
    stats.record('workerStartMs', performance.now() - started);
    registry.add(worker);
  } finally {
    registry.release();
  }
  const location = `/v1/workers/${worker.id}`;
  sendJson(res, 201, { ...worker.resource(req.headers.host ?? '127.0.0.1'), token: worker.token }, { ...cors, Location: location });
  worker.pump();
}

/**
 * The package variant of the creation request (CU-PKG-1, CU-WRK-3); the restore variant is not implemented (CU-SNAP-2).
 * @param {unknown} body
 */
function packageRequest(body) {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ProblemError('invalid-request', 'The body must be a JSON object with package and integrity.', { errors: ['The body is not a JSON object.'] });
  }
  const request = /** @type {Record<string, unknown>} */ (body);
  const restore = 'snapshot' in request || 'token' in request;
  if (restore && ('package' in request || 'integrity' in request)) {
    throw new ProblemError('invalid-request', 'The body mixes the package request (package, integrity) and the restore request (snapshot, token).',
      { errors: ['Give either package and integrity, or snapshot and token.'] });
  }
  if (restore) {
    if (typeof request.snapshot !== 'string' || typeof request.token !== 'string') {
      throw new ProblemError('invalid-request', 'A restore request needs both snapshot (a URL) and token.', { errors: ["'snapshot' and 'token' are both required."] });
    }
    throw new ProblemError('not-implemented', 'This utility does not implement snapshots (not in features), so it cannot restore one.');
  }
  const errors = [];
  /** @type {URL | null} */
  let manifestUrl = null;
  if (typeof request.package !== 'string') errors.push("'package' is required: the absolute URL of the manifest.");
  else {
    try {
      manifestUrl = new URL(request.package);
    } catch {
      errors.push(`'package' (${request.package}) is not an absolute URL.`);
    }
  }
  if (typeof request.integrity !== 'string') errors.push("'integrity' is required: SRI metadata of the manifest (sha256-, sha384- or sha512-).");
  else if (parseIntegrity(request.integrity) === null) errors.push("'integrity' is not SRI metadata of sha256, sha384 or sha512 digests of their full length.");
  if (errors.length > 0) throw new ProblemError('invalid-request', `The request body has ${errors.length} error${errors.length === 1 ? '' : 's'}.`, { errors });
  return { manifestUrl: /** @type {URL} */ (manifestUrl), integrity: /** @type {string} */ (request.integrity) };
}

/**
 * A creation whose _initialize did not return is refused with 422 and leaves nothing behind (CU-WRK-4).
 * @param {import('../guest/guest-host.js').CallResult} result
 * @param {number} deadlineMs
 */
function refuseFailedStart(result, deadlineMs) {
  if (result.outcome === 'returned') return;
  if (result.outcome === 'deadline') {
    throw new ProblemError('deadline-exceeded', `_initialize ran longer than messageDeadlineMs (${deadlineMs} ms).`, { limit: deadlineMs });
  }
  if (result.outcome === 'link') throw new ProblemError('abi-mismatch', `The module could not be linked: ${result.detail}.`);
  if (result.outcome === 'exit') throw new ProblemError('guest-trap', `The guest called proc_exit(${result.exitCode}) during _initialize.`);
  throw new ProblemError('guest-trap', `${result.detail} in _initialize.`);
}

/** @param {RequestContext} ctx */
export function getWorker({ req, res, url, app, cors, params }) {
  const worker = findWorker(app.registry, params[0]);
  authorize(req, url, worker, false);
  sendJson(res, 200, worker.resource(req.headers.host ?? '127.0.0.1'), cors);
}

/** @param {RequestContext} ctx */
export function deleteWorker({ req, res, url, app, cors, params }) {
  const worker = findWorker(app.registry, params[0]);
  authorize(req, url, worker, false);
  worker.end('terminated');
  res.writeHead(204, cors);
  res.end();
}
