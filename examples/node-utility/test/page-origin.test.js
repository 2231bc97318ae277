import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkPageOrigin, corsHeaders } from '../src/http/cors.js';
import { ProblemError } from '../src/http/problem-error.js';

const options = /** @type {any} */ ({ corsOrigins: ['https://app.example'] });
const url = (path) => new URL(`http://127.0.0.1:18471${path}`);
const request = (origin, method = 'POST', headers = {}) => /** @type {any} */ ({ method, headers: origin === undefined ? headers : { ...headers, origin } });

test('a page origin the owner has not permitted is refused with origin-not-permitted naming it (CU-PERM-1)', () => {
  assert.throws(() => checkPageOrigin(request('https://stranger.example'), url('/v1/workers'), options),
    (error) => error instanceof ProblemError && error.problemName === 'origin-not-permitted' && error.problem.detail.includes('https://stranger.example'));
  assert.throws(() => checkPageOrigin(request('null'), url('/v1/tasks'), options), ProblemError);
});

test('listed origins compare by scheme, host and port, and the utility\'s own origin passes (CU-PERM-2)', () => {
  checkPageOrigin(request('https://APP.example:443'), url('/v1/workers'), options);
  checkPageOrigin(request('http://127.0.0.1:18471'), url('/v1/workers'), options);
  assert.throws(() => checkPageOrigin(request('http://127.0.0.1:18472'), url('/v1/workers'), options), ProblemError);
});

test('programs, the descriptor and preflights are not refused for the page origin (CU-PERM-3)', () => {
  checkPageOrigin(request(undefined), url('/v1/workers'), options);
  checkPageOrigin(request('https://stranger.example', 'GET'), url('/.well-known/compute-utility'), options);
  checkPageOrigin(request('https://stranger.example', 'OPTIONS', { 'access-control-request-method': 'POST' }), url('/v1/workers'), options);
});

test('with * every page is served, and answers reflect the page origin, never * (CU-CORS-2)', () => {
  checkPageOrigin(request('https://stranger.example'), url('/v1/workers'), /** @type {any} */ ({ corsOrigins: ['*'] }));
  assert.equal(corsHeaders(request('https://stranger.example'), /** @type {any} */ ({ corsOrigins: ['*'] }))['Access-Control-Allow-Origin'], 'https://stranger.example');
});
