// Access tokens (spec 4.1): a utility that serves its network asks devices for a token its owner issued.

const PAIRED_TOKEN_KEY = 'compute-utility.access-token';

/**
 * The access token to send to `utility`: the option (one token, or one per utility origin), else, for a page
 * served by that utility itself, the token its /pair page kept.
 * @param {string} utility
 * @param {{accessToken?: string | Record<string, string>}} options
 * @returns {string | undefined}
 */
export function accessTokenFor(utility, options) {
  const origin = new URL(utility).origin;
  const given = options.accessToken;
  if (typeof given === 'string') return given;
  if (given && typeof given === 'object') return given[origin] ?? given[`${origin}/`];
  if (typeof location !== 'undefined' && location.origin === origin) {
    try { return globalThis.localStorage?.getItem(PAIRED_TOKEN_KEY) ?? undefined; } catch { return undefined; }
  }
  return undefined;
}

/**
 * Reads a pairing link (`https://utility:8471/pair#token=…`, from the utility's dashboard) into utility and token.
 * @param {string | URL} link
 * @returns {{utility: string, accessToken: string}}
 */
export function parsePairingLink(link) {
  const url = new URL(link);
  const token = new URLSearchParams(url.hash.slice(1)).get('token');
  if (url.pathname !== '/pair' || !token) throw new Error('not a pairing link: expected <utility>/pair#token=…');
  return { utility: url.origin, accessToken: token };
}
