// The owner's dashboard: one server-sent event stream (/dashboard/events) sends the whole state every second.
// Everything shown that comes from clients or packages is set as text, never as markup.

const $ = (selector) => document.querySelector(selector);

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name === 'class') node.className = value;
    else if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value);
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined) node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

const bytes = (n) => {
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = n;
  let unit = -1;
  do { value /= 1024; unit++; } while (value >= 1024 && unit < units.length - 1);
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
};
const duration = (seconds) => {
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
};
const ago = (iso) => (iso ? `${duration((Date.now() - Date.parse(iso)) / 1000)} ago` : '—');
const clock = (iso) => new Date(iso).toLocaleTimeString();

async function post(path, body) {
  const response = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body ?? {}) });
  if (!response.ok) {
    const problem = await response.json().catch(() => ({}));
    alert(problem.detail ?? `${response.status} ${response.statusText}`);
  }
  return response;
}

function figure(label, value, fraction) {
  return el('div', {}, el('dt', {}, label), el('dd', {}, value),
    fraction === undefined ? null : el('div', { class: 'bar' }, el('span', { style: `width:${Math.min(100, Math.round(fraction * 100))}%` })));
}

function renderReach(state) {
  const lan = state.lan;
  const addresses = $('#addresses');
  const pairing = $('#pairing');
  if (!lan.enabled) {
    addresses.replaceChildren(
      ...state.listening.map((a) => el('span', { class: 'address' }, a)),
      el('p', { class: 'hint' }, 'This utility serves this machine only (loopback). To let phones and laptops on your network use it, restart it with ',
        el('code', {}, '--lan'), ': devices then need an access token, which you pair below.'));
    pairing.replaceChildren();
    return;
  }
  addresses.replaceChildren(
    ...(lan.deviceAddresses.length ? lan.deviceAddresses : state.listening).map((a) => el('span', { class: 'address' }, a)),
    el('p', { class: 'hint' }, lan.accessTokenRequired
      ? 'Serving your network. Devices need an access token to create work; scan a pairing code below with a phone, or give an app the pairing link.'
      : 'Serving your network without access tokens (Lan:RequireAccessToken is false): anyone on the network can run work here.',
      lan.https ? ' HTTPS is on.' : ''));
  const active = state.tokens.filter((t) => t.pairingUrl);
  const first = active[active.length - 1];
  pairing.replaceChildren(first
    ? el('div', { class: 'pairing' },
      el('img', { src: `/dashboard/tokens/${encodeURIComponent(first.id)}/qr.svg`, alt: `Pairing code for ${first.label}` }),
      el('div', {}, el('strong', {}, `Pair a device (${first.label})`), el('p', { class: 'link mono' }, first.pairingUrl)))
    : el('p', { class: 'hint' }, 'No active access token: create one below to pair a device.'));
}

function renderLoad(state) {
  const load = state.load;
  $('#load').replaceChildren(
    figure('Workers', `${load.workers} / ${load.maxWorkers}`, load.workers / load.maxWorkers),
    figure('Tasks running', `${load.tasksRunning} / ${load.maxConcurrentTasks}`, load.tasksRunning / load.maxConcurrentTasks),
    figure('Queued messages', load.queuedMessages),
    figure('CPU', `${Math.round(load.cpuUtilization * 100)} %`, load.cpuUtilization),
    figure('Memory (process)', bytes(load.processMemoryBytes)),
    figure('Up for', duration(state.uptimeSeconds)));
}

function renderWorkers(state) {
  const running = state.workers.filter((w) => w.state === 'running').length;
  $('#worker-count').textContent = `${running} running${state.workers.length > running ? `, ${state.workers.length - running} ended` : ''}`;
  const rows = state.workers.map((w) => el('tr', { 'data-worker': w.id },
    el('td', { class: 'mono' }, w.id),
    el('td', {}, `${w.package} ${w.version}`),
    el('td', { class: 'mono' }, w.origin),
    el('td', { class: `state-${w.state}` }, w.state, w.connected ? ' · connected' : ''),
    el('td', { class: 'n' }, bytes(w.memoryBytes)),
    el('td', { class: 'n' }, `${w.cpuTimeMs.toFixed(1)} ms`),
    el('td', { class: 'n' }, `${w.messagesIn} / ${w.messagesOut}`),
    el('td', {}, ago(w.createdAt)),
    el('td', {}, w.state === 'running'
      ? el('button', { class: 'danger', onclick: () => post(`/dashboard/workers/${encodeURIComponent(w.id)}/end`) }, 'End')
      : '')));
  $('#workers tbody').replaceChildren(...(rows.length ? rows : [el('tr', {}, el('td', { class: 'empty', colspan: 9 }, 'No workers yet. Pages create them with the browser shim; see “Try it”.'))]));
}

function renderTokens(state) {
  $('#token-hint').textContent = state.lan.enabled
    ? `Tokens are kept in ${state.lan.tokenFile} (readable by you only). Revoking one stops its devices from creating work at once.`
    : `Tokens are needed once the utility serves your network (--lan). They are kept in ${state.lan.tokenFile}.`;
  const rows = [...state.tokens].reverse().map((t) => el('tr', { 'data-token': t.id, class: t.revokedAt ? 'revoked' : '' },
    el('td', {}, t.label),
    el('td', {}, ago(t.createdAt)),
    el('td', {}, t.lastUsedAt ? ago(t.lastUsedAt) : 'never'),
    el('td', {}, t.revokedAt ? `revoked ${ago(t.revokedAt)}` : 'active'),
    el('td', {}, t.revokedAt ? '' : el('button', { class: 'danger', onclick: () => post(`/dashboard/tokens/${encodeURIComponent(t.id)}/revoke`) }, 'Revoke'))));
  $('#tokens tbody').replaceChildren(...(rows.length ? rows : [el('tr', {}, el('td', { class: 'empty', colspan: 5 }, 'No access tokens.'))]));
}

function renderOrigins(state) {
  const origins = state.origins;
  $('#any-origin').hidden = !origins.anyOrigin;
  const decide = (action, origin) => post(`/dashboard/origins/${action}`, { origin });
  $('#pending-origins').replaceChildren(...origins.pending.map((p) => el('li', { class: 'pending', 'data-origin': p.origin },
    el('span', {}, el('strong', { class: 'mono' }, p.origin), ' wants to run workers here',
      p.attempts > 1 ? ` (${p.attempts} attempts, last ${ago(p.lastSeen)})` : ` (${ago(p.lastSeen)})`),
    ' ', el('button', { onclick: () => decide('allow', p.origin) }, 'Allow'),
    ' ', el('button', { class: 'danger', onclick: () => decide('deny', p.origin) }, 'Deny'))));
  $('#origins-hint').textContent = `Pages on these origins may use this utility, besides its own pages. Choices made here are kept in ${origins.file} (readable by you only); origins from Cors:AllowedOrigins change in your settings file.`;
  const rows = [
    ...origins.permitted.map((o) => el('tr', { 'data-origin': o.origin },
      el('td', { class: 'mono' }, o.origin),
      el('td', {}, o.source === 'config' ? 'settings (Cors:AllowedOrigins)' : `you, ${ago(o.permittedAt)}`),
      el('td', {}, 'allowed'),
      el('td', {}, o.source === 'dashboard' ? el('button', { class: 'danger', onclick: () => decide('revoke', o.origin) }, 'Revoke') : ''))),
    ...origins.denied.map((o) => el('tr', { 'data-origin': o.origin, class: 'revoked' },
      el('td', { class: 'mono' }, o.origin),
      el('td', {}, `you, ${ago(o.decidedAt)}`),
      el('td', {}, 'denied'),
      el('td', {}, el('button', { onclick: () => decide('revoke', o.origin) }, 'Forget')))),
  ];
  $('#origins tbody').replaceChildren(...(rows.length ? rows : [el('tr', {}, el('td', { class: 'empty', colspan: 4 }, 'Only this utility\'s own pages may use it.'))]));
}

function renderLog(state) {
  $('#log').replaceChildren(...state.log.map((entry) => el('li', { class: entry.level },
    el('time', {}, clock(entry.at)), `${entry.category}: ${entry.message}`)));
}

function valueText(value) {
  if (Array.isArray(value)) return value.length ? value.join(', ') : '(none)';
  if (value === '') return '(empty)';
  if (value !== null && typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function renderSettings(state) {
  $('#settings').replaceChildren(...Object.entries(state.settings).map(([section, values]) => {
    const entries = typeof values === 'object' && values !== null ? Object.entries(values) : [['', values]];
    return el('table', { 'data-section': section }, el('caption', {}, section),
      el('tbody', {}, entries.map(([key, value]) => el('tr', {}, el('td', {}, key), el('td', { class: 'mono' }, valueText(value))))));
  }));
}

function renderLinks(state) {
  const titles = {
    descriptor: 'Descriptor — what this utility tells clients', docs: 'API reference (Swagger UI)', redoc: 'API reference (ReDoc)',
    openapi: 'openapi.yaml', demo: 'Demo origin — example packages', cubes: 'Cubes — physics here and in your browser',
    blur: 'Blur — an image filter, timed both ways', shim: 'distributed-worker.js — the browser shim',
  };
  $('#links').replaceChildren(...Object.entries(state.links).map(([key, href]) => el('li', {}, el('a', { href }, titles[key] ?? key))));
}

let linksShown = false;
function render(state) {
  document.title = `Compute Utility — ${state.name}`;
  $('#name').textContent = `on ${state.name} · v${state.version} · API ${state.apiVersion}`;
  renderReach(state);
  renderLoad(state);
  renderWorkers(state);
  renderOrigins(state);
  renderTokens(state);
  renderLog(state);
  renderSettings(state);
  if (!linksShown) { renderLinks(state); linksShown = true; }
}

function setStatus(kind, text) {
  const status = $('#status');
  status.className = `status ${kind}`;
  status.textContent = text;
}

$('#new-token').addEventListener('submit', async (event) => {
  event.preventDefault();
  const input = event.target.elements.label;
  const response = await post('/dashboard/tokens', { label: input.value || 'device' });
  if (response.ok) input.value = '';
});

const events = new EventSource('/dashboard/events');
events.addEventListener('state', (event) => {
  render(JSON.parse(event.data));
  setStatus('live', `live · updated ${new Date().toLocaleTimeString()}`);
});
events.addEventListener('error', () => setStatus(events.readyState === EventSource.CLOSED ? 'down' : 'connecting',
  events.readyState === EventSource.CLOSED ? 'utility unreachable' : 'reconnecting…'));
