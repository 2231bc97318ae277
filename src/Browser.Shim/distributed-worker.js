// distributed-worker.js — DistributedWorker for web pages: a Web Worker whose thread may run on a
// compute utility nearby (spec/compute-utility.md) or, when none is worth it, in this browser.
//
//   import { DistributedWorker } from './distributed-worker.js';
//   const worker = new DistributedWorker('/app/echo/manifest.json', {
//     integrity: 'sha256-…', utility: 'http://127.0.0.1:8470', placement: 'auto' });
//   worker.onmessage = (e) => console.log(e.data, worker.placement, worker.placementReason);
//   worker.postMessage({ hello: 'worker' });
//
// With `snapshots: { everyMessages: 20 }` a worker on a utility that vanishes resumes with its
// state elsewhere (spec 13); `worker.snapshot()`, `worker.moveTo(target)` and
// `DistributedWorker.restore(bytes, options)` move state by hand.
//
// This file is the entry point; the shim is a set of ES modules beside it (lib/), with no build
// step and no dependencies: serve or copy the folder as it is. distributed-worker.d.ts declares
// the API, and `npx tsc -p .` checks these modules against it.

export { parsePairingLink } from './lib/access-token.js';
export { parseSnapshot, writeSnapshot } from './lib/snapshot-format.js';
export { DistributedWorker } from './lib/worker.js';
