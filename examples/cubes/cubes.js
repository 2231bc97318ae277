// The cubes demo: one DistributedWorker per side, each stepping its own system and drawing it.
import { DistributedWorker } from '/shim/distributed-worker.js';

const MANIFEST = 'manifest.json';
const params = new URLSearchParams(location.search);
const slider = document.getElementById('n');
const batchSelect = document.getElementById('batch');
if (params.has('n')) slider.value = params.get('n');
if (params.has('batch')) batchSelect.value = params.get('batch');
document.getElementById('n-out').value = slider.value;

/** Live figures per side, also read by the browser tests. */
const stats = (globalThis.cubesStats = {});

/** The manifest digest, from the list examples/build.sh writes next to the demos (a real app pins it in its code). */
async function integrity(name) {
  const digests = await (await fetch('../integrity.json', { cache: 'no-store' })).json();
  return digests[name];
}

/** Radius the kernel uses for n spheres (spheres_core.c): 0.35 of the lattice spacing, at most 0.02. */
function radiusFor(n) {
  let k = 1;
  while (k * k * k < n) k++;
  return Math.min(0.35 / k, 0.02);
}

function side(id, placement, sri) {
  const root = document.getElementById(id);
  const canvas = root.querySelector('canvas');
  const context = canvas.getContext('2d');
  const rate = root.querySelector('.rate');
  const why = root.querySelector('.why');
  const figures = (stats[id] = { stepsPerSecond: 0, steps: 0, batches: 0, n: 0, placement: 'pending', failovers: 0 });
  let latest = null;
  let window = [];

  // The utility is the server that sent this page: give its descriptor 10 s, not the 2 s meant for far-off candidates.
  const worker = new DistributedWorker(MANIFEST, { integrity: sri, utility: location.origin, placement, timeoutMs: 10000 });
  const next = () => worker.postMessage({ steps: Number(batchSelect.value) });
  const reset = () => {
    figures.n = Number(slider.value);
    figures.steps = 0;
    window = [];
    worker.postMessage({ n: figures.n, seed: 1 });
  };

  worker.addEventListener('placement', () => {
    figures.placement = worker.placement;
    why.textContent = `${worker.placement}: ${worker.placementReason}`;
  });
  worker.addEventListener('failover', (event) => {
    figures.failovers++;
    figures.placement = worker.placement;
    why.textContent = event.detail.message;
    reset(); // the new worker starts from scratch
  });
  worker.onerror = (event) => { why.textContent = `error: ${event.message}`; };
  worker.onmessage = (event) => {
    if (!(event.data instanceof ArrayBuffer)) {
      why.textContent = `worker says: ${JSON.stringify(event.data)}`;
      return;
    }
    latest = new Float32Array(event.data);
    if (latest.length / 3 === figures.n) {
      const now = performance.now();
      window.push([now, figures.steps]);
      while (window.length > 2 && now - window[0][0] > 1000) window.shift();
      const [t0, s0] = window[0];
      if (now > t0) figures.stepsPerSecond = ((figures.steps - s0) * 1000) / (now - t0);
      figures.steps += Number(batchSelect.value);
      figures.batches++;
    }
    next();
  };
  reset();

  function draw() {
    if (latest) {
      const size = canvas.width;
      const radius = Math.max(1, radiusFor(latest.length / 3) * size);
      context.fillStyle = '#0f172a';
      context.fillRect(0, 0, size, size);
      for (let i = 0; i < latest.length; i += 3) {
        const depth = latest[i + 1]; // y: 0 near, 1 far
        const light = Math.round(70 - 35 * depth);
        context.fillStyle = id === 'local' ? `hsl(32 90% ${light}%)` : `hsl(199 85% ${light}%)`;
        context.beginPath();
        context.arc(latest[i] * size, (1 - latest[i + 2]) * size, radius * (1.15 - 0.3 * depth), 0, 2 * Math.PI);
        context.fill();
      }
      rate.textContent = Math.round(figures.stepsPerSecond).toLocaleString('en');
    }
    requestAnimationFrame(draw);
  }
  requestAnimationFrame(draw);
  return { reset };
}

const sri = await integrity('cubes');
const only = params.get('only');
const sides = [];
if (only !== 'remote') sides.push(side('local', 'local', sri));
else document.querySelector('#local .why').textContent = 'not running (?only=remote)';
if (only !== 'local') sides.push(side('remote', 'remote', sri));
else document.querySelector('#remote .why').textContent = 'not running (?only=local)';

slider.addEventListener('input', () => { document.getElementById('n-out').value = slider.value; });
slider.addEventListener('change', () => sides.forEach((s) => s.reset()));
