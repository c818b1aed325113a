// The anchors in S3: one write-once object per day, anchors/<YYYY-MM-DD>.json.
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { createS3Client } from '../aws/s3.js';
import { addDays, type Anchor } from './anchors.js';

export interface AnchorStore {
  /** The anchor of `day`, or undefined when none was written. */
  get(day: string): Promise<Anchor | undefined>;
  /** Writes an anchor once: `exists` when that day has one already (it is never replaced). */
  put(anchor: Anchor): Promise<'written' | 'exists'>;
  /** The latest anchor before `day`, looking back at most `lookbackDays` days. */
  latestBefore(day: string, lookbackDays: number): Promise<Anchor | undefined>;
}

const PREFIX = 'anchors/';
const keyOf = (day: string) => `${PREFIX}${day}.json`;

const statusOf = (error: unknown) => (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;

/** Anchors in the anchor bucket, whose Object Lock keeps each one unchanged for as long as the chains it pins. */
export class S3AnchorStore implements AnchorStore {
  constructor(
    private readonly bucket: string,
    private readonly client: S3Client = createS3Client(),
  ) {}

  async get(day: string): Promise<Anchor | undefined> {
    try {
      const object = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: keyOf(day) }));
      return JSON.parse(await object.Body!.transformToString('utf8')) as Anchor;
    } catch (error) {
      if ((error as Error).name === 'NoSuchKey' || statusOf(error) === 404) return undefined;
      throw error;
    }
  }

  async put(anchor: Anchor): Promise<'written' | 'exists'> {
    if (await this.get(anchor.day)) return 'exists';
    try {
      // The bucket policy refuses any put without If-None-Match: an anchor is written once, never replaced.
      await this.client.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: keyOf(anchor.day),
          Body: JSON.stringify(anchor),
          ContentType: 'application/json',
          IfNoneMatch: '*',
        }),
      );
      return 'written';
    } catch (error) {
      if (statusOf(error) === 412 || (error as Error).name === 'PreconditionFailed') return 'exists';
      throw error;
    }
  }

  async latestBefore(day: string, lookbackDays: number): Promise<Anchor | undefined> {
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({ Bucket: this.bucket, Prefix: PREFIX, StartAfter: keyOf(addDays(day, -lookbackDays - 1)), ContinuationToken: token }),
      );
      keys.push(...(page.Contents ?? []).map((object) => object.Key!).filter((key) => key < keyOf(day)));
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    const latest = keys.sort().at(-1);
    return latest ? this.get(latest.slice(PREFIX.length, -'.json'.length)) : undefined;
  }
}
