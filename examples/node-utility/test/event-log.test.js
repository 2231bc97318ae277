import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventLog } from '../src/workers/event-log.js';
import { EventCursor } from '../src/workers/event-cursor.js';

/** A worker as a cursor sees it. @param {EventLog} events */
const workerWith = (events) => /** @type {any} */ ({ events, ended: false, touch() {}, pump() {} });

test('the log keeps the newest events within the count and byte limits', () => {
  const log = new EventLog(3, 1000);
  for (let i = 0; i < 5; i++) log.append('message', String(i));
  assert.deepEqual([log.firstId, log.lastId], [3, 5]);
  const bytes = new EventLog(100, 10);
  for (let i = 0; i < 4; i++) bytes.append('message', '"abcd"');
  assert.equal(bytes.firstId, 4);
});

test('a stream resumed past evicted events starts with a gap whose id is the last missing one', () => {
  const log = new EventLog(3, 1000);
  for (let i = 1; i <= 6; i++) log.append('message', String(i));
  /** @type {{id: number, type: string, data: string | null}[]} */
  const seen = [];
  new EventCursor(workerWith(log), 1, { write: (e) => seen.push(e) > 0, end() {} }).pump();
  assert.deepEqual(seen.map((e) => [e.id, e.type]), [[3, 'gap'], [4, 'message'], [5, 'message'], [6, 'message']]);
  assert.deepEqual(JSON.parse(/** @type {string} */ (seen[0].data)), { missed: 2, from: 2, to: 3 });
});

test('unread events press the worker once more than half the buffer is unread, and reading releases it', () => {
  const log = new EventLog(4, 1000);
  for (let i = 0; i < 3; i++) log.append('message', '1');
  assert.equal(log.pressed, true);
  new EventCursor(workerWith(log), null, { write: () => true, end() {} }).pump();
  assert.equal(log.pressed, false);
});

test('a congested stream stops and resumes where it stopped', () => {
  const log = new EventLog(10, 1000);
  for (let i = 0; i < 4; i++) log.append('message', String(i));
  /** @type {number[]} */
  const seen = [];
  let open = false;
  const cursor = new EventCursor(workerWith(log), null, { write: (e) => seen.push(e.id) > 0 && open, end() {} });
  cursor.pump();
  assert.deepEqual(seen, [1]);
  open = true;
  cursor.pump();
  assert.deepEqual(seen, [1, 2, 3, 4]);
});
