// The events of a DistributedWorker as a page sees them: `onmessage` and `onerror` as a Web Worker has them, custom
// events with a detail, and problems raised as error events.

/** @typedef {import('../distributed-worker.js').Problem} Problem */

/** An EventTarget with a Web Worker's `onmessage` and `onerror` properties: one listener each, replaced by assignment. */
export class WorkerEventTarget extends EventTarget {
  /** @type {Map<string, EventListener>} */
  #handlers = new Map();

  /** @param {((event: MessageEvent) => void) | null} handler */
  set onmessage(handler) { this.#setHandler('message', handler); }
  get onmessage() { return this.#handlers.get('message') ?? null; }
  /** @param {((event: ErrorEvent) => void) | null} handler */
  set onerror(handler) { this.#setHandler('error', handler); }
  get onerror() { return this.#handlers.get('error') ?? null; }

  /**
   * @param {string} type
   * @param {unknown} handler
   */
  #setHandler(type, handler) {
    const old = this.#handlers.get(type);
    if (old) this.removeEventListener(type, old);
    this.#handlers.delete(type);
    if (typeof handler === 'function') {
      this.#handlers.set(type, /** @type {EventListener} */ (handler));
      this.addEventListener(type, /** @type {EventListener} */ (handler));
    }
  }
}

/**
 * Dispatches a CustomEvent `type` with `detail` on `target`.
 * @param {EventTarget} target
 * @param {string} type
 * @param {unknown} detail
 */
export function emit(target, type, detail) {
  target.dispatchEvent(new CustomEvent(type, { detail }));
}

/**
 * Dispatches an error event on `target` whose error carries `problem`.
 * @param {EventTarget} target
 * @param {Problem} problem
 */
export function raise(target, problem) {
  const message = problem.detail ? `${problem.title}: ${problem.detail}` : problem.title ?? problem.type;
  const error = Object.assign(new Error(message), { problem });
  target.dispatchEvent(new ErrorEvent('error', { message, error }));
}
