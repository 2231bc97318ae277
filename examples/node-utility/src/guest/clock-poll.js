// poll_oneoff for clock subscriptions (spec 10.5: "clock subscriptions may block, counting against
// the deadline"). The host sleeps here rather than in node:wasi's native call, so that a guest
// asking to sleep for an hour holds its thread only until shortly after its deadline.

const SUBSCRIPTION = 48;
const EVENT = 32;
const sleeper = new Int32Array(new SharedArrayBuffer(4));

/**
 * @param {() => WebAssembly.Memory} memory
 * @param {Function} fallback node:wasi's poll_oneoff, for subscriptions that are not clocks
 * @param {number} capMs the longest a single sleep may last
 */
export function clockPoll(memory, fallback, capMs) {
  return (/** @type {number} */ input, /** @type {number} */ output, /** @type {number} */ count, /** @type {number} */ eventsWritten) => {
    const view = new DataView(memory().buffer);
    if (count === 0) return 28; // EINVAL
    let soonest = Infinity;
    const waits = [];
    for (let i = 0; i < count; i++) {
      const at = input + i * SUBSCRIPTION;
      if (view.getUint8(at + 8) !== 0) return fallback(input, output, count, eventsWritten);
      const clock = view.getUint32(at + 16, true);
      const timeoutNs = Number(view.getBigUint64(at + 24, true));
      const absolute = (view.getUint16(at + 40, true) & 1) !== 0;
      const nowNs = clock === 0 ? Date.now() * 1e6 : Number(process.hrtime.bigint());
      const waitMs = Math.max(0, (absolute ? timeoutNs - nowNs : timeoutNs) / 1e6);
      waits.push(waitMs);
      soonest = Math.min(soonest, waitMs);
    }
    if (soonest > 0) Atomics.wait(sleeper, 0, 0, Math.min(soonest, capMs));
    let written = 0;
    for (let i = 0; i < count; i++) {
      if (waits[i] > soonest) continue;
      const event = output + written * EVENT;
      view.setBigUint64(event, view.getBigUint64(input + i * SUBSCRIPTION, true), true);
      view.setUint16(event + 8, 0, true);
      view.setUint8(event + 10, 0);
      written++;
    }
    view.setUint32(eventsWritten, written, true);
    return 0;
  };
}
