// The HTTP server: loopback only (CU-SEC-1), Host check (CU-SEC-6), body caps before a
// 100-continue (CU-API-3), problem answers for every error (CU-ERR-1, CU-ERR-4).
import http from 'node:http';
import { isIP } from 'node:net';
import { ProblemError } from './problem-error.js';
import { problem } from './problems.js';
import { sendProblem } from './responses.js';
import { corsHeaders, checkPageOrigin } from './cors.js';
import { route } from './router.js';
import { WebSocketChannels } from '../channel/websocket-channel.js';
import { isInternalAddress } from '../packages/internal-address.js';

/**
 * The request's URL, or a 400 when the Host header names neither loopback nor this utility.
 * @param {import('node:http').IncomingMessage} req
 * @param {import('../app.js').App} app
 */
function requestUrl(req, app) {
  const host = req.headers.host ?? '';
  let url;
  try {
    url = new URL(req.url ?? '/', `http://${host}`);
  } catch {
    throw new ProblemError('invalid-request', `The Host header '${host}' or the request target is not valid.`);
  }
  const name = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const loopback = name === 'localhost' || name.endsWith('.localhost') || (isIP(name) !== 0 && isInternalAddress(name) && /^(127\.|::1$|::ffff:7f)/.test(name));
  if (!loopback && name !== app.options.name.toLowerCase()) {
    throw new ProblemError('invalid-request', `This utility serves loopback only; the Host '${host}' names another machine.`);
  }
  return url;
}

/** @param {import('../app.js').App} app */
export function createUtilityServer(app) {
  const channels = new WebSocketChannels(app);
  /** @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res */
  const handle = async (req, res) => {
    const cors = corsHeaders(req, app.options);
    const instance = (req.url ?? '/').split('?')[0];
    try {
      const url = requestUrl(req, app);
      checkPageOrigin(req, url, app.options);
      await route({ req, res, url, app, cors, params: [] });
    } catch (error) {
      if (error instanceof ProblemError) {
        if (error.problemName === 'message-too-large') res.setHeader('Connection', 'close');
        sendProblem(res, error.problem, instance, { ...cors, ...error.headers });
      } else {
        console.error(`compute-utility-node: ${req.method} ${instance} failed:`, error);
        sendProblem(res, problem('internal-error', 'An unexpected error occurred in the utility.'), instance, cors);
      }
    }
  };
  const server = http.createServer({ keepAliveTimeout: 30000 }, (req, res) => void handle(req, res));
  // With Expect: 100-continue, a body over its cap is refused before the client sends it.
  server.on('checkContinue', (req, res) => {
    const { limits } = app.options;
    const cap = /\/messages$/.test((req.url ?? '').split('?')[0]) ? Math.min(limits.maxMessageBytes, limits.maxRequestBodyBytes) : limits.maxRequestBodyBytes;
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > cap) {
      const instance = (req.url ?? '/').split('?')[0];
      res.setHeader('Connection', 'close');
      sendProblem(res, problem('message-too-large', `The body has ${declared} bytes; this utility accepts at most ${cap}.`, { limit: cap }), instance, corsHeaders(req, app.options));
      return;
    }
    res.writeContinue();
    void handle(req, res);
  });
  server.on('upgrade', (req, socket, head) => {
    const cors = corsHeaders(req, app.options);
    const instance = (req.url ?? '/').split('?')[0];
    socket.on('error', () => socket.destroy());
    try {
      const url = requestUrl(req, app);
      checkPageOrigin(req, url, app.options);
      channels.upgrade(req, socket, head, url);
    } catch (error) {
      if (!(error instanceof ProblemError)) console.error(`compute-utility-node: upgrade of ${instance} failed:`, error);
      WebSocketChannels.refuse(socket, /** @type {Error} */ (error), instance, cors);
    }
  });
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
  });
  return server;
}
