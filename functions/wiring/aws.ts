// Wiring: the AWS SDK clients the adapters share, one of each per cold start.
import { createS3Client } from '../../shared/aws/s3.js';
import { once } from '../../shared/once.js';

export { sharedDocumentClient as documents } from '../../shared/aws/dynamodb.js';

/** The S3 client of this function. */
export const s3 = /* @__PURE__ */ once(() => createS3Client());

/** The clock every use case reads. */
export const now = (): Date => new Date();
