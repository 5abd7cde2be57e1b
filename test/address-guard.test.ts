import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { request } from 'undici';
import {
  type AddressPolicy,
  isAllowedAddress,
  isPublicAddress,
  isRefusedLiteral,
  parseAddressRange,
} from '../src/net/address-guard.js';
import { classifyOutboundError, connectGuarded, createGuardedAgent } from '../src/net/outbound.js';

const publicOnly: AddressPolicy = { allowPrivate: false, allowedRanges: [] };

describe('address guard', () => {
  it('refuses IPv6 forms that embed a refused IPv4 address', () => {
    for (const address of [
      '::7f00:1', // IPv4-compatible 127.0.0.1
      '::ffff:127.0.0.1', // IPv4-mapped
      '::ffff:0:a9fe:a9fe', // SIIT 169.254.169.254
      '64:ff9b::a9fe:a9fe', // NAT64 169.254.169.254
      '64:ff9b::10.0.0.1',
      '2002:7f00:1::', // 6to4 127.0.0.1
      '2002:c0a8:101::1', // 6to4 192.168.1.1
      '2001:0:4136:e378:8000:63bf:80ff:fffe', // Teredo, client 127.0.0.1 (XOR-ed)
      '2001:0:7f00:1:8000:63bf:f7f7:f7f7', // Teredo, server 127.0.0.1
      '::', // IPv4-compatible 0.0.0.0
      '::1',
    ]) {
      assert.equal(isPublicAddress(address), false, address);
      assert.equal(isAllowedAddress(address, publicOnly), false, address);
      assert.equal(isRefusedLiteral(`[${address}]`, publicOnly), true, address);
    }
  });

  it('accepts public IPv6 addresses, and forms that embed a public IPv4 address', () => {
    for (const address of [
      '2606:4700::1111',
      '::ffff:8.8.8.8',
      '64:ff9b::808:808',
      '2002:808:808::1',
      '2001:0:4136:e378:8000:63bf:f7f7:f7f7', // Teredo: server 65.54.227.120, client 8.8.8.8
      '8.8.8.8',
    ]) {
      assert.equal(isAllowedAddress(address, publicOnly), true, address);
    }
  });

  it('refuses non-public IPv6 ranges outside the embedded forms', () => {
    for (const address of ['fe80::1', 'fc00::1', 'ff02::1', '2001:db8::1', '64:ff9b:1::a00:1', '100::1', '::1:0:0:1']) {
      assert.equal(isAllowedAddress(address, publicOnly), false, address);
    }
  });

  it('lets allowed ranges through without opening the rest of private space', () => {
    const policy: AddressPolicy = { allowPrivate: false, allowedRanges: ['127.0.0.1/32', 'fd00:1::/64'] };
    assert.equal(isAllowedAddress('127.0.0.1', policy), true);
    assert.equal(isAllowedAddress('::ffff:127.0.0.1', policy), true); // the same destination
    assert.equal(isAllowedAddress('127.0.0.2', policy), false);
    assert.equal(isAllowedAddress('::7f00:1', policy), false);
    assert.equal(isAllowedAddress('fd00:1::5', policy), true);
    assert.equal(isAllowedAddress('fd00:2::5', policy), false);
    assert.equal(isAllowedAddress('10.0.0.1', { allowPrivate: true, allowedRanges: [] }), true);
    assert.deepEqual(parseAddressRange('10.1.2.3')[1], 32);
    for (const bad of ['nope', '10.0.0.0/33', '', 'fd00::/129']) assert.throws(() => parseAddressRange(bad), bad);
  });

  it('refuses embedded forms at connection time, in URLs and raw sockets alike', async () => {
    const server = http.createServer((_req, res) => res.end('reached'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    const agent = createGuardedAgent({ addresses: publicOnly, connectTimeoutMs: 1000 });
    try {
      for (const host of ['[::7f00:1]', '[::ffff:127.0.0.1]', '[::1]', 'localhost']) {
        const error = await request(`http://${host}:${port}/`, { dispatcher: agent }).then(
          () => undefined,
          (e: unknown) => e,
        );
        assert.equal(classifyOutboundError(error), 'refused', host);
        const socketError = await connectGuarded(publicOnly, host, port, 1000).then(
          (socket) => void socket.destroy(),
          (e: unknown) => e,
        );
        assert.equal(classifyOutboundError(socketError), 'refused', host);
      }
      const allowed = await connectGuarded(
        { allowPrivate: false, allowedRanges: ['127.0.0.1/32'] },
        '127.0.0.1',
        port,
        1000,
      );
      allowed.destroy();
    } finally {
      await agent.close();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });
});
