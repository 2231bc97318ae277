import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isInternalAddress, isInternalHost } from '../src/packages/internal-address.js';

test('loopback, private, link-local, unique-local, CGNAT, unspecified and multicast addresses are internal', () => {
  for (const address of ['127.0.0.1', '127.9.9.9', '10.1.2.3', '172.16.0.5', '172.31.255.255', '192.168.1.10', '169.254.169.254',
    '100.64.0.1', '0.0.0.0', '224.0.0.251', '::', '::1', 'fe80::1', 'fd00::1', 'ff02::fb']) {
    assert.equal(isInternalAddress(address), true, address);
  }
});

test('IPv4 inside mapped, compatible, NAT64 and 6to4 IPv6 addresses is judged as IPv4', () => {
  for (const address of ['::ffff:127.0.0.1', '::ffff:7f00:1', '::127.0.0.1', '64:ff9b::a00:1', '2002:c0a8:101::1']) {
    assert.equal(isInternalAddress(address), true, address);
  }
  for (const address of ['::ffff:8.8.8.8', '64:ff9b::808:808', '2002:808:808::1']) assert.equal(isInternalAddress(address), false, address);
});

test('public addresses are not internal', () => {
  for (const address of ['8.8.8.8', '1.2.3.4', '172.32.0.1', '100.128.0.1', '2606:4700::1111']) assert.equal(isInternalAddress(address), false, address);
});

test('localhost and names under .localhost are internal hosts; other names are judged when they resolve', () => {
  assert.equal(isInternalHost('localhost'), true);
  assert.equal(isInternalHost('app.LOCALHOST.'), true);
  assert.equal(isInternalHost('[::1]'), true);
  assert.equal(isInternalHost('example.com'), false);
});
