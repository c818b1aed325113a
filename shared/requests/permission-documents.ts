// Authorized agents' permission documents: kept in the private, encrypted data bucket, never in a table.
import { DeleteObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { createS3Client } from '../aws/s3.js';
import { InvalidInputError } from '../errors.js';
import { AGENT_PERMISSIONS_PREFIX } from '../resources.js';

export const PERMISSION_CONTENT_TYPES = ['application/pdf', 'image/png', 'image/jpeg'] as const;
export type PermissionContentType = (typeof PERMISSION_CONTENT_TYPES)[number];

/** The largest permission document accepted, decoded. */
export const MAX_PERMISSION_BYTES = 2 * 1024 * 1024;

const SIGNATURES: Record<PermissionContentType, { bytes: number[]; extension: string }> = {
  'application/pdf': { bytes: [0x25, 0x50, 0x44, 0x46, 0x2d], extension: 'pdf' },
  'image/png': { bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], extension: 'png' },
  'image/jpeg': { bytes: [0xff, 0xd8, 0xff], extension: 'jpg' },
};

/** Throws unless `content` starts as a `contentType` file must: a declared type is not trusted. */
export function assertDocumentType(content: Buffer, contentType: PermissionContentType): void {
  const { bytes } = SIGNATURES[contentType];
  if (content.byteLength === 0 || !bytes.every((byte, i) => content[i] === byte)) {
    throw new InvalidInputError(`The permission document is not a ${contentType} file.`, 'agent.permission.base64');
  }
}

export function permissionKey(requestId: string, contentType: PermissionContentType): string {
  return `${AGENT_PERMISSIONS_PREFIX}${requestId}/permission.${SIGNATURES[contentType].extension}`;
}

export interface PermissionDocuments {
  put(key: string, content: Buffer, contentType: PermissionContentType): Promise<void>;
  delete(key: string): Promise<void>;
}

/** Stores documents in S3; the bucket's default KMS encryption applies to each object. */
export class S3PermissionDocuments implements PermissionDocuments {
  constructor(
    private readonly bucket: string,
    private readonly client: S3Client = createS3Client(),
  ) {}

  async put(key: string, content: Buffer, contentType: PermissionContentType): Promise<void> {
    await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: content, ContentType: contentType }));
  }

  async delete(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }
}
