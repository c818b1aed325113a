// Calls privacy-ops makes to addresses a caller gave it (protocol status callbacks). In AWS the
// Lambda runtime API listens on 127.0.0.1 and the VPC's resolver and metadata sit on link-local
// addresses: a callback URL must never reach them, whatever its host name resolves to.
import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { BlockList, isIP, type LookupFunction } from 'node:net';

/** Address ranges that are not the public internet (IANA special-purpose registries). */
const NOT_PUBLIC = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  NOT_PUBLIC.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b::', 96],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  NOT_PUBLIC.addSubnet(network, prefix, 'ipv6');
}

/** Whether `address` (an IPv4 or IPv6 literal) is on the public internet. */
export function isPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  if (family === 6) {
    // An IPv4-mapped IPv6 address (::ffff:127.0.0.1) is judged as the IPv4 address it carries.
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
    if (mapped) return isPublicAddress(mapped[1]!);
    if (/^::ffff:/i.test(address)) return false;
  }
  return !NOT_PUBLIC.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/** Raised when a host resolves only to addresses a callback may not reach. */
export class NonPublicAddressError extends Error {
  override name = 'NonPublicAddressError';
}

/**
 * A DNS lookup for sockets that keeps only public addresses. The check runs when the socket
 * connects, on the address it connects to, so a name that resolves differently later (DNS
 * rebinding) is checked again.
 */
export const publicOnlyLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...(options as LookupOptions), all: true }, (error, addresses) => {
    if (error) return callback(error, '', 0);
    const usable = (addresses as LookupAddress[]).filter((entry) => isPublicAddress(entry.address));
    if (usable.length === 0) return callback(new NonPublicAddressError('The host resolves to no public address'), '', 0);
    if ((options as LookupOptions).all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, usable);
    return callback(null, usable[0]!.address, usable[0]!.family);
  });
};

export interface PostOptions {
  /** Allow loopback and private addresses (the local runtime, whose callers listen on localhost). */
  allowPrivateAddresses: boolean;
  timeoutMs?: number;
}

/**
 * Posts `text` to `url` and resolves with the HTTP status. No redirect is followed, so a call goes
 * only where it was asked to; unless allowed, it never reaches a loopback, private or link-local address.
 */
export function postText(url: string, text: string, headers: Record<string, string>, options: PostOptions): Promise<number> {
  const target = new URL(url);
  const literal = target.hostname.replace(/^\[|\]$/g, '');
  if (!options.allowPrivateAddresses && isIP(literal) && !isPublicAddress(literal)) {
    return Promise.reject(new NonPublicAddressError('The callback address is not a public address'));
  }
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(
      target,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': Buffer.byteLength(text) },
        timeout: options.timeoutMs ?? 10_000,
        ...(options.allowPrivateAddresses ? {} : { lookup: publicOnlyLookup }),
      },
      (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      },
    );
    req.on('timeout', () => req.destroy(new Error('The callback timed out')));
    req.on('error', reject);
    req.end(text);
  });
}
