// The S3 client every adapter shares. Emulators need path-style addressing; AWS does not.
import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { config } from '../config.js';
import { traced } from '../tracer.js';

/** S3 client settings from the environment: `S3_FORCE_PATH_STYLE=true` for emulators. */
export function s3ClientConfig(): S3ClientConfig {
  return { forcePathStyle: config('s3ForcePathStyle') };
}

/** A new S3 client; adapters create one per module and reuse it. */
export function createS3Client(): S3Client {
  return traced(new S3Client(s3ClientConfig()));
}
