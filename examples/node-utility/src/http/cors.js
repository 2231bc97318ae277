// Cross-origin access (spec section 15): CORS and Private Network Access answers, and the page origins
// the owner permits (section 15.1). This utility has no dashboard, so no origin is ever denied: every page
// reads its answers, its refusals included, and only permitted pages are served.
import { isIP } from 'node:net';
import { ProblemError } from './problem-error.js';

const ALLOW_HEADERS = 'Authorization, Content-Type, Last-Event-ID';
const EXPOSE_HEADERS = 'Location, ETag, Retry-After';

/**
 * Headers for an actual (non-preflight) answer: the page's origin reflected, never '*' (CU-CORS-2, -5, -6).
 * @param {import('node:http').IncomingMessage} req
 * @param {import('../options.js').Options} _options
 * @returns {Record<string, string>}
 */
export function corsHeaders(req, _options) {
  const origin = req.headers.origin;
  if (origin === undefined) return {};
  return { 'Access-Control-Allow-Origin': origin, 'Access-Control-Expose-Headers': EXPOSE_HEADERS, Vary: 'Origin' };
}

/**
 * Answers a preflight with 204 (CU-CORS-1, -4), for permitted pages and those not permitted yet alike.
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {import('../options.js').Options} options
 * @param {string[]} methods
 */
export function answerPreflight(req, res, options, methods) {
  /** @type {Record<string, string>} */
  const headers = { Allow: [...methods, 'OPTIONS'].join(', '), Vary: 'Origin' };
  if (req.headers.origin !== undefined) {
    headers['Access-Control-Allow-Origin'] = req.headers.origin;
    headers['Access-Control-Allow-Methods'] = [...methods, 'OPTIONS'].join(', ');
    headers['Access-Control-Allow-Headers'] = ALLOW_HEADERS;
    headers['Access-Control-Max-Age'] = '600';
    if (options.privateNetworkAccess && req.headers['access-control-request-private-network'] === 'true') {
      headers['Access-Control-Allow-Private-Network'] = 'true';
    }
  }
  res.writeHead(204, headers);
  res.end();
}

/**
 * The serialised origin (RFC 6454, CU-ORIG-6), or null for 'null' and anything that is not an http(s) origin.
 * @param {string} text
 */
function serialised(text) {
  try {
    const url = new URL(text);
    if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.pathname !== '/' || url.search || url.hash || url.username) return null;
    return url.origin;
  } catch {
    return null;
  }
}

/**
 * Refuses a /v1 request from a page origin the owner has not permitted, before anything runs (CU-PERM-1, -2, -3).
 * Permitted: the utility's own origin (the Host it was reached at, which requestUrl limits to loopback and its name),
 * every --cors-origin, or every origin with '*'. OPTIONS requests pass, so the page can read the refusal.
 * @param {import('node:http').IncomingMessage} req
 * @param {URL} url
 * @param {import('../options.js').Options} options
 */
export function checkPageOrigin(req, url, options) {
  const origin = req.headers.origin;
  if (origin === undefined || !(url.pathname === '/v1' || url.pathname.startsWith('/v1/'))) return;
  if (req.method === 'OPTIONS') return; // acts on nothing: a preflight, or 405 (section 15)
  if (options.corsOrigins.includes('*')) return;
  const page = serialised(origin);
  if (page !== null) {
    const host = url.hostname.replace(/^\[|\]$/g, '');
    const own = (host === 'localhost' || host.endsWith('.localhost') || isIP(host) !== 0) && page === url.origin;
    if (own || options.corsOrigins.includes(page)) return;
  }
  const shown = origin.length <= 300 ? origin : `${origin.slice(0, 300)}…`;
  throw new ProblemError('origin-not-permitted',
    `Pages from ${shown} may not use this utility until its owner allows them: start it with --cors-origin ${page ?? '<origin>'}.`);
}
