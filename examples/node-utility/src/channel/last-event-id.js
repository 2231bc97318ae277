import { ProblemError } from '../http/problem-error.js';

/**
 * The id a resuming client processed last: Last-Event-ID or the lastEventId query parameter (CU-CHAN-17).
 * @param {import('node:http').IncomingMessage} req
 * @param {URL} url
 * @returns {number | null}
 */
export function lastEventId(req, url) {
  const header = req.headers['last-event-id'];
  const value = typeof header === 'string' && header.trim() !== '' ? header.trim() : url.searchParams.get('lastEventId');
  if (value === null) return null;
  if (!/^[0-9]{1,15}$/.test(value)) throw new ProblemError('invalid-request', `The last event id '${value}' is not a non-negative integer.`);
  return Number(value);
}
