// The utilities the browser knows: those the native messaging host finds over mDNS (kept in chrome.storage.session,
// for the extension's own pages only) and those the user paired with a pairing link (chrome.storage.local).
// A page never adds one.

export const HOST = 'org.compute_utility.discovery';

/** @typedef {{origin: string, name?: string, token?: string, source: 'mdns' | 'paired'}} KnownUtility */

/** @returns {Promise<{discovered: Array<{origin: string, name: string}>, host: {state: string, detail?: string}}>} */
export async function discoveryState() {
  const { discovered, host } = await chrome.storage.session.get(['discovered', 'host']);
  return { discovered: discovered ?? [], host: host ?? { state: 'not started' } };
}

/** @returns {Promise<Array<{origin: string, accessToken: string, pairedAt: string}>>} */
export async function pairedUtilities() {
  const { paired } = await chrome.storage.local.get('paired');
  return paired ?? [];
}

/**
 * Keeps a pairing link's utility and token (`https://utility:8471/pair#token=…`, from the utility's dashboard).
 * @param {string} link
 */
export async function pair(link) {
  const url = new URL(link);
  const token = new URLSearchParams(url.hash.slice(1)).get('token');
  if (url.pathname !== '/pair' || !token) throw new Error('not a pairing link: expected <utility>/pair#token=…');
  const paired = (await pairedUtilities()).filter((p) => p.origin !== url.origin);
  paired.push({ origin: url.origin, accessToken: token, pairedAt: new Date().toISOString() });
  await chrome.storage.local.set({ paired });
  return url.origin;
}

/** @param {string} origin */
export async function unpair(origin) {
  await chrome.storage.local.set({ paired: (await pairedUtilities()).filter((p) => p.origin !== origin) });
}

/** @returns {Promise<KnownUtility[]>} every utility, paired ones with their token, each origin once */
export async function knownUtilities() {
  /** @type {Map<string, KnownUtility>} */
  const known = new Map();
  for (const u of (await discoveryState()).discovered) known.set(u.origin, { origin: u.origin, name: u.name, source: 'mdns' });
  for (const p of await pairedUtilities()) known.set(p.origin, { ...known.get(p.origin), origin: p.origin, token: p.accessToken, source: 'paired' });
  return [...known.values()];
}
