// Heartbeats (spec 9.4; CU-CHAN-28 to -30): one every limits.heartbeatIntervalMs on each channel connection, without an
// event id; a WebSocket client that sends no frame for HEARTBEAT_MISSES of them is closed with SILENT.

export const HEARTBEAT_MISSES = 3;
export const SILENT = 4002;

/** @param {number} n the connection's heartbeat number, from 1 */
export const heartbeatEnvelope = (n) => `{"type":"heartbeat","data":{"n":${n}}}`;

/** @param {number} n — no `id:` field, so EventSource's last event id stays that of the last event */
export const heartbeatServerSentEvent = (n) => `event: heartbeat\ndata: {"n":${n}}\n\n`;

/**
 * Sends heartbeats on an open WebSocket and closes it when the client has answered none of the last HEARTBEAT_MISSES.
 * Time in which the channel holds the client's frames back (paused for a full queue) is not silence.
 * @param {import('ws').WebSocket} ws
 * @param {number} intervalMs
 * @returns {{ heard: () => void, stop: () => void }}
 */
export function watchWebSocket(ws, intervalMs) {
  let sent = 0;
  let unanswered = 0;
  const timer = setInterval(() => {
    if (ws.readyState !== ws.OPEN) return;
    if (ws.isPaused) unanswered = 0;
    else if (unanswered >= HEARTBEAT_MISSES) {
      ws.close(SILENT, `no frame from the client for ${HEARTBEAT_MISSES} heartbeat intervals`);
      return;
    }
    unanswered++;
    ws.send(heartbeatEnvelope(++sent));
  }, intervalMs);
  return { heard: () => { unanswered = 0; }, stop: () => clearInterval(timer) };
}
