// A resolved support case: its records are deleted from every system that holds support data,
// through the built-in connectors fulfilment uses, and what was deleted is logged without personal data.
import type { S3Client } from '@aws-sdk/client-s3';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ConflictError, InvalidInputError, NotFoundError } from '../errors.js';
import { logger } from '../logger.js';
import { subjectHash } from '../subject.js';
import { permanentFailure } from '../fulfilment/connectors/connector-errors.js';
import { DynamoRecords, type Item } from '../fulfilment/connectors/dynamodb-records.js';
import type { FiledRecord, RecordStore } from '../fulfilment/connectors/record-store.js';
import { S3Records } from '../fulfilment/connectors/s3-records.js';
import type { DataSystem } from '../fulfilment/model.js';
import { caseEntryId, type RetentionEntry, type RetentionLog, type RetentionSystemOutcome } from './retention-log.js';

/** Support case ids as the support desk issues them: letters, digits, ".", "_", ":" or "-". */
export const CASE_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

export interface ResolveCaseDeps {
  systems: { list(): Promise<DataSystem[]> };
  documents: DynamoDBDocumentClient;
  s3: S3Client;
  log: RetentionLog;
  hashKey: () => Promise<Buffer>;
  now: () => Date;
  newRunId: () => string;
}

export interface CaseResolution {
  entry: RetentionEntry;
  /** Whether the case was resolved before: nothing was deleted this time. */
  repeated: boolean;
  /** False when a system failed: nothing is logged, and a retry deletes what is left. */
  complete: boolean;
}

/** Systems that hold support data: those registered with how they mark a record's support case. */
export function supportSystems(systems: readonly DataSystem[]): DataSystem[] {
  return systems.filter((system) => system.supportCases !== undefined);
}

/** The account's records in one system that belong to the case. */
async function caseRecords<R>(store: RecordStore<R>, accountId: string, belongs: (record: R) => Promise<boolean>): Promise<FiledRecord<R>[]> {
  const found: FiledRecord<R>[] = [];
  for await (const page of store.pagesFor(accountId)) {
    for (const record of page) if (await belongs(record)) found.push({ identifier: accountId, record });
  }
  return found;
}

async function eraseCase<R>(
  system: DataSystem,
  store: RecordStore<R>,
  accountId: string,
  belongs: (record: R) => Promise<boolean>,
): Promise<RetentionSystemOutcome> {
  const records = await caseRecords(store, accountId, belongs);
  if (records.length === 0) return { systemId: system.systemId, outcome: 'not-found', records: 0 };
  if (system.retention.length > 0) return { systemId: system.systemId, outcome: 'retained', records: records.length };
  const method = system.actions.includes('delete') ? 'delete' : system.actions.includes('anonymise') ? 'anonymise' : undefined;
  if (!method) return { systemId: system.systemId, outcome: 'failed', records: 0, error: 'system supports neither delete nor anonymise' };
  return { systemId: system.systemId, outcome: 'done', records: await store.erase(records, method) };
}

/** Deletes one system's records of the case; permanent AWS failures come back as `failed`, transient ones are thrown. */
async function resolveIn(system: DataSystem, caseId: string, accountId: string, deps: ResolveCaseDeps): Promise<RetentionSystemOutcome> {
  const { connector } = system;
  const attribute = system.supportCases!.caseAttribute;
  if ((connector.kind !== 'dynamodb' && connector.kind !== 's3') || connector.subjectKey !== 'accountId') {
    return { systemId: system.systemId, outcome: 'failed', records: 0, error: 'support cases need a dynamodb or s3 connector filing records by accountId' };
  }
  try {
    if (connector.kind === 'dynamodb') {
      return await eraseCase<Item>(system, new DynamoRecords(connector, deps.documents), accountId, async (item) => item[attribute] === caseId);
    }
    const objects = new S3Records(connector, deps.s3);
    return await eraseCase<string>(system, objects, accountId, async (key) => {
      const form = (await objects.exportForm(key)) as { content?: unknown } | undefined;
      const content = form?.content;
      return typeof content === 'object' && content !== null && (content as Record<string, unknown>)[attribute] === caseId;
    });
  } catch (error) {
    const failure = permanentFailure(error);
    if (failure === undefined) throw error;
    logger.warn('Deleting a support case failed permanently in a system', { systemId: system.systemId, failure });
    return { systemId: system.systemId, outcome: 'failed', records: 0, error: failure };
  }
}

/**
 * Deletes the records of support case `caseId` (of account `accountId`) from every system holding
 * support data. A case resolved before answers with what was deleted then, and deletes nothing;
 * a case none of the systems knows is a NotFoundError; the same case under another account a ConflictError.
 */
export async function resolveSupportCase(caseId: string, accountId: string, deps: ResolveCaseDeps): Promise<CaseResolution> {
  if (!CASE_ID.test(caseId)) {
    throw new InvalidInputError('The case id must be 1 to 128 letters, digits, ".", "_", ":" or "-", starting with a letter or digit.', 'caseId');
  }
  const accountHash = subjectHash(await deps.hashKey(), accountId);
  const earlier = await deps.log.get(caseEntryId(caseId));
  if (earlier) {
    if (earlier.accountHash !== accountHash) throw new ConflictError(`Support case ${caseId} was resolved for another account.`);
    return { entry: earlier, repeated: true, complete: true };
  }

  const runId = deps.newRunId();
  const systems = supportSystems(await deps.systems.list()).sort((a, b) => a.systemId.localeCompare(b.systemId));
  const outcomes: RetentionSystemOutcome[] = [];
  for (const system of systems) outcomes.push(await resolveIn(system, caseId, accountId, deps));
  const complete = outcomes.every((o) => o.outcome !== 'failed');
  if (complete && outcomes.every((o) => o.outcome === 'not-found')) {
    // A report running at the same time may have deleted the records and be logging them now.
    const concurrent = await deps.log.get(caseEntryId(caseId));
    if (concurrent?.accountHash === accountHash) return { entry: concurrent, repeated: true, complete: true };
    throw new NotFoundError(`No support system holds records of case ${caseId} for this account.`);
  }
  const entry: RetentionEntry = {
    entryId: caseEntryId(caseId),
    kind: 'support-case',
    runId,
    erasedAt: deps.now().toISOString(),
    accountHash,
    caseId,
    systems: outcomes,
    erased: outcomes.reduce((sum, o) => sum + (o.outcome === 'done' ? o.records : 0), 0),
  };
  logger.info('Support case resolved', {
    runId,
    erased: entry.erased,
    systems: outcomes.map(({ systemId, outcome, records }) => ({ systemId, outcome, records })),
  });
  if (!complete) return { entry, repeated: false, complete };
  const stored = await deps.log.putOnce(entry);
  if (stored.accountHash !== accountHash) throw new ConflictError(`Support case ${caseId} was resolved for another account.`);
  return { entry: stored, repeated: stored.runId !== runId, complete };
}
