// Remote: create the worker on the utility, talk over its WebSocket channel (spec section 9).

import { heartbeatIntervals, HEARTBEAT_FALLBACK_MS, HEARTBEAT_MISSES, KIND_BINARY, KIND_TEXT, SNAPSHOT_TYPE } from './protocol.js';

/**
 * @typedef {import('./session.js').SessionSink} SessionSink
 * @typedef {import('./protocol.js').WireMessage} WireMessage
 */

export class RemoteSession {
  /** Sessions whose worker this page still holds: ended when the page goes (see #watchPage). */
  static #live = new Set();
  static #watching = false;
  open = false;
  #socket;
  #worker;
  #ended = false;
  #closing = false;
  #lost = false;
  #heardAt = 0;
  /** @type {ReturnType<typeof setInterval> | null} */
  #watchdog = null;

  /**
   * @param {WebSocket} socket
   * @param {{utility: string, id: string, token: string}} worker the utility's answer to the creation request
   */
  constructor(socket, worker) {
    this.#socket = socket;
    this.#worker = worker;
  }

  /**
   * Creates the worker on `utility` — from the package, or from snapshot bytes the page holds, which it uploads
   * (spec 13.4). The page downloads every snapshot it takes, to fail over once the source is gone, so a move
   * sends those bytes too rather than have the destination pull them: that works with no setting on either
   * utility (a utility pulls from private addresses only when configured to) and with a snapshot URL only the
   * page can reach (a utility on the page's own machine is 127.0.0.1), and costs the page one upload.
   * @param {string} utility
   * @param {string} manifestUrl
   * @param {string} integrity
   * @param {SessionSink} sink
   * @param {{bytes: ArrayBuffer}} [snapshot]
   * @param {string} [accessToken]
   * @returns {Promise<RemoteSession>}
   */
  static async start(utility, manifestUrl, integrity, sink, snapshot, accessToken = undefined) {
    // The owner's access token, where the utility asks for one (spec 4.1), goes with the creation request only.
    /** @type {(headers: Record<string, string>, body: BodyInit) => Promise<Response>} */
    const create = (headers, body) => fetch(new URL('/v1/workers', utility), {
      method: 'POST', mode: 'cors', credentials: 'omit', body,
      headers: accessToken ? { ...headers, authorization: `Bearer ${accessToken}` } : headers,
    });
    const response = snapshot
      ? await create({ 'content-type': SNAPSHOT_TYPE }, snapshot.bytes)
      : await create({ 'content-type': 'application/json' }, JSON.stringify({ package: manifestUrl, integrity }));
    const body = await response.json().catch(() => ({}));
    if (response.status !== 201) {
      throw Object.assign(new Error(body.detail ?? `creating the worker answered ${response.status}`), { problem: body.type ? body : undefined });
    }
    const channel = new URL(body.links.channel);
    channel.searchParams.set('access_token', body.token);
    const socket = new WebSocket(channel);
    socket.binaryType = 'arraybuffer';
    await new Promise((resolve, reject) => {
      socket.onopen = resolve;
      socket.onerror = () => reject(new Error(`the channel of ${body.id} did not open`));
    });
    const session = new RemoteSession(socket, { ...body, utility });
    session.#wire(sink);
    session.open = true;
    RemoteSession.#live.add(session);
    RemoteSession.#watchPage();
    return session;
  }

  /**
   * A page that goes away ends its remote workers, rather than leave them running until the utility's orphan timeout
   * (CU-WRK-17). A page kept in the back/forward cache (`persisted`) may come back, so its workers stay; if the cache
   * drops it, the orphan timeout ends them.
   */
  static #watchPage() {
    if (RemoteSession.#watching || typeof globalThis.addEventListener !== 'function') return;
    RemoteSession.#watching = true;
    globalThis.addEventListener('pagehide', (event) => {
      if (event.persisted) return;
      for (const session of [...RemoteSession.#live]) session.close();
    });
  }

  /** @param {WireMessage} message */
  send(message) {
    this.#socket.send(message.kind === KIND_TEXT ? message.text : message.bytes);
  }

  /** POST .../snapshots (taken between messages), then the bytes at once with the snapshot token. */
  async snapshot() {
    const { utility, id, token } = this.#worker;
    const response = await fetch(new URL(`/v1/workers/${id}/snapshots`, utility), {
      method: 'POST', mode: 'cors', credentials: 'omit', headers: { authorization: `Bearer ${token}` },
    });
    const body = await response.json().catch(() => ({}));
    if (response.status !== 201) throw new Error(body.detail ?? `taking a snapshot answered ${response.status}`);
    const download = await fetch(body.url, { mode: 'cors', credentials: 'omit', headers: { authorization: `Bearer ${body.token}` } });
    if (!download.ok) throw new Error(`downloading snapshot ${body.id} answered ${download.status}`);
    const bytes = await download.arrayBuffer();
    if (globalThis.crypto?.subtle && typeof body.digest === 'string' && body.digest.startsWith('sha256-')) {
      const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
      if (`sha256-${btoa(String.fromCharCode(...digest))}` !== body.digest) throw new Error(`snapshot ${body.id} does not match its digest`);
    }
    return { ...body, bytes };
  }

  close() {
    this.open = false;
    this.#closing = true;
    RemoteSession.#live.delete(this);
    const { utility, id, token } = this.#worker;
    // DELETE ends the worker; closing the channel alone would leave it until the orphan timeout (CU-WRK-16, CU-WRK-17).
    // keepalive: the request outlives a page that is going away (pagehide), its CORS preflight included.
    fetch(new URL(`/v1/workers/${id}`, utility), {
      method: 'DELETE', mode: 'cors', credentials: 'omit', keepalive: true,
      headers: { authorization: `Bearer ${token}` },
    }).catch(() => {});
    this.#stopWatching();
    this.#socket.close(1000);
  }

  /**
   * Watches the channel for silence: no frame at all for 3 heartbeat intervals means a utility that hangs (a stopped
   * process, a machine gone to sleep) behind a socket that stays open; the channel then counts as closed (CU-CHAN-31).
   */
  /**
   * @param {number | undefined} intervalMs
   * @param {SessionSink} sink
   */
  #watch(intervalMs, sink) {
    if (this.#watchdog !== null || intervalMs === undefined || !(intervalMs > 0)) return;
    this.#watchdog = setInterval(() => {
      const silentMs = performance.now() - this.#heardAt;
      if (silentMs < HEARTBEAT_MISSES * intervalMs || this.#closing || this.#ended) return;
      // The worker there is of no use now; the DELETE ends it if the utility comes back, rather than leave it to the orphan timeout.
      const { utility, id, token } = this.#worker;
      fetch(new URL(`/v1/workers/${id}`, utility), {
        method: 'DELETE', mode: 'cors', credentials: 'omit', keepalive: true, headers: { authorization: `Bearer ${token}` },
      }).catch(() => {});
      this.#lose(sink, `the utility sent nothing for ${Math.round(silentMs)} ms, ${HEARTBEAT_MISSES} heartbeat intervals of ${intervalMs} ms`);
      this.#socket.close(1000);
    }, Math.max(50, intervalMs / 4));
  }

  #stopWatching() {
    if (this.#watchdog !== null) clearInterval(this.#watchdog);
    this.#watchdog = null;
  }

  /** The channel is gone without exit (closed, broken or silent): once only, whichever is noticed first. */
  /**
   * @param {SessionSink} sink
   * @param {string} why
   */
  #lose(sink, why) {
    this.open = false;
    this.#stopWatching();
    RemoteSession.#live.delete(this);
    if (this.#lost || this.#closing || this.#ended) return;
    this.#lost = true;
    sink.lost(this, why);
  }

  /** @param {SessionSink} sink */
  #wire(sink) {
    const socket = this.#socket;
    const published = heartbeatIntervals.get(this.#worker.utility);
    this.#heardAt = performance.now();
    this.#watch(published, sink);
    socket.onmessage = (event) => {
      this.#heardAt = performance.now();
      if (typeof event.data !== 'string') {
        // 8-byte big-endian event id, then the payload
        const id = Number(new DataView(event.data).getBigUint64(0, false));
        sink.message(KIND_BINARY, event.data.slice(8), id);
        return;
      }
      const envelope = JSON.parse(event.data);
      if (envelope.type === 'heartbeat') {
        socket.send(''); // the answer: a zero-length text frame, not a message (CU-CHAN-29)
        this.#watch(published ?? HEARTBEAT_FALLBACK_MS, sink);
        return;
      }
      const id = envelope.id;
      switch (envelope.type) {
        case 'message': sink.message(KIND_TEXT, JSON.stringify(envelope.data), id); break;
        case 'log': sink.log(envelope.data.stream, envelope.data.text, id); break;
        case 'error': sink.problem(envelope.data, id); break;
        case 'exit':
          if (envelope.data.reason === 'shutdown') { sink.skip(id); break; } // the utility is going away: a failover, not an end
          this.#ended = true;
          sink.exit(envelope.data, id);
          break;
        default: sink.skip(id); break; // gap and kinds this version does not know
      }
    };
    socket.onclose = (event) => {
      // This session never reopens its own channel, so a takeover (4001, CU-CHAN-4) is another client holding the token.
      const why = event.code === 1001 ? 'the utility is shutting down (1001)'
        : event.code === 1006 ? 'the connection to the utility broke (1006)'
          : event.code === 4001 ? 'another client with this worker\'s token took the channel over (4001)'
          : event.code === 4002 ? 'the utility heard nothing from this page for 3 heartbeat intervals (4002)'
          : `the channel closed with ${event.code}${event.reason ? ` ${event.reason}` : ''}`;
      this.#lose(sink, why);
    };
  }
}
