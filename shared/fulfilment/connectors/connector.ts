// The built-in connectors: what fulfilment does itself in a system held in DynamoDB or S3.
import type { S3Client } from '@aws-sdk/client-s3';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { logger } from '../../logger.js';
import type { DeletionLedger, ErasureMethod } from '../deletion-ledger.js';
import type { DataSystem, SubjectIdentifiers, SubjectKey, SystemOutcome, TaskAction } from '../model.js';
import { permanentFailure, UnsupportedConnectorError } from './connector-errors.js';
import { DynamoRecords } from './dynamodb-records.js';
import { exportPartKey, writeJsonLinesPart } from './export-part.js';
import type { RecordStore } from './record-store.js';
import { S3Records } from './s3-records.js';

export interface ConnectorContext {
  documents: DynamoDBDocumentClient;
  s3: S3Client;
  /** The bucket export parts are written to. */
  dataBucket: string;
  ledger: DeletionLedger;
  now: () => Date;
}

export interface ConnectorRun {
  requestId: string;
  system: DataSystem;
  action: TaskAction;
  subject: SubjectIdentifiers;
}

/** Whether fulfilment runs the system's connector itself rather than waiting for the system's report. */
export function hasBuiltInConnector(system: Pick<DataSystem, 'connector'>): boolean {
  return system.connector.kind === 'dynamodb' || system.connector.kind === 's3';
}

/**
 * Carries out one action for one subject in one system with a DynamoDB or S3 connector.
 * Permanent AWS failures (missing table or bucket, access denied, a misconfigured system) come back
 * as outcome `failed` with a text free of personal data; transient ones (throttling, 5xx) are thrown
 * for the workflow's Retry. Throws UnsupportedConnectorError for webhook and manual systems.
 */
export async function runBuiltInConnector(run: ConnectorRun, ctx: ConnectorContext): Promise<SystemOutcome> {
  const { system, action } = run;
  const connector = system.connector;
  if (connector.kind !== 'dynamodb' && connector.kind !== 's3') throw new UnsupportedConnectorError(system.systemId, connector.kind);
  const identifier = run.subject[connector.subjectKey];
  if (identifier === undefined || identifier.trim() === '') {
    return { systemId: system.systemId, action, outcome: 'not-found', records: 0 };
  }
  try {
    const work = { ...run, identifier, keyKind: connector.subjectKey };
    return connector.kind === 'dynamodb'
      ? await perform(work, new DynamoRecords(connector, ctx.documents), ctx)
      : await perform(work, new S3Records(connector, ctx.s3), ctx);
  } catch (error) {
    const failure = permanentFailure(error);
    if (failure === undefined) throw error;
    logger.warn('A built-in connector failed permanently', { systemId: system.systemId, action, failure });
    return { systemId: system.systemId, action, outcome: 'failed', records: 0, error: failure };
  }
}

interface Work extends ConnectorRun {
  identifier: string;
  keyKind: SubjectKey;
}

async function perform<R>(work: Work, store: RecordStore<R>, ctx: ConnectorContext): Promise<SystemOutcome> {
  const { system, action } = work;
  // Work that found no record to act on is reported as not-found, never as done.
  const result = (outcome: SystemOutcome['outcome'], records: number, extra: Partial<SystemOutcome> = {}): SystemOutcome => ({
    systemId: system.systemId,
    action,
    outcome: outcome === 'done' && records === 0 ? 'not-found' : outcome,
    records,
    ...extra,
  });

  switch (action) {
    case 'export': {
      const partKey = exportPartKey(work.requestId, system.systemId);
      const records = await writeJsonLinesPart({ s3: ctx.s3, bucket: ctx.dataBucket, key: partKey, records: exported(store, work.identifier) });
      return records > 0 ? result('done', records, { partKey }) : result('not-found', 0);
    }
    case 'delete': {
      if (system.retention.length > 0) return retained(work, store, result);
      if (system.actions.includes('delete')) return result('done', await erase(work, store, 'delete', ctx));
      if (system.actions.includes('anonymise')) return result('done', await erase(work, store, 'anonymise', ctx));
      return result('failed', 0, { error: 'system supports neither delete nor anonymise' });
    }
    case 'anonymise':
      return result('done', await erase(work, store, 'anonymise', ctx));
    case 'stop-processing': {
      // Records the law makes the system keep are kept whatever the reason for the erasure.
      if (system.retention.length > 0) return retained(work, store, result);
      return result('done', await erase(work, store, 'delete', ctx));
    }
    case 'opt-out-of-sale': {
      if (!store.optOut) return result('failed', 0, { error: `the ${system.connector.kind} connector cannot record an opt-out` });
      let marked = 0;
      for await (const page of store.pagesFor(work.identifier)) marked += await store.optOut(page);
      return result('done', marked);
    }
    case 'opt-in-to-sale': {
      if (!store.optIn) return result('failed', 0, { error: `the ${system.connector.kind} connector cannot lift an opt-out` });
      let found = 0;
      let lifted = 0;
      for await (const page of store.pagesFor(work.identifier)) {
        found += page.length;
        lifted += await store.optIn(page);
      }
      return found > 0 ? result('done', lifted) : result('not-found', 0);
    }
  }
}

async function* exported<R>(store: RecordStore<R>, identifier: string): AsyncGenerator<unknown> {
  for await (const page of store.pagesFor(identifier)) {
    for (const record of page) {
      const form = await store.exportForm(record);
      if (form !== undefined) yield form;
    }
  }
}

/** `retained` with the rules and how many records they keep; `not-found` when there are none to keep. */
async function retained<R>(
  work: Work,
  store: RecordStore<R>,
  result: (outcome: SystemOutcome['outcome'], records: number, extra?: Partial<SystemOutcome>) => SystemOutcome,
): Promise<SystemOutcome> {
  let records = 0;
  for await (const page of store.pagesFor(work.identifier)) records += page.length;
  return records > 0 ? result('retained', records, { retained: work.system.retention }) : result('not-found', 0);
}

/**
 * Erases the subject's records page by page. The ledger entry is written before the first record
 * goes: written after, a crash between the two would leave a retry finding nothing to erase and so
 * never writing it, and a backup restore would bring the records back for good.
 */
async function erase<R>(work: Work, store: RecordStore<R>, method: ErasureMethod, ctx: ConnectorContext): Promise<number> {
  let erased = 0;
  let recorded = false;
  for await (const page of store.pagesFor(work.identifier)) {
    if (page.length === 0) continue;
    if (!recorded) {
      await ctx.ledger.record({
        systemId: work.system.systemId,
        requestId: work.requestId,
        erasedAt: ctx.now().toISOString(),
        keyKind: work.keyKind,
        identifier: work.identifier,
        erasure: method,
      });
      recorded = true;
    }
    erased += await store.erase(
      page.map((record) => ({ identifier: work.identifier, record })),
      method,
    );
  }
  return erased;
}
