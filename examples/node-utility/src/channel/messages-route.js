// POST /v1/workers/{id}/messages, the HTTP fallback for sending (CU-CHAN-11, CU-CHAN-12).
import { ProblemError } from '../http/problem-error.js';
import { isJson, mediaType, readBody } from '../http/request-body.js';
import { sendJson } from '../http/responses.js';
import { findWorker, authorize } from '../workers/worker-access.js';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** @param {import('../http/router.js').RequestContext} ctx */
export async function postMessage({ req, res, url, app, cors, params }) {
  const { limits } = app.options;
  const worker = findWorker(app.registry, params[0]);
  authorize(req, url, worker, false);
  // The form of the request is checked before the worker's state (spec section 4, order of checks).
  const type = mediaType(req);
  const json = isJson(req);
  if (!json && type !== 'application/octet-stream') {
    throw new ProblemError('unsupported-media-type', `Send messages as application/json or application/octet-stream, not '${type || 'no Content-Type'}'.`);
  }
  const cap = Math.min(limits.maxMessageBytes, limits.maxRequestBodyBytes);
  const bytes = await readBody(req, cap, 'limits.maxMessageBytes');
  const kind = json ? 0 : 1;
  if (kind === 0) {
    try {
      JSON.parse(strictUtf8.decode(bytes));
    } catch {
      throw new ProblemError('invalid-request', 'The message is sent as application/json but is not one UTF-8 JSON value.');
    }
  }
  if (worker.ended) throw gone(worker);
  const sequence = worker.accept(kind, bytes);
  if (sequence === null) {
    throw new ProblemError('too-many-messages', `${limits.maxQueuedMessages} messages are waiting for this worker; retry after 1 second.`,
      { limit: limits.maxQueuedMessages, headers: { 'Retry-After': '1' } });
  }
  sendJson(res, 202, { sequence }, cors);
}

/** @param {import('../workers/worker.js').Worker} worker */
export function gone(worker) {
  return new ProblemError('worker-gone', `The worker ended (${worker.exitReason}) at ${new Date(worker.endedAt).toISOString()}; create a new one.`);
}
