// The audit key's adapters: a KMS HMAC key in AWS, the runtime's own key material locally.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { GenerateMacCommand, KMSClient, KMSInvalidMacException, VerifyMacCommand } from '@aws-sdk/client-kms';
import { traced } from '../tracer.js';
import type { ChainKey } from './chain.js';

/** The MAC algorithm of the audit key (key spec HMAC_256). */
export const AUDIT_MAC_ALGORITHM = 'HMAC_SHA_256';

const HEX_DIGEST = /^[0-9a-f]{64}$/;

function digestBytes(digest: string): Buffer {
  if (!HEX_DIGEST.test(digest)) throw new TypeError('An audit digest is 64 hex characters');
  return Buffer.from(digest, 'hex');
}

/**
 * The audit key in KMS: `GenerateMac` for the functions that append events and anchors, `VerifyMac`
 * for those that check them; the key material never leaves KMS.
 */
export class KmsChainKey implements ChainKey {
  private readonly kms: KMSClient;

  constructor(
    private readonly keyId: string,
    client?: KMSClient,
  ) {
    this.kms = client ?? traced(new KMSClient({}));
  }

  async mac(digest: string): Promise<string> {
    const { Mac } = await this.kms.send(new GenerateMacCommand({ KeyId: this.keyId, MacAlgorithm: AUDIT_MAC_ALGORITHM, Message: digestBytes(digest) }));
    if (!Mac) throw new Error('KMS returned no MAC');
    return Buffer.from(Mac).toString('hex');
  }

  async verify(digest: string, mac: string): Promise<boolean> {
    if (!HEX_DIGEST.test(mac)) return false;
    try {
      const { MacValid } = await this.kms.send(
        new VerifyMacCommand({ KeyId: this.keyId, MacAlgorithm: AUDIT_MAC_ALGORITHM, Message: digestBytes(digest), Mac: Buffer.from(mac, 'hex') }),
      );
      return MacValid === true;
    } catch (error) {
      // KMS answers a MAC that does not match with this exception, not with MacValid: false.
      if (error instanceof KMSInvalidMacException) return false;
      throw error;
    }
  }
}

/** The audit key as local key material: the same HMAC-SHA-256 KMS computes, for the local runtime and tests. */
export class LocalChainKey implements ChainKey {
  constructor(private readonly key: Buffer) {
    if (key.length < 32) throw new Error('A local audit key has at least 32 bytes');
  }

  async mac(digest: string): Promise<string> {
    return createHmac('sha256', this.key).update(digestBytes(digest)).digest('hex');
  }

  async verify(digest: string, mac: string): Promise<boolean> {
    if (!HEX_DIGEST.test(mac)) return false;
    return timingSafeEqual(Buffer.from(await this.mac(digest), 'hex'), Buffer.from(mac, 'hex'));
  }
}
