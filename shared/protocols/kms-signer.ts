// The processor's OpenDSR signatures made by KMS: the asymmetric key (ECC_NIST_P256) never leaves it.
import { createHash } from 'node:crypto';
import { GetPublicKeyCommand, KMSClient, SignCommand } from '@aws-sdk/client-kms';
import { traced } from '../tracer.js';
import { certificationRequest, type CertificateOptions } from './certificate.js';
import type { ProcessorSigner } from './signing.js';

/**
 * Signs with KMS `Sign`, ECDSA_SHA_256 over the body's SHA-256 digest (`MessageType: DIGEST`, so a
 * body of any size is signed; KMS takes at most 4 KB of raw message). KMS returns the DER signature
 * that `crypto.verify` and the controllers' verifiers read, as the local signer makes it.
 */
export class KmsProcessorSigner implements ProcessorSigner {
  constructor(
    private readonly keyId: string,
    private readonly client: KMSClient = traced(new KMSClient({})),
  ) {}

  async sign(body: string): Promise<string> {
    return (await this.signDer(Buffer.from(body, 'utf8'))).toString('base64');
  }

  /** The DER ECDSA signature of `message`'s SHA-256 digest. */
  async signDer(message: Buffer): Promise<Buffer> {
    const digest = createHash('sha256').update(message).digest();
    const { Signature } = await this.client.send(
      new SignCommand({ KeyId: this.keyId, Message: digest, MessageType: 'DIGEST', SigningAlgorithm: 'ECDSA_SHA_256' }),
    );
    if (!Signature) throw new Error('KMS returned no signature');
    return Buffer.from(Signature);
  }

  /**
   * The PKCS #10 request a certificate authority certifies this key from (PEM): the key's public
   * half from KMS `GetPublicKey`, signed by KMS, so the private half stays where it is.
   */
  async certificationRequest(options: Omit<CertificateOptions, 'now'>): Promise<string> {
    const { PublicKey, KeySpec } = await this.client.send(new GetPublicKeyCommand({ KeyId: this.keyId }));
    if (!PublicKey || KeySpec !== 'ECC_NIST_P256') throw new Error(`The key ${this.keyId} is not an ECC_NIST_P256 signing key`);
    return certificationRequest(Buffer.from(PublicKey), options, (tbs) => this.signDer(tbs));
  }
}
