// An erasure reaches privacy-ops itself: the export bundles, parts and permission documents of the
// subject's requests, and their consent history, go when the erasure closes.
import { DeleteObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { createS3Client } from '../aws/s3.js';
import { isFinal } from '../domain/lifecycle.js';
import type { RequestStatus } from '../domain/request-model.js';
import type { RequestRecord } from '../requests/record.js';
import type { Erasure } from './deletion-ledger.js';

/**
 * The name privacy-ops' own copies go under in the deletion ledger. Registered system ids cannot
 * hold a colon, so no company system shares it and a replay never mistakes one for the other.
 */
export const OWN_COPIES_SYSTEM_ID = 'privacy-ops:own-copies';

/** The data-bucket prefixes that hold a request's copies of personal data: its export (bundle and parts) and an agent's permission document. */
export function ownCopyPrefixes(requestId: string): string[] {
  return [`exports/${requestId}/`, `agent-permissions/${requestId}/`];
}

/** Objects in the data bucket. */
export interface OwnFiles {
  /** Deletes every object under `prefix`; returns how many there were. */
  deleteUnder(prefix: string): Promise<number>;
}

export interface OwnCopiesDeps {
  requests: { ofSubject(subjectHash: string): Promise<{ id: string; status: RequestStatus }[]> };
  files: OwnFiles;
  consents: { eraseSubject(subjectHash: string): Promise<number> };
  ledger: { record(erasure: Erasure): Promise<unknown> };
  now: () => Date;
}

/** What an erasure removed from privacy-ops itself. Counts only. */
export interface OwnCopiesErased {
  /** The subject's closed requests whose objects were looked for, the erasure among them. */
  requests: number;
  /** Export bundles, parts and permission documents deleted. */
  objects: number;
  /** Consent-register entries deleted. */
  consentEntries: number;
}

/**
 * Erases what privacy-ops holds of the subject of `erasure` (a deletion in every system, as it
 * closes): the objects of the erasure and of every closed request filed for the same keyed hash,
 * and the subject's consent-register history; then writes the deletion ledger. Requests still
 * open keep their objects, which they need to be answered; the bucket's lifecycle removes those
 * later. The suppression entry, the audit chain's hashes and the ledger stay. Run again, it finds
 * nothing more to delete.
 */
export async function eraseOwnCopies(erasure: RequestRecord, deps: OwnCopiesDeps): Promise<OwnCopiesErased> {
  const filed = await deps.requests.ofSubject(erasure.subjectHash);
  const ids = new Set([erasure.id, ...filed.filter((r) => r.id !== erasure.id && isFinal(r.status)).map((r) => r.id)]);
  let objects = 0;
  for (const id of ids) {
    for (const prefix of ownCopyPrefixes(id)) objects += await deps.files.deleteUnder(prefix);
  }
  const consentEntries = await deps.consents.eraseSubject(erasure.subjectHash);
  await deps.ledger.record({
    systemId: OWN_COPIES_SYSTEM_ID,
    requestId: erasure.id,
    erasedAt: deps.now().toISOString(),
    keyKind: 'email',
    identifier: erasure.subject.email,
    erasure: 'delete',
  });
  return { requests: ids.size, objects, consentEntries };
}

/** The data bucket, as far as erasing a request's objects goes. */
export class S3OwnFiles implements OwnFiles {
  constructor(
    private readonly bucket: string,
    private readonly client: S3Client = createS3Client(),
  ) {}

  async deleteUnder(prefix: string): Promise<number> {
    let deleted = 0;
    let token: string | undefined;
    do {
      const page = await this.client.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ContinuationToken: token }));
      // One call per object: a request has a bundle, a part per system and perhaps a document, and
      // DeleteObjects' checksum header is not spoken by every S3 emulator.
      for (const { Key } of page.Contents ?? []) {
        if (!Key) continue;
        await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key }));
        deleted++;
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return deleted;
  }
}
