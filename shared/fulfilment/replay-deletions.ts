// After a backup restore: erases again whatever the deletion ledger says was erased since a date.
import type { S3Client } from '@aws-sdk/client-s3';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { subjectHash } from '../subject.js';
import { permanentFailure } from './connectors/connector-errors.js';
import { DynamoRecords } from './connectors/dynamodb-records.js';
import type { FiledRecord, RecordStore } from './connectors/record-store.js';
import { S3Records } from './connectors/s3-records.js';
import type { DeletionLedger, ErasureMethod, LedgerEntry } from './deletion-ledger.js';
import type { DataSystem } from './model.js';

export interface ReplayOptions {
  /** Entries erased at or after this date (ISO 8601) are replayed. */
  since: string;
  systems: readonly DataSystem[];
  ledger: DeletionLedger;
  documents: DynamoDBDocumentClient;
  s3: S3Client;
  /** The key the ledger's hashes were made with. */
  hashKey: Buffer;
}

/** What a replay did in one system. Counts only: nothing here names a person. */
export interface ReplayCount {
  systemId: string;
  /** Ledger entries since the date. */
  entries: number;
  /** Records looked at (none when there were no entries). */
  checked: number;
  erased: number;
  /** Why the system could not be replayed, for a failure no retry cures. */
  error?: string;
}

/** For each subject hash, how its records were erased; a deletion wins over an anonymisation. */
function erasuresByHash(entries: readonly LedgerEntry[], system: DataSystem): Map<string, ErasureMethod> {
  const fallback: ErasureMethod = system.actions.includes('delete') ? 'delete' : 'anonymise';
  const methods = new Map<string, ErasureMethod>();
  for (const entry of entries) {
    const method = entry.erasure ?? fallback;
    if (methods.get(entry.subjectKeyHash) !== 'delete') methods.set(entry.subjectKeyHash, method);
  }
  return methods;
}

async function replayStore<R>(store: RecordStore<R>, methods: Map<string, ErasureMethod>, hashKey: Buffer) {
  let checked = 0;
  let erased = 0;
  for await (const page of store.allPages()) {
    checked += page.length;
    const due: Record<ErasureMethod, FiledRecord<R>[]> = { delete: [], anonymise: [] };
    for (const filed of page) {
      const method = methods.get(subjectHash(hashKey, filed.identifier));
      if (method) due[method].push(filed);
    }
    if (due.delete.length > 0) erased += await store.erase(due.delete, 'delete');
    if (due.anonymise.length > 0) erased += await store.erase(due.anonymise, 'anonymise');
  }
  return { checked, erased };
}

/**
 * Re-applies the ledger to every system with a built-in connector: each record filed under an
 * identifier whose keyed hash the ledger holds is erased again, the way it was erased first.
 * Webhook and manual systems are left out. A permanent failure in one system is reported in its
 * count and the others still run; transient failures are thrown.
 */
export async function replayDeletions(options: ReplayOptions): Promise<ReplayCount[]> {
  const counts: ReplayCount[] = [];
  for (const system of options.systems) {
    const connector = system.connector;
    if (connector.kind !== 'dynamodb' && connector.kind !== 's3') continue;
    const entries = await options.ledger.since(system.systemId, options.since);
    if (entries.length === 0) {
      counts.push({ systemId: system.systemId, entries: 0, checked: 0, erased: 0 });
      continue;
    }
    const methods = erasuresByHash(entries, system);
    try {
      const done =
        connector.kind === 'dynamodb'
          ? await replayStore(new DynamoRecords(connector, options.documents), methods, options.hashKey)
          : await replayStore(new S3Records(connector, options.s3), methods, options.hashKey);
      counts.push({ systemId: system.systemId, entries: entries.length, ...done });
    } catch (error) {
      const failure = permanentFailure(error);
      if (failure === undefined) throw error;
      counts.push({ systemId: system.systemId, entries: entries.length, checked: 0, erased: 0, error: failure });
    }
  }
  return counts;
}
