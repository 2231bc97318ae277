// Per-site permission (CU-UA): which page origins the user allowed to run distributed workers, kept in
// chrome.storage.local so it is remembered, and removed when the user revokes it.

/** @typedef {Record<string, {allowed: boolean, decidedAt: string}>} SiteDecisions */

/** @returns {Promise<SiteDecisions>} */
export async function siteDecisions() {
  const { sites } = await chrome.storage.local.get('sites');
  return sites ?? {};
}

/**
 * @param {string} origin
 * @param {boolean} allowed
 */
export async function decideSite(origin, allowed) {
  const sites = await siteDecisions();
  sites[new URL(origin).origin] = { allowed, decidedAt: new Date().toISOString() };
  await chrome.storage.local.set({ sites });
}

/** @param {string} origin forgotten: the site is asked about again, as if never seen */
export async function revokeSite(origin) {
  const sites = await siteDecisions();
  delete sites[new URL(origin).origin];
  await chrome.storage.local.set({ sites });
}

/**
 * Whether pages of `origin` may use utilities, and why not in a sentence a page may read.
 * @param {string} origin
 * @returns {Promise<{allowed: boolean, reason?: string}>}
 */
export async function sitePermission(origin) {
  const decision = (await siteDecisions())[origin];
  if (decision?.allowed) return { allowed: true };
  return {
    allowed: false,
    reason: decision
      ? 'the user has not allowed this site to run distributed workers (site permission denied in the browser); running locally'
      : 'the user has not yet allowed this site to run distributed workers (site permission not granted in the browser); running locally',
  };
}
