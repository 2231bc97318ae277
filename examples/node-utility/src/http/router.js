// The API routes (spec/openapi.yaml paths): 404 for unknown paths (CU-ERR-7), 405 with Allow
// for unknown methods (CU-API-6), preflights (CU-CORS-1).
import { ProblemError } from './problem-error.js';
import { answerPreflight } from './cors.js';
import { createWorker, getWorker, deleteWorker } from '../workers/worker-routes.js';
import { postMessage } from '../channel/messages-route.js';
import { findWorker, authorize } from '../workers/worker-access.js';
import { streamEvents } from '../channel/event-stream-route.js';
import { runTask, createEstimate, createSnapshot, getSnapshot, liveRestore } from './not-implemented-routes.js';
import { sendJson } from './responses.js';

/** @typedef {{req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse, url: URL,
 *   app: import('../app.js').App, cors: Record<string, string>, params: string[]}} RequestContext */
/** @typedef {(ctx: RequestContext) => void | Promise<void>} Handler */
/** @typedef {{path: RegExp, methods: Record<string, Handler>, preflight: boolean}} Route */

const ID = '([A-Za-z0-9][A-Za-z0-9_-]{0,127})';

/** @type {Route[]} */
const ROUTES = [
  { path: /^\/\.well-known\/compute-utility$/, preflight: true, methods: {
    GET: ({ req, res, app, cors }) => app.descriptor.answer(req, res, cors),
    HEAD: ({ req, res, app, cors }) => app.descriptor.answer(req, res, cors),
  } },
  { path: /^\/healthz$/, preflight: false, methods: { GET: ({ res, cors }) => sendJson(res, 200, { status: 'ok' }, cors) } },
  { path: /^\/v1\/workers$/, preflight: true, methods: { POST: createWorker } },
  { path: new RegExp(`^/v1/workers/${ID}$`), preflight: true, methods: { GET: getWorker, DELETE: deleteWorker } },
  { path: new RegExp(`^/v1/workers/${ID}/channel$`), preflight: false, methods: { GET: channelWithoutUpgrade } },
  { path: new RegExp(`^/v1/workers/${ID}/messages$`), preflight: true, methods: { POST: postMessage } },
  { path: new RegExp(`^/v1/workers/${ID}/events$`), preflight: true, methods: { GET: streamEvents } },
  { path: new RegExp(`^/v1/workers/${ID}/snapshots$`), preflight: false, methods: { POST: createSnapshot } },
  { path: new RegExp(`^/v1/workers/${ID}/snapshots/${ID}$`), preflight: false, methods: { GET: getSnapshot } },
  { path: /^\/v1\/restores$/, preflight: false, methods: { POST: liveRestore } },
  { path: new RegExp(`^/v1/restores/${ID}$`), preflight: false, methods: { POST: liveRestore, DELETE: liveRestore } },
  { path: /^\/v1\/tasks$/, preflight: true, methods: { POST: runTask } },
  { path: /^\/v1\/estimates$/, preflight: true, methods: { POST: createEstimate } },
];

/** A plain GET of the channel: the worker and its token, then 426 whatever its state (CU-CHAN-2, CU-CHAN-5). @param {RequestContext} ctx */
function channelWithoutUpgrade(ctx) {
  const worker = findWorker(ctx.app.registry, ctx.params[0]);
  authorize(ctx.req, ctx.url, worker, true);
  throw new ProblemError('websocket-required', 'Open this URL with a WebSocket client, or use the messages and events resources.',
    { headers: { Upgrade: 'websocket' } });
}

/** @param {RequestContext} ctx */
export async function route(ctx) {
  const method = ctx.req.method ?? 'GET';
  for (const entry of ROUTES) {
    const match = entry.path.exec(ctx.url.pathname);
    if (!match) continue;
    ctx.params = match.slice(1);
    const allowed = Object.keys(entry.methods);
    if (method === 'OPTIONS' && entry.preflight) {
      answerPreflight(ctx.req, ctx.res, ctx.app.options, allowed.filter((m) => m !== 'HEAD'));
      return;
    }
    const handler = entry.methods[method];
    if (!handler) {
      throw new ProblemError('method-not-allowed', `${method} is not allowed here; use ${allowed.join(' or ')}.`, { headers: { Allow: allowed.join(', ') } });
    }
    await handler(ctx);
    return;
  }
  throw new ProblemError('not-found', `${ctx.url.pathname} is not a resource of this utility.`);
}
