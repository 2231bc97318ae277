// Writing answers: JSON bodies and problem+json errors (CU-API-2, CU-ERR-1).

/**
 * @param {import('node:http').ServerResponse} res
 * @param {number} status
 * @param {unknown} body
 * @param {Record<string, string>} [headers]
 */
export function sendJson(res, status, body, headers = {}) {
  const bytes = Buffer.from(JSON.stringify(body));
  res.writeHead(status, { ...headers, 'Content-Type': 'application/json', 'Content-Length': bytes.length });
  res.end(bytes);
}

/**
 * @param {import('node:http').ServerResponse} res
 * @param {import('./problems.js').Problem} problem
 * @param {string} instance the request path
 * @param {Record<string, string>} [headers]
 */
export function sendProblem(res, problem, instance, headers = {}) {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const bytes = Buffer.from(JSON.stringify({ ...problem, instance }));
  res.writeHead(problem.status, { ...headers, 'Content-Type': 'application/problem+json', 'Content-Length': bytes.length });
  res.end(bytes);
}
