import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPublicAddress, NonPublicAddressError, postText } from '../../shared/http/outbound.js';

describe('isPublicAddress', () => {
  it.each([
    ['127.0.0.1', false],
    ['127.8.9.10', false],
    ['10.1.2.3', false],
    ['172.16.0.1', false],
    ['172.31.255.255', false],
    ['192.168.1.1', false],
    ['169.254.169.254', false],
    ['100.64.0.1', false],
    ['0.0.0.0', false],
    ['::1', false],
    ['::', false],
    ['fe80::1', false],
    ['fd00::1', false],
    ['::ffff:127.0.0.1', false],
    ['::ffff:169.254.169.254', false],
    ['not-an-address', false],
    ['8.8.8.8', true],
    ['172.32.0.1', true],
    ['2a00:1450:4001:80b::200e', true],
    ['::ffff:8.8.8.8', true],
  ])('%s is public: %s', (address, expected) => {
    expect(isPublicAddress(address)).toBe(expected);
  });
});

describe('postText', () => {
  let server: Server;
  let port: number;
  const received: string[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => {
        body += chunk;
      });
      req.on('end', () => {
        received.push(body);
        res.writeHead(202).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('refuses a loopback address given as a literal, and sends nothing', async () => {
    const before = received.length;
    await expect(postText(`http://127.0.0.1:${port}/cb`, 'x', {}, { allowPrivateAddresses: false })).rejects.toBeInstanceOf(NonPublicAddressError);
    await expect(postText(`http://[::ffff:127.0.0.1]:${port}/cb`, 'x', {}, { allowPrivateAddresses: false })).rejects.toBeInstanceOf(NonPublicAddressError);
    expect(received.length).toBe(before);
  });

  it('refuses a host name that resolves only to loopback, when it connects', async () => {
    const before = received.length;
    await expect(postText(`http://localhost:${port}/cb`, 'x', {}, { allowPrivateAddresses: false })).rejects.toBeInstanceOf(NonPublicAddressError);
    expect(received.length).toBe(before);
  });

  it('posts the exact text where private addresses are allowed, and answers the status', async () => {
    const status = await postText(`http://localhost:${port}/cb`, '{"a":1}', { 'content-type': 'application/json' }, { allowPrivateAddresses: true });
    expect(status).toBe(202);
    expect(received.at(-1)).toBe('{"a":1}');
  });
});
