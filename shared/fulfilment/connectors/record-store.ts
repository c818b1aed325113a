// The port each built-in connector kind implements: find, read and erase a subject's records.
import type { ErasureMethod } from '../deletion-ledger.js';

/** A record together with the identifier it is filed under, as a replay finds it. */
export interface FiledRecord<R> {
  identifier: string;
  record: R;
}

/** A system's records, addressed by the identifier they are filed under. */
export interface RecordStore<R> {
  /** The subject's records, page by page. */
  pagesFor(identifier: string): AsyncIterable<R[]>;
  /** Every record in the system with the identifier it is filed under, page by page. */
  allPages(): AsyncIterable<FiledRecord<R>[]>;
  /** A record as the subject receives it in an export; undefined when it vanished meanwhile. */
  exportForm(record: R): Promise<unknown>;
  /** Erases the records; returns how many were erased. */
  erase(records: readonly FiledRecord<R>[], method: ErasureMethod): Promise<number>;
  /** Marks each record as opted out of sale and sharing; absent when the store cannot hold such a mark. */
  optOut?(records: R[]): Promise<number>;
  /** Lifts the opt-out mark from each record that carries one (the person opted in again); returns how many it lifted. */
  optIn?(records: R[]): Promise<number>;
}
