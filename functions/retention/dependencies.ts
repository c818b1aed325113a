// Wiring for the retention functions: adapters created once per cold start, from configuration.
import { sharedDocumentClient } from '../../shared/aws/dynamodb.js';
import { once } from '../../shared/once.js';
import { ulid } from 'ulid';
import { createS3Client } from '../../shared/aws/s3.js';
import { requireEnv } from '../../shared/config.js';
import { DeletionLedger } from '../../shared/fulfilment/deletion-ledger.js';
import { tables } from '../../shared/resources.js';
import { accountGraceDays, DynamoDeactivatedAccounts, type AccountRetentionDeps } from '../../shared/retention/deactivated-accounts.js';
import { RetentionLog } from '../../shared/retention/retention-log.js';
import type { ResolveCaseDeps } from '../../shared/retention/support-cases.js';
import { subjectHashKey } from '../../shared/secrets.js';
import { ACCOUNT_DIRECTORY_ENV } from '../../shared/verification/account-directory.js';
import { systemStore } from '../fulfilment/dependencies.js';

const now = () => new Date();

const documents = sharedDocumentClient;
const s3 = once(() => createS3Client());
const log = once(() => new RetentionLog({ tableName: requireEnv(tables.retentionLog.envVar), client: documents() }));

export const resolveCaseDeps = once((): ResolveCaseDeps => ({
  systems: systemStore(),
  documents: documents(),
  s3: s3(),
  log: log(),
  hashKey: subjectHashKey,
  now,
  newRunId: () => ulid(),
}));

export const accountRetentionDeps = once((): AccountRetentionDeps => ({
  accounts: new DynamoDeactivatedAccounts(requireEnv(ACCOUNT_DIRECTORY_ENV), documents()),
  systems: systemStore(),
  connectors: {
    documents: documents(),
    s3: s3(),
    // Deletions write no export parts; the connector context names the bucket all the same.
    dataBucket: '',
    ledger: new DeletionLedger({ tableName: requireEnv(tables.ledger.envVar), client: documents() }),
    now,
  },
  log: log(),
  hashKey: subjectHashKey,
  graceDays: accountGraceDays(),
  now,
  newRunId: () => ulid(),
}));
