// The origin rule (spec section 7): what a caller may name as a package URL.
import { ProblemError } from '../http/problem-error.js';
import { isInternalHost } from './internal-address.js';

/** @typedef {{allowedOrigins: string[], privateHostsAllowed: boolean}} OriginPolicy */

/**
 * The serialised origin of an Origin header value (RFC 6454), or null for the opaque origin.
 * @param {string} header
 */
function pageOrigin(header) {
  if (header.trim() === 'null') return null;
  try {
    const url = new URL(header.trim());
    return url.origin === 'null' ? null : url.origin;
  } catch {
    return null;
  }
}

/**
 * Applies CU-ORIG-1, -2, -3 and -6 to a package URL; throws 403 origin-not-allowed.
 * @param {URL} url the absolute manifest URL
 * @param {string | undefined} originHeader the request's Origin header
 * @param {OriginPolicy} policy
 * @returns {{allowListed: boolean}} whether the package's origin is allow-listed (which also permits internal hosts)
 */
export function applyOriginRule(url, originHeader, policy) {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ProblemError('origin-not-allowed', `Packages are fetched over http or https only, not ${url.protocol.replace(':', '')}.`);
  }
  // URL.origin lower-cases scheme and host and drops a default port: the comparison of CU-ORIG-6.
  const packageOrigin = url.origin;
  const allowListed = policy.allowedOrigins.includes(packageOrigin);
  if (originHeader !== undefined) {
    const page = pageOrigin(originHeader);
    if (!allowListed && page !== packageOrigin) {
      throw new ProblemError('origin-not-allowed',
        `A page from ${page ?? 'an opaque origin (null)'} may only name packages on its own origin; ${packageOrigin} is neither that nor allow-listed.`);
    }
  }
  if (!allowListed && !policy.privateHostsAllowed && isInternalHost(url.hostname)) {
    throw new ProblemError('origin-not-allowed',
      `${url.hostname} is an internal host; this utility fetches packages from internal hosts only on allow-listed origins.`);
  }
  return { allowListed };
}
