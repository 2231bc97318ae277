import { test, mock } from 'node:test';
import assert from 'node:assert/strict';
import { parseOptions } from '../src/options.js';
import { watchWebSocket, heartbeatEnvelope, heartbeatServerSentEvent, SILENT } from '../src/channel/heartbeats.js';

test('the heartbeat interval is 15 s unless given, and is checked at start (CU-CHAN-28)', () => {
  assert.equal(parseOptions([]).limits.heartbeatIntervalMs, 15000);
  assert.equal(parseOptions(['--heartbeat-interval-ms', '500']).limits.heartbeatIntervalMs, 500);
  assert.equal(parseOptions(['--limit', 'heartbeatIntervalMs=700']).limits.heartbeatIntervalMs, 700);
  assert.throws(() => parseOptions(['--heartbeat-interval-ms', '50']), /heartbeatIntervalMs must be from 100 to 30000/);
  assert.throws(() => parseOptions(['--heartbeat-interval-ms', '30001']), /heartbeatIntervalMs must be from 100 to 30000/);
});

test('a heartbeat carries its number and no event id, on both transports', () => {
  assert.deepEqual(JSON.parse(heartbeatEnvelope(3)), { type: 'heartbeat', data: { n: 3 } });
  assert.equal(heartbeatServerSentEvent(2), 'event: heartbeat\ndata: {"n":2}\n\n');
});

/** A stand-in for a ws WebSocket: what was sent, and how it was closed. */
function fakeSocket() {
  return { OPEN: 1, readyState: 1, isPaused: false, sent: [], closed: null,
    send(text) { this.sent.push(JSON.parse(text)); },
    close(code) { this.closed = code; this.readyState = 3; } };
}

test('a client that answers stays open; one silent for 3 heartbeats is closed with 4002 (CU-CHAN-29, CU-CHAN-30)', () => {
  mock.timers.enable({ apis: ['setInterval'] });
  try {
    const answering = fakeSocket();
    const silent = fakeSocket();
    const a = watchWebSocket(answering, 1000);
    const s = watchWebSocket(silent, 1000);
    for (let tick = 1; tick <= 6; tick++) {
      mock.timers.tick(1000);
      a.heard();
    }
    a.stop();
    s.stop();

    assert.deepEqual(answering.sent.map((h) => h.data.n), [1, 2, 3, 4, 5, 6]);
    assert.equal(answering.closed, null);
    assert.deepEqual(silent.sent.map((h) => h.data.n), [1, 2, 3]);
    assert.equal(silent.closed, SILENT);
  } finally {
    mock.timers.reset();
  }
});

test('time in which the channel holds frames back is not silence', () => {
  mock.timers.enable({ apis: ['setInterval'] });
  try {
    const held = fakeSocket();
    const watch = watchWebSocket(held, 1000);
    held.isPaused = true;
    mock.timers.tick(10000);
    watch.stop();

    assert.equal(held.closed, null);
    assert.equal(held.sent.length, 10);
  } finally {
    mock.timers.reset();
  }
});
