// Wiring: the audit key, the audit log, the anchors, and what anchoring and verifying need.
import { bucketName, tableName } from '../../shared/config.js';
import { S3AnchorStore } from '../../shared/audit/anchor-store.js';
import type { AnchorDeps } from '../../shared/audit/anchor-chains.js';
import { DynamoAuditLog } from '../../shared/audit/audit-log.js';
import type { VerifyAuditDeps } from '../../shared/audit/verify-audit.js';
import { once } from '../../shared/once.js';
import { chainKey } from './audit-key.js';
import { s3 } from './aws.js';
import { requestStore } from './requests.js';

/** The audit table, read as a log. */
export const auditLog = /* @__PURE__ */ once(() => new DynamoAuditLog(tableName('audit')));

/** The daily anchors in the write-once anchor bucket. */
export const anchorStore = /* @__PURE__ */ once(() => new S3AnchorStore(bucketName('anchors'), s3()));

/** What the daily anchoring run needs, at `now`. */
export const anchorDeps = (now: Date): AnchorDeps => ({ log: auditLog(), anchors: anchorStore(), key: chainKey, now });

/** What verifying chains against their anchors needs, at `now`. */
export const verifyAuditDeps = (now: Date): VerifyAuditDeps => ({
  log: auditLog(),
  anchors: anchorStore(),
  key: chainKey,
  request: (requestId) => requestStore().get(requestId, now),
  now,
});
