// Objects in an S3 bucket under a prefix that holds the subject's identifier.
import { DeleteObjectsCommand, GetObjectCommand, ListObjectsV2Command, NoSuchKey, type S3Client } from '@aws-sdk/client-s3';
import type { Connector, SubjectKey } from '../model.js';
import { MisconfiguredConnectorError, ObjectDeletionError } from './connector-errors.js';
import type { FiledRecord, RecordStore } from './record-store.js';

export type S3Connector = Extract<Connector, { kind: 's3' }>;

/** DeleteObjects takes at most 1,000 keys. */
const DELETE_BATCH = 1000;

/** A prefix such as `chat-transcripts/{accountId}/`, split around its placeholder. */
export interface PrefixTemplate {
  before: string;
  after: string;
}

/** Splits `prefix` around `{subjectKey}`, which it must hold exactly once. */
export function prefixTemplate(prefix: string, subjectKey: SubjectKey): PrefixTemplate {
  const placeholder = `{${subjectKey}}`;
  const parts = prefix.split(placeholder);
  if (parts.length !== 2) {
    throw new MisconfiguredConnectorError(`the S3 prefix must hold ${placeholder} exactly once`);
  }
  return { before: parts[0]!, after: parts[1]! };
}

/** The prefix of one subject's objects: the identifier URL-encoded, so it never adds a `/`. */
export function expandPrefix(template: PrefixTemplate, identifier: string): string {
  return `${template.before}${encodeURIComponent(identifier)}${template.after}`;
}

/**
 * The identifier an object key is filed under, or undefined when the key does not fit the
 * template. With nothing after the placeholder the identifier runs to the next `/`, so
 * `tracker/{accountId}` never takes `tracker/acc-10/…` for `acc-1`.
 */
export function identifierInKey(template: PrefixTemplate, key: string): string | undefined {
  if (!key.startsWith(template.before)) return undefined;
  const rest = key.slice(template.before.length);
  const end = template.after === '' ? (rest.includes('/') ? rest.indexOf('/') : rest.length) : rest.indexOf(template.after);
  if (end <= 0) return undefined;
  const encoded = rest.slice(0, end);
  if (encoded.includes('/')) return undefined;
  try {
    return decodeURIComponent(encoded);
  } catch {
    return undefined;
  }
}

/** Parses an object's text as JSON where it is JSON, and keeps it as text where it is not. */
function contentOf(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

export class S3Records implements RecordStore<string> {
  private readonly template: PrefixTemplate;

  constructor(
    private readonly connector: S3Connector,
    private readonly s3: S3Client,
  ) {
    this.template = prefixTemplate(connector.prefix, connector.subjectKey);
  }

  async *pagesFor(identifier: string): AsyncGenerator<string[]> {
    for await (const keys of this.list(expandPrefix(this.template, identifier))) {
      yield keys.filter((key) => identifierInKey(this.template, key) === identifier);
    }
  }

  async *allPages(): AsyncGenerator<FiledRecord<string>[]> {
    for await (const keys of this.list(this.template.before)) {
      yield keys.flatMap((key) => {
        const identifier = identifierInKey(this.template, key);
        return identifier === undefined ? [] : [{ identifier, record: key }];
      });
    }
  }

  async exportForm(key: string): Promise<unknown> {
    try {
      const object = await this.s3.send(new GetObjectCommand({ Bucket: this.connector.bucket, Key: key }));
      const text = (await object.Body?.transformToString('utf-8')) ?? '';
      return { key, content: contentOf(text) };
    } catch (error) {
      if (error instanceof NoSuchKey) return undefined;
      throw error;
    }
  }

  /** Objects have no safe anonymised form, so both methods delete. */
  async erase(records: readonly FiledRecord<string>[]): Promise<number> {
    const keys = records.map(({ record }) => record);
    for (let start = 0; start < keys.length; start += DELETE_BATCH) {
      const result = await this.s3.send(
        new DeleteObjectsCommand({
          Bucket: this.connector.bucket,
          Delete: { Objects: keys.slice(start, start + DELETE_BATCH).map((Key) => ({ Key })), Quiet: true },
        }),
      );
      const [first] = result.Errors ?? [];
      if (first) throw new ObjectDeletionError(first.Code ?? 'UnknownError');
    }
    return keys.length;
  }

  private async *list(prefix: string): AsyncGenerator<string[]> {
    let ContinuationToken: string | undefined;
    do {
      const page = await this.s3.send(new ListObjectsV2Command({ Bucket: this.connector.bucket, Prefix: prefix, ContinuationToken }));
      yield (page.Contents ?? []).flatMap((object) => (object.Key === undefined ? [] : [object.Key]));
      ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (ContinuationToken);
  }
}
