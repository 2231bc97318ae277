// Finding a worker and checking its token (CU-WRK-8, CU-WRK-9, CU-CHAN-3, CU-CHAN-5).
import { ProblemError } from '../http/problem-error.js';
import { tokensEqual } from './tokens.js';

/**
 * @param {import('./worker-registry.js').WorkerRegistry} registry
 * @param {string} id
 */
export function findWorker(registry, id) {
  const worker = registry.get(id);
  if (!worker) throw new ProblemError('not-found', `There is no worker ${id} on this utility.`);
  return worker;
}

/**
 * The bearer token of a request: the Authorization header, or `access_token` where allowed.
 * @param {import('node:http').IncomingMessage} req
 * @param {URL} url
 * @param {boolean} queryAllowed
 */
export function bearerToken(req, url, queryAllowed) {
  const header = req.headers.authorization;
  if (header !== undefined) {
    const match = /^Bearer +([^\s]+) *$/i.exec(header);
    return match ? match[1] : '';
  }
  return queryAllowed ? url.searchParams.get('access_token') : null;
}

/**
 * Throws 401 unless the request carries this worker's token.
 * @param {import('node:http').IncomingMessage} req
 * @param {URL} url
 * @param {import('./worker.js').Worker} worker
 * @param {boolean} queryAllowed
 */
export function authorize(req, url, worker, queryAllowed) {
  const token = bearerToken(req, url, queryAllowed);
  if (!tokensEqual(token, worker.token)) {
    const challenge = token === null ? 'Bearer' : 'Bearer error="invalid_token"';
    throw new ProblemError('unauthorized', `This worker needs its bearer token in Authorization${queryAllowed ? ' or access_token' : ''}.`,
      { headers: { 'WWW-Authenticate': challenge } });
  }
}
