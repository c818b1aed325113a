// Raw inbound mail in the data bucket, under its own prefix (lifecycle: shared/resources.ts).
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { createS3Client } from '../aws/s3.js';
import { INBOUND_MAIL_PREFIX } from '../resources.js';

export interface RawMailStore {
  put(key: string, raw: Uint8Array): Promise<void>;
  get(key: string): Promise<Uint8Array>;
}

/** The key a mail received on `receivedAt` is kept under when privacy-ops writes it (SES writes its own under the same prefix). */
export function rawMailKey(receivedAt: string, mailId: string): string {
  return `${INBOUND_MAIL_PREFIX}${receivedAt.slice(0, 10)}/${mailId}.eml`;
}

/** Stores the raw messages in S3; the bucket's default KMS encryption applies to each object. */
export class S3RawMailStore implements RawMailStore {
  constructor(
    private readonly bucket: string,
    private readonly client: S3Client = createS3Client(),
  ) {}

  async put(key: string, raw: Uint8Array): Promise<void> {
    await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: raw, ContentType: 'message/rfc822' }));
  }

  async get(key: string): Promise<Uint8Array> {
    const { Body } = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
    if (!Body) throw new Error(`The raw mail ${key} has no body`);
    return Body.transformToByteArray();
  }
}
