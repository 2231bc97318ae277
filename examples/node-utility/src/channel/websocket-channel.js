// The WebSocket channel, GET /v1/workers/{id}/channel (spec 9.1, 9.2, 9.4; CU-CHAN-1 to -8, -14, -15, -26, -28 to -30).
// A newer channel with the worker's token takes the open one over (CU-CHAN-4): the old one sends
// nothing more and closes with TAKEN_OVER; the new one resumes after its last event id.
import { WebSocketServer } from 'ws';
import { ProblemError } from '../http/problem-error.js';
import { problem } from '../http/problems.js';
import { findWorker, authorize } from '../workers/worker-access.js';
import { EventCursor } from '../workers/event-cursor.js';
import { lastEventId } from './last-event-id.js';
import { gone } from './messages-route.js';
import { watchWebSocket } from './heartbeats.js';

const CONGESTED = 1024 * 1024;
const TAKEN_OVER = 4001;
const CHANNEL_PATH = /^\/v1\/workers\/([A-Za-z0-9][A-Za-z0-9_-]{0,127})\/channel$/;

export class WebSocketChannels {
  /** @param {import('../app.js').App} app */
  constructor(app) {
    this.app = app;
    this.server = new WebSocketServer({ noServer: true, maxPayload: app.options.limits.maxMessageBytes, perMessageDeflate: false });
  }

  /**
   * Handles an upgrade request; refusals are problem answers written to the socket.
   * @param {import('node:http').IncomingMessage} req
   * @param {import('node:stream').Duplex} socket
   * @param {Buffer} head
   * @param {URL} url
   */
  upgrade(req, socket, head, url) {
    const match = CHANNEL_PATH.exec(url.pathname);
    if (!match) throw new ProblemError('not-found', `${url.pathname} is not a WebSocket resource of this utility.`);
    const worker = findWorker(this.app.registry, match[1]);
    authorize(req, url, worker, true);
    if (worker.ended) throw gone(worker);
    const after = lastEventId(req, url); // after the state checks, as the reference does
    // The channel is claimed once the handshake is done, so a failed one never closes the channel it would replace.
    this.server.handleUpgrade(req, socket, head, (ws) => this.attach(worker, ws, after));
  }

  /**
   * @param {import('../workers/worker.js').Worker} worker
   * @param {import('ws').WebSocket} ws
   * @param {number | null} after
   */
  attach(worker, ws, after) {
    /** @type {{kind: number, bytes: Uint8Array}[]} */
    const pending = [];
    const admit = () => {
      while (pending.length > 0 && !worker.ended) {
        const next = pending[0];
        if (worker.accept(next.kind, next.bytes) === null) {
          ws.pause(); // the queue is full: stop reading frames until it has room (CU-CHAN-26)
          return;
        }
        pending.shift();
      }
      ws.resume();
    };
    worker.roomListeners.add(admit);
    const heartbeats = watchWebSocket(ws, this.app.options.limits.heartbeatIntervalMs);
    ws.on('message', (data, isBinary) => {
      heartbeats.heard(); // any frame is a sign of life
      if (ws.readyState !== ws.OPEN || worker.ended) return;
      const bytes = /** @type {Buffer} */ (data);
      if (!isBinary && bytes.length === 0) return; // the answer to a heartbeat, not a message (CU-CHAN-29)
      worker.touch();
      if (!isBinary) {
        try {
          JSON.parse(bytes.toString('utf8'));
        } catch {
          ws.close(1007, 'a text frame must be exactly one JSON value');
          return;
        }
      }
      pending.push({ kind: isBinary ? 1 : 0, bytes });
      admit();
    });
    const cursor = new EventCursor(worker, after, {
      write: (event) => {
        if (event.bytes) {
          const frame = Buffer.allocUnsafe(8 + event.bytes.length);
          frame.writeBigUInt64BE(BigInt(event.id), 0);
          frame.set(event.bytes, 8);
          ws.send(frame, { binary: true }, drained);
        } else {
          ws.send(`{"id":${event.id},"type":"${event.type}","data":${event.data}}`, drained);
        }
        return ws.bufferedAmount < CONGESTED;
      },
      end: () => ws.close(worker.closeCode),
    });
    function drained() {
      if (cursor.waiting && ws.bufferedAmount < CONGESTED / 2) cursor.pump();
    }
    // One thread: the old cursor stops before the new one writes its first event, so no event goes out on both.
    const handle = {
      takeOver: () => {
        cursor.close(); // frames already read are still admitted: only sending stops
        ws.close(TAKEN_OVER, 'taken over by a newer channel');
      },
    };
    const previous = worker.channel;
    worker.channel = handle;
    if (previous !== null) previous.takeOver();
    const keepAlive = setInterval(() => ws.ping(), this.app.options.keepAliveSeconds * 1000);
    ws.on('error', () => ws.terminate());
    ws.on('close', () => {
      cursor.close();
      clearInterval(keepAlive);
      heartbeats.stop();
      worker.roomListeners.delete(admit);
      if (worker.channel === handle) worker.channel = null;
      worker.touch();
    });
    cursor.pump();
  }

  /**
   * Writes a refused upgrade as an HTTP answer and closes the socket.
   * @param {import('node:stream').Duplex} socket
   * @param {ProblemError | Error} error
   * @param {string} instance
   * @param {Record<string, string>} cors
   */
  static refuse(socket, error, instance, cors) {
    const body = error instanceof ProblemError ? error.problem : problem('internal-error', 'The utility failed unexpectedly.');
    const headers = error instanceof ProblemError ? error.headers : {};
    const bytes = Buffer.from(JSON.stringify({ ...body, instance }));
    const lines = [`HTTP/1.1 ${body.status} ${body.title}`, 'Content-Type: application/problem+json', `Content-Length: ${bytes.length}`, 'Connection: close'];
    for (const [name, value] of Object.entries({ ...cors, ...headers })) lines.push(`${name}: ${value}`);
    socket.end(Buffer.concat([Buffer.from(lines.join('\r\n') + '\r\n\r\n'), bytes]));
  }
}
