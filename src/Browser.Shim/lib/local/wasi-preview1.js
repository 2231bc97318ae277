// WASI preview1 as the local worker offers it (spec 10.7): arguments (the package name), stdout and stderr as lines,
// an empty stdin, clocks, randomness and sleeping; no files, no sockets, no environment.

export const ESUCCESS = 0, EBADF = 8, EINVAL = 28, ENOSYS = 52, ENOTSUP = 58, ENOTCAPABLE = 76;

/** What proc_exit throws: the host ends the worker with this exit code. */
export class ProcExit {
  /** @param {number} code */
  constructor(code) { this.code = code; }
}

/**
 * The guest's view of its host, for the WASI functions.
 * @typedef {object} WasiHost
 * @property {() => DataView} view the guest memory, as it is now
 * @property {(ptr: number, len: number) => Uint8Array<ArrayBuffer>} bytesAt a region of the guest memory; throws outside it
 * @property {(fd: number, chunk: Uint8Array) => void} write bytes the guest wrote to stdout (1) or stderr (2)
 * @property {() => string} name the program name the guest sees as its only argument
 */

/** @param {number} id */
const nowNs = (id) => BigInt(Math.round(id === 0 ? (performance.timeOrigin + performance.now()) * 1e6 : performance.now() * 1e6));

/**
 * The wasi_snapshot_preview1 functions the local host implements, over `host`.
 * @param {WasiHost} host
 * @returns {Record<string, (...args: any[]) => number>}
 */
export function wasiPreview1(host) {
  const { view, bytesAt, write } = host;
  /** @type {Record<string, (...args: number[]) => number>} pointers, lengths and descriptors, as the guest passes them */
  const functions = {
    args_sizes_get(argcPtr, sizePtr) {
      view().setUint32(argcPtr, 1, true);
      view().setUint32(sizePtr, new TextEncoder().encode(host.name()).length + 1, true);
      return ESUCCESS;
    },
    args_get(argvPtr, bufPtr) {
      const text = new TextEncoder().encode(host.name());
      view().setUint32(argvPtr, bufPtr, true);
      bytesAt(bufPtr, text.length + 1).set([...text, 0]);
      return ESUCCESS;
    },
    environ_sizes_get(countPtr, sizePtr) {
      view().setUint32(countPtr, 0, true);
      view().setUint32(sizePtr, 0, true);
      return ESUCCESS;
    },
    environ_get: () => ESUCCESS,
    fd_write(fd, iovs, count, writtenPtr) {
      if (fd !== 1 && fd !== 2) return EBADF;
      let written = 0;
      for (let i = 0; i < count; i++) {
        const ptr = view().getUint32(iovs + 8 * i, true), len = view().getUint32(iovs + 8 * i + 4, true);
        write(fd, bytesAt(ptr, len));
        written += len;
      }
      view().setUint32(writtenPtr, written, true);
      return ESUCCESS;
    },
    fd_read(fd, _iovs, _count, readPtr) {
      if (fd !== 0) return EBADF;
      view().setUint32(readPtr, 0, true); // stdin is empty: end of file at once
      return ESUCCESS;
    },
    fd_fdstat_get(fd, ptr) {
      if (fd > 2) return EBADF;
      bytesAt(ptr, 24).fill(0);
      view().setUint8(ptr, 2); // character device
      view().setBigUint64(ptr + 8, fd === 0 ? 2n : 64n, true); // fd_read or fd_write
      return ESUCCESS;
    },
    fd_close: (fd) => (fd <= 2 ? ESUCCESS : EBADF),
    fd_prestat_get: () => EBADF, // no preopened directories
    fd_prestat_dir_name: () => EBADF,
    clock_res_get(_id, ptr) {
      view().setBigUint64(ptr, 1000n, true);
      return ESUCCESS;
    },
    clock_time_get(id, _precision, ptr) { // _precision, an i64, comes as a BigInt and goes unused
      if (id > 3) return EINVAL;
      view().setBigUint64(ptr, nowNs(id), true);
      return ESUCCESS;
    },
    random_get(ptr, len) {
      for (let done = 0; done < len; done += 65536) {
        crypto.getRandomValues(bytesAt(ptr + done, Math.min(65536, len - done)));
      }
      return ESUCCESS;
    },
    sched_yield: () => ESUCCESS,
    poll_oneoff(inPtr, outPtr, count, eventsPtr) {
      // Clock subscriptions wait (busy: a worker has no blocking sleep without shared memory);
      // fd subscriptions report EBADF.
      let wait = Infinity;
      const d = view();
      for (let i = 0; i < count; i++) {
        const s = inPtr + 48 * i;
        if (d.getUint8(s + 8) !== 0) continue;
        const timeout = d.getBigUint64(s + 24, true), absolute = (d.getUint16(s + 40, true) & 1) === 1;
        const ns = absolute ? timeout - nowNs(d.getUint32(s + 16, true)) : timeout;
        wait = Math.min(wait, Math.max(0, Number(ns) / 1e6));
      }
      if (wait !== Infinity) for (const until = performance.now() + wait; performance.now() < until;);
      for (let i = 0; i < count; i++) {
        const s = inPtr + 48 * i, e = outPtr + 32 * i, tag = d.getUint8(s + 8);
        bytesAt(e, 32).fill(0);
        d.setBigUint64(e, d.getBigUint64(s, true), true);
        d.setUint16(e + 8, tag === 0 ? ESUCCESS : EBADF, true);
        d.setUint8(e + 10, tag);
      }
      d.setUint32(eventsPtr, count, true);
      return ESUCCESS;
    },
    proc_exit(code) { throw new ProcExit(code); },
    proc_raise: () => ENOSYS,
  };
  return functions;
}

/**
 * What an import the host does not implement answers: EBADF for descriptors, ENOTCAPABLE for paths,
 * ENOTSUP for sockets, ENOSYS for the rest.
 * @param {string} fn
 */
export const fallback = (fn) => (fn.startsWith('fd_') ? EBADF : fn.startsWith('path_') ? ENOTCAPABLE : fn.startsWith('sock_') ? ENOTSUP : ENOSYS);
