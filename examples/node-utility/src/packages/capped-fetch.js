// Fetching a manifest or module from an origin (spec section 6, "Fetching"): GET without
// credentials, no redirects, no content decoding, a size cap enforced while the body arrives,
// a time limit, and no connection to an internal address unless allowed (CU-ORIG-4).
import http from 'node:http';
import https from 'node:https';
import { lookup } from 'node:dns';
import { ProblemError } from '../http/problem-error.js';
import { isInternalAddress } from './internal-address.js';

const USER_AGENT = 'compute-utility-node/0.1.0 (+spec/compute-utility.md)';

/**
 * A DNS lookup that refuses names resolving to internal addresses.
 * @type {import('node:net').LookupFunction}
 */
function publicOnlyLookup(hostname, options, callback) {
  lookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, '', 0);
    const list = /** @type {import('node:dns').LookupAddress[]} */ (/** @type {unknown} */ (addresses));
    const internal = list.find((a) => isInternalAddress(a.address));
    if (internal) {
      const refused = Object.assign(new Error(`${hostname} resolves to the internal address ${internal.address}`), { code: 'EINTERNAL' });
      return callback(refused, '', 0);
    }
    if (options.all) return /** @type {Function} */ (callback)(null, list);
    return callback(null, list[0].address, list[0].family);
  });
}

/**
 * @param {URL} url
 * @param {{accept: string, cap: number, what: string, timeoutMs: number, allowInternal: boolean}} how
 * @returns {Promise<Buffer>}
 */
export function cappedFetch(url, how) {
  return new Promise((resolve, reject) => {
    const client = url.protocol === 'https:' ? https : http;
    const fail = (/** @type {string} */ detail) => reject(new ProblemError('package-fetch-failed', detail));
    const request = client.get(url, {
      headers: { Accept: how.accept, 'User-Agent': USER_AGENT },
      agent: false,
      lookup: how.allowInternal ? undefined : publicOnlyLookup,
    });
    const timer = setTimeout(() => {
      request.destroy();
      fail(`${url} did not deliver the ${how.what} within ${how.timeoutMs} ms.`);
    }, how.timeoutMs);
    const done = () => clearTimeout(timer);
    request.on('error', (/** @type {NodeJS.ErrnoException} */ error) => {
      done();
      fail(error.code === 'EINTERNAL' ? `${error.message}; the utility does not connect to internal addresses.`
        : `${url} could not be fetched: ${error.message}.`);
    });
    request.on('response', (response) => {
      const status = response.statusCode ?? 0;
      if (status < 200 || status > 299) {
        done();
        response.resume();
        request.destroy();
        fail(status >= 300 && status < 400 ? `${url} answered ${status}; the utility does not follow redirects.` : `${url} answered ${status}.`);
        return;
      }
      const declared = Number(response.headers['content-length']);
      if (Number.isFinite(declared) && declared > how.cap) {
        done();
        request.destroy();
        reject(tooLarge(how));
        return;
      }
      /** @type {Buffer[]} */
      const chunks = [];
      let size = 0;
      response.on('data', (/** @type {Buffer} */ chunk) => {
        size += chunk.length;
        if (size > how.cap) {
          done();
          request.destroy();
          reject(tooLarge(how));
          return;
        }
        chunks.push(chunk);
      });
      response.on('end', () => {
        done();
        resolve(Buffer.concat(chunks, size));
      });
      response.on('aborted', () => {
        done();
        fail(`${url} closed the connection before the whole ${how.what} arrived.`);
      });
    });
  });
}

/** @param {{cap: number, what: string}} how */
function tooLarge(how) {
  return new ProblemError('package-too-large', `The ${how.what} is larger than this utility accepts (${how.cap} bytes).`, { limit: how.cap });
}
