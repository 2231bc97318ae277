import { ProblemError } from './problem-error.js';

/**
 * Reads a request body, refusing it with 413 as soon as it passes `cap` bytes (CU-API-3).
 * @param {import('node:http').IncomingMessage} req
 * @param {number} cap
 * @param {string} what which limit, for the message
 * @returns {Promise<Buffer>}
 */
export function readBody(req, cap, what) {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > cap) {
    return Promise.reject(tooLarge(declared, cap, what));
  }
  return new Promise((resolve, reject) => {
    /** @type {Buffer[]} */
    const chunks = [];
    let size = 0;
    req.on('data', (/** @type {Buffer} */ chunk) => {
      size += chunk.length;
      if (size > cap) {
        req.removeAllListeners('data');
        req.resume();
        reject(tooLarge(size, cap, what));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks, size)));
    req.on('error', reject);
  });
}

/**
 * @param {number} size
 * @param {number} cap
 * @param {string} what
 */
function tooLarge(size, cap, what) {
  return new ProblemError('message-too-large', `The body has at least ${size} bytes; ${what} is ${cap}.`, { limit: cap });
}

/**
 * The media type of a request without parameters, lower-case ('' when absent).
 * @param {import('node:http').IncomingMessage} req
 */
export function mediaType(req) {
  return (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
}

/**
 * True for application/json, bare or with charset=utf-8 only: not application/json-seq, not another charset
 * (JSON is UTF-8, RFC 8259; CU-API-2, CU-API-4).
 * @param {import('node:http').IncomingMessage} req
 */
export function isJson(req) {
  const [type, ...parameters] = (req.headers['content-type'] ?? '').split(';');
  return type.trim().toLowerCase() === 'application/json'
    && parameters.every((p) => /^\s*charset\s*=\s*(?:utf-8|"utf-8")\s*$/i.test(p));
}

/**
 * Parses a JSON request body of an operation that takes application/json only (CU-API-4).
 * @param {import('node:http').IncomingMessage} req
 * @param {number} cap
 * @returns {Promise<unknown>}
 */
export async function readJsonBody(req, cap) {
  if (!isJson(req)) {
    const type = req.headers['content-type'] ?? '';
    throw new ProblemError('unsupported-media-type', `Send this request as application/json, not '${type || 'no Content-Type'}'.`);
  }
  const bytes = await readBody(req, cap, 'limits.maxRequestBodyBytes');
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw new ProblemError('invalid-request', 'The request body is not JSON.');
  }
}
