// The extension's own page (popup and options): allow or deny the current site, revoke any site, see the
// utilities found nearby and pair one with a pairing link. Opened as ui.html?site=ORIGIN it asks about that site.
import { decideSite, revokeSite, siteDecisions } from './sites.js';
import { discoveryState, pair, pairedUtilities, unpair } from './utilities.js';

const $ = (/** @type {string} */ id) => /** @type {HTMLElement} */ (document.getElementById(id));

async function currentSite() {
  const asked = new URLSearchParams(location.search).get('site');
  if (asked) return new URL(asked).origin;
  const [tab] = await chrome.tabs.query({ active: true, currentWindow: true }).catch(() => []);
  return tab?.url && /^https?:/.test(tab.url) ? new URL(tab.url).origin : null;
}

/** @param {string} text @param {() => Promise<unknown>} action */
function button(text, action) {
  const b = document.createElement('button');
  b.className = 'secondary';
  b.textContent = text;
  b.addEventListener('click', () => action().then(render));
  return b;
}

async function render() {
  const site = await currentSite();
  const sites = await siteDecisions();
  $('this-site').hidden = !site;
  if (site) {
    $('site-origin').textContent = site;
    const decision = sites[site];
    $('site-state').textContent = !decision ? 'Not decided yet: its workers run on this device.'
      : decision.allowed ? 'Allowed: its workers may run on a utility this browser chooses.' : 'Not allowed: its workers run on this device.';
  }
  const list = $('sites');
  list.replaceChildren();
  for (const [origin, decision] of Object.entries(sites)) {
    const li = document.createElement('li');
    const name = document.createElement('span');
    name.textContent = origin;
    const state = document.createElement('span');
    state.className = decision.allowed ? 'state' : 'state denied';
    state.textContent = decision.allowed ? 'allowed' : 'not allowed';
    li.append(name, state, button('Revoke', () => revokeSite(origin)));
    list.append(li);
  }
  if (!list.children.length) list.innerHTML = '<li class="empty">No site has been allowed or denied.</li>';

  const { discovered, host } = await discoveryState();
  const paired = await pairedUtilities();
  $('host-state').textContent = `Discovery (native host): ${host.state}${host.detail ? ` — ${host.detail}` : ''}`;
  const utilities = $('utilities');
  utilities.replaceChildren();
  for (const u of discovered) {
    const li = document.createElement('li');
    li.textContent = `${u.name} — ${u.origin} (found nearby)`;
    utilities.append(li);
  }
  for (const p of paired) {
    const li = document.createElement('li');
    const name = document.createElement('span');
    name.textContent = `${p.origin} (paired)`;
    li.append(name, button('Forget', () => unpair(p.origin)));
    utilities.append(li);
  }
  if (!utilities.children.length) utilities.innerHTML = '<li class="empty">None found nearby, none paired.</li>';
}

$('allow').addEventListener('click', async () => { const site = await currentSite(); if (site) await decideSite(site, true); await render(); });
$('deny').addEventListener('click', async () => { const site = await currentSite(); if (site) await decideSite(site, false); await render(); });
$('pair-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  try {
    $('pair-state').textContent = `Paired with ${await pair(/** @type {HTMLInputElement} */ ($('pair-link')).value)}.`;
  } catch (error) {
    $('pair-state').textContent = /** @type {Error} */ (error).message;
  }
  await render();
});
chrome.storage.onChanged.addListener(() => render());
render();
