// GET /v1/workers/{id}/events, the server-sent event stream (CU-CHAN-16 to -18, -22, -24, -25, -28).
import { findWorker, authorize } from '../workers/worker-access.js';
import { EventCursor } from '../workers/event-cursor.js';
import { lastEventId } from './last-event-id.js';
import { heartbeatServerSentEvent } from './heartbeats.js';

/** @param {import('../workers/event-log.js').WorkerEvent} event */
function format(event) {
  const data = event.bytes ? JSON.stringify({ base64: Buffer.from(event.bytes).toString('base64') }) : event.data;
  return `id: ${event.id}\nevent: ${event.type}\ndata: ${data}\n\n`;
}

/** @param {import('../http/router.js').RequestContext} ctx */
export function streamEvents({ req, res, url, app, cors, params }) {
  const worker = findWorker(app.registry, params[0]);
  authorize(req, url, worker, true);
  const after = lastEventId(req, url);
  res.writeHead(200, { ...cors, 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', 'X-Accel-Buffering': 'no' });
  res.flushHeaders();
  worker.openStreams++;
  worker.touch();
  const cursor = new EventCursor(worker, after, { write: (event) => res.write(format(event)), end: () => res.end() });
  const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), app.options.keepAliveSeconds * 1000);
  let beats = 0;
  const heartbeat = setInterval(() => res.write(heartbeatServerSentEvent(++beats)), app.options.limits.heartbeatIntervalMs);
  res.on('drain', () => cursor.pump());
  res.on('close', () => {
    cursor.close();
    clearInterval(keepAlive);
    clearInterval(heartbeat);
    worker.openStreams--;
    worker.touch();
  });
  cursor.pump();
}
