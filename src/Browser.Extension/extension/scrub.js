// What a page may read about a utility: nothing. Text that came from the utility or the placement code passes
// through a scrubber that replaces the utility's origin, host, port and name with "the utility".

/**
 * @param {{origin: string, name?: string}} utility
 * @returns {(text: unknown) => string}
 */
export function scrubberFor(utility) {
  const url = new URL(utility.origin);
  const secrets = [utility.origin, url.host, url.hostname, url.hostname.replace(/^\[|\]$/g, ''), `:${url.port}`, utility.name]
    .filter((s) => typeof s === 'string' && s.length >= 3)
    .sort((a, b) => b.length - a.length);
  return (text) => {
    let out = String(text ?? '');
    for (const secret of secrets) out = out.split(secret).join(secret.startsWith(':') ? '' : 'the utility');
    return out;
  };
}

/**
 * A problem with only its type, title, status and scrubbed detail: `instance` and extension members name the utility.
 * @param {any} problem
 * @param {(text: unknown) => string} scrub
 */
export function scrubProblem(problem, scrub) {
  if (!problem || typeof problem !== 'object') return undefined;
  /** @type {Record<string, unknown>} */
  const out = { type: String(problem.type ?? 'about:blank'), title: scrub(problem.title) };
  if (typeof problem.status === 'number') out.status = problem.status;
  if (problem.detail !== undefined) out.detail = scrub(problem.detail);
  return out;
}
