// The extension's service worker: keeps the native messaging host (discovery over mDNS) running, answers the
// offscreen document's questions about sites and utilities, and starts the offscreen document on demand.
import { sitePermission } from './sites.js';
import { HOST, knownUtilities } from './utilities.js';

/** @type {Map<string, {origin: string, name: string}>} */
const discovered = new Map();
/** @type {chrome.runtime.Port | null} */
let host = null;

function startDiscovery() {
  if (host) return;
  const publish = (/** @type {{state: string, detail?: string}} */ state) =>
    chrome.storage.session.set({ discovered: [...discovered.values()], host: state });
  try {
    host = chrome.runtime.connectNative(HOST);
  } catch (error) {
    publish({ state: 'unavailable', detail: String(error) });
    return;
  }
  host.onMessage.addListener((message) => {
    const u = message.utility;
    if (message.type === 'hello') host?.postMessage({ type: 'list' });
    else if (message.type === 'list') for (const v of message.utilities ?? []) discovered.set(v.origin, { origin: v.origin, name: v.name });
    else if ((message.type === 'found' || message.type === 'updated') && u) discovered.set(u.origin, { origin: u.origin, name: u.name });
    else if (message.type === 'lost' && u) discovered.delete(u.origin);
    publish({ state: message.type === 'error' ? 'error' : 'running', detail: message.message });
  });
  host.onDisconnect.addListener(() => {
    const detail = chrome.runtime.lastError?.message ?? 'the host exited';
    host = null;
    discovered.clear();
    publish({ state: 'stopped', detail });
  });
  publish({ state: 'starting' });
}

let creating = /** @type {Promise<void> | null} */ (null);
async function ensureOffscreen() {
  const url = chrome.runtime.getURL('offscreen.html');
  const contexts = await chrome.runtime.getContexts({ contextTypes: ['OFFSCREEN_DOCUMENT'], documentUrls: [url] });
  if (contexts.length > 0) return;
  creating ??= chrome.offscreen.createDocument({
    url: 'offscreen.html', reasons: ['WORKERS'], justification: 'talks to compute utilities for the pages\' distributed workers',
  }).finally(() => { creating = null; });
  await creating;
}

chrome.runtime.onMessage.addListener((message, sender, respond) => {
  if (sender.id !== chrome.runtime.id) return false;
  if (message?.type === 'cu-agent:ensure') {
    startDiscovery();
    ensureOffscreen().then(() => respond({ ok: true }), (error) => respond({ ok: false, detail: String(error) }));
    return true;
  }
  // The list of utilities goes to the offscreen document only: a content script shares its renderer with the page.
  if (message?.type === 'cu-agent:site' && sender.url === chrome.runtime.getURL('offscreen.html')) {
    Promise.all([sitePermission(String(message.origin)), knownUtilities()])
      .then(([permission, utilities]) => respond({ ...permission, utilities: permission.allowed ? utilities : [] }));
    return true;
  }
  return false;
});

// A site denied or forgotten in the extension's page loses its remote workers at once (CU-UA-16).
chrome.storage.onChanged.addListener((changes, area) => {
  if (area !== 'local' || !changes.sites) return;
  const before = changes.sites.oldValue ?? {};
  const after = changes.sites.newValue ?? {};
  for (const origin of Object.keys(before)) {
    if (before[origin]?.allowed && !after[origin]?.allowed) chrome.runtime.sendMessage({ type: 'cu-agent:revoked', origin }).catch(() => {});
  }
});

chrome.runtime.onStartup.addListener(startDiscovery);
chrome.runtime.onInstalled.addListener(startDiscovery);
startDiscovery();
