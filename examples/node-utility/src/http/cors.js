// Cross-origin access (spec section 15): CORS and Private Network Access answers.

const ALLOW_HEADERS = 'Authorization, Content-Type, Last-Event-ID';
const EXPOSE_HEADERS = 'Location, ETag, Retry-After';

/** @param {import('../options.js').Options} options @param {string | undefined} origin */
function allowedOrigin(options, origin) {
  if (origin === undefined) return null;
  if (options.corsOrigins.includes('*')) return '*';
  return options.corsOrigins.some((o) => o.toLowerCase() === origin.toLowerCase()) ? origin : null;
}

/**
 * Headers for an actual (non-preflight) answer (CU-CORS-2, -3, -5, -6).
 * @param {import('node:http').IncomingMessage} req
 * @param {import('../options.js').Options} options
 * @returns {Record<string, string>}
 */
export function corsHeaders(req, options) {
  const allowed = allowedOrigin(options, req.headers.origin);
  if (allowed === null) return req.headers.origin === undefined ? {} : { Vary: 'Origin' };
  return { 'Access-Control-Allow-Origin': allowed, 'Access-Control-Expose-Headers': EXPOSE_HEADERS, Vary: 'Origin' };
}

/**
 * Answers a preflight with 204 (CU-CORS-1, -4).
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {import('../options.js').Options} options
 * @param {string[]} methods
 */
export function answerPreflight(req, res, options, methods) {
  /** @type {Record<string, string>} */
  const headers = { Allow: [...methods, 'OPTIONS'].join(', '), Vary: 'Origin' };
  const allowed = allowedOrigin(options, req.headers.origin);
  if (allowed !== null) {
    headers['Access-Control-Allow-Origin'] = allowed;
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
