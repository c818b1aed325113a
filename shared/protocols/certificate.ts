// The X.509 certificate OpenDSR's processor_certificate serves (§6.3): built here, self-signed, for a
// processor whose key has no certificate from an authority (a local run), and the PKCS #10 request an
// authority certifies the KMS key from. DER by hand: Node reads certificates but does not write them,
// and the few structures they need are short.
import { createHash, sign } from 'node:crypto';
import { isIP } from 'node:net';
import type { ProcessorKey } from './signing.js';

/** How long a self-signed certificate is valid from its making. */
export const SELF_SIGNED_VALIDITY_DAYS = 365;

const ECDSA_WITH_SHA256 = '1.2.840.10045.4.3.2';
const COMMON_NAME = '2.5.4.3';
const ORGANIZATION = '2.5.4.10';
const BASIC_CONSTRAINTS = '2.5.29.19';
const KEY_USAGE = '2.5.29.15';
const SUBJECT_ALT_NAME = '2.5.29.17';
const EXTENSION_REQUEST = '1.2.840.113549.1.9.14';

function length(size: number): Buffer {
  if (size < 0x80) return Buffer.from([size]);
  const bytes: number[] = [];
  for (let rest = size; rest > 0; rest >>= 8) bytes.unshift(rest & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

/** One DER TLV. */
function tlv(tag: number, content: Buffer): Buffer {
  return Buffer.concat([Buffer.from([tag]), length(content.length), content]);
}

const sequence = (...items: Buffer[]): Buffer => tlv(0x30, Buffer.concat(items));
const set = (...items: Buffer[]): Buffer => tlv(0x31, Buffer.concat(items));
const explicit = (tagNumber: number, content: Buffer): Buffer => tlv(0xa0 | tagNumber, content);
const utf8 = (text: string): Buffer => tlv(0x0c, Buffer.from(text, 'utf8'));
const octets = (content: Buffer): Buffer => tlv(0x04, content);
const bits = (content: Buffer, unusedBits = 0): Buffer => tlv(0x03, Buffer.concat([Buffer.from([unusedBits]), content]));
const bool = (value: boolean): Buffer => tlv(0x01, Buffer.from([value ? 0xff : 0x00]));

/** A non-negative INTEGER from big-endian bytes. */
function integer(bytes: Buffer): Buffer {
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start++;
  const trimmed = bytes.subarray(start);
  return tlv(0x02, trimmed[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), trimmed]) : trimmed);
}

function oid(dotted: string): Buffer {
  const [first, second, ...rest] = dotted.split('.').map(Number);
  const body: number[] = [first! * 40 + second!];
  for (const arc of rest) {
    const chunk: number[] = [arc & 0x7f];
    for (let value = arc >> 7; value > 0; value >>= 7) chunk.unshift((value & 0x7f) | 0x80);
    body.push(...chunk);
  }
  return tlv(0x06, Buffer.from(body));
}

/** UTCTime up to 2049, GeneralizedTime after, as RFC 5280 §4.1.2.5 asks. */
function time(at: Date): Buffer {
  const iso = at.toISOString().replace(/[-:T]/g, '').slice(0, 14);
  return at.getUTCFullYear() < 2050 ? tlv(0x17, Buffer.from(`${iso.slice(2)}Z`, 'ascii')) : tlv(0x18, Buffer.from(`${iso}Z`, 'ascii'));
}

function name(domain: string, organization: string): Buffer {
  return sequence(set(sequence(oid(ORGANIZATION), utf8(organization))), set(sequence(oid(COMMON_NAME), utf8(domain))));
}

function extension(id: string, critical: boolean, value: Buffer): Buffer {
  return sequence(oid(id), ...(critical ? [bool(true)] : []), octets(value));
}

/** The subject alternative name of a domain: a dNSName, or an iPAddress for a bare address (a local run). */
function altName(domain: string): Buffer {
  if (isIP(domain) === 4) return tlv(0x87, Buffer.from(domain.split('.').map(Number)));
  return tlv(0x82, Buffer.from(domain, 'ascii'));
}

export interface CertificateOptions {
  /** The processor domain (the X-OpenDSR-Processor-Domain), as the certificate's subject. */
  domain: string;
  /** Who runs the processor, as the subject's organization. */
  organization: string;
  now: Date;
}

const pemOf = (label: string, der: Buffer): string => `-----BEGIN ${label}-----\n${der.toString('base64').replace(/.{1,64}/g, '$&\n')}-----END ${label}-----\n`;

/** The DER SubjectPublicKeyInfo inside a public key PEM. */
export const spkiOf = (publicKeyPem: string): Buffer =>
  Buffer.from(publicKeyPem.replace(/-----(BEGIN|END) PUBLIC KEY-----/g, '').replace(/\s+/g, ''), 'base64');

/** Signs the DER of a structure: ECDSA with SHA-256 over it, the DER signature back (a KMS key's or a local one's). */
export type DerSigner = (tbs: Buffer) => Promise<Buffer>;

/**
 * A PKCS #10 certification request (RFC 2986) for the P-256 public key `spki`, naming `domain` and
 * `organization` as the subject and asking for the domain as its subject alternative name; `sign`
 * signs it with the key's private half, which proves possession to the authority.
 */
export async function certificationRequest(spki: Buffer, options: Omit<CertificateOptions, 'now'>, sign: DerSigner): Promise<string> {
  const extensionRequest = sequence(
    oid(EXTENSION_REQUEST),
    set(sequence(extension(KEY_USAGE, true, bits(Buffer.from([0x80]), 7)), extension(SUBJECT_ALT_NAME, false, sequence(altName(options.domain))))),
  );
  const info = sequence(integer(Buffer.from([0])), name(options.domain, options.organization), spki, explicit(0, extensionRequest));
  const request = sequence(info, sequence(oid(ECDSA_WITH_SHA256)), bits(await sign(info)));
  return pemOf('CERTIFICATE REQUEST', request);
}

/**
 * A self-signed X.509 v3 certificate (PEM) for the processor's P-256 key, issued to `domain`, valid
 * SELF_SIGNED_VALIDITY_DAYS from a day before `now`: good for a local run and tests. OpenDSR §4.1
 * asks for a certificate from a trusted authority in production.
 */
export function selfSignedCertificate(key: ProcessorKey, options: CertificateOptions): string {
  const spki = spkiOf(key.publicKeyPem);
  const signatureAlgorithm = sequence(oid(ECDSA_WITH_SHA256));
  const subject = name(options.domain, options.organization);
  const serial = createHash('sha256').update(spki).update(options.now.toISOString()).digest().subarray(0, 16);
  serial[0] = (serial[0]! & 0x7f) | 0x01;
  const notBefore = new Date(options.now.getTime() - 24 * 3600 * 1000);
  const notAfter = new Date(options.now.getTime() + SELF_SIGNED_VALIDITY_DAYS * 24 * 3600 * 1000);
  const tbs = sequence(
    explicit(0, integer(Buffer.from([2]))),
    integer(serial),
    signatureAlgorithm,
    subject,
    sequence(time(notBefore), time(notAfter)),
    subject,
    spki,
    explicit(
      3,
      sequence(
        extension(BASIC_CONSTRAINTS, true, sequence()),
        // digitalSignature only: the key signs answers and callbacks, nothing else.
        extension(KEY_USAGE, true, bits(Buffer.from([0x80]), 7)),
        extension(SUBJECT_ALT_NAME, false, sequence(altName(options.domain))),
      ),
    ),
  );
  const certificate = sequence(tbs, signatureAlgorithm, bits(sign('sha256', tbs, key.privateKey)));
  return pemOf('CERTIFICATE', certificate);
}
