// Wiring: the retention functions (resolved support cases, deactivated accounts).
import { ulid } from 'ulid';
import { config, tableName } from '../../shared/config.js';
import { once } from '../../shared/once.js';
import { DynamoDeactivatedAccounts, type AccountRetentionDeps } from '../../shared/retention/deactivated-accounts.js';
import { RetentionLog } from '../../shared/retention/retention-log.js';
import type { ResolveCaseDeps } from '../../shared/retention/support-cases.js';
import { subjectHashKey } from '../../shared/secrets.js';
import { documents, now, s3 } from './aws.js';
import { systemStore } from './systems.js';
import { deletionLedger } from './ledger.js';

const log = /* @__PURE__ */ once(() => new RetentionLog({ tableName: tableName('retentionLog'), client: documents() }));

export const resolveCaseDeps = /* @__PURE__ */ once(
  (): ResolveCaseDeps => ({
    systems: systemStore(),
    documents: documents(),
    s3: s3(),
    log: log(),
    hashKey: subjectHashKey,
    now,
    newRunId: () => ulid(),
  }),
);

export const accountRetentionDeps = /* @__PURE__ */ once(
  (): AccountRetentionDeps => ({
    accounts: new DynamoDeactivatedAccounts(config('accountDirectoryTable'), documents()),
    systems: systemStore(),
    connectors: {
      documents: documents(),
      s3: s3(),
      // Deletions write no export parts; the connector context names the bucket all the same.
      dataBucket: '',
      ledger: deletionLedger(),
      now,
    },
    log: log(),
    hashKey: subjectHashKey,
    graceDays: config('accountGraceDays'),
    now,
    newRunId: () => ulid(),
  }),
);
