// Wiring: the deletion ledger, which fulfilment and retention both write.
import { tableName } from '../../shared/config.js';
import { DeletionLedger } from '../../shared/fulfilment/deletion-ledger.js';
import { once } from '../../shared/once.js';
import { documents } from './aws.js';

/** What was erased where, to re-apply after a backup restore. */
export const deletionLedger = /* @__PURE__ */ once(() => new DeletionLedger({ tableName: tableName('ledger'), client: documents() }));
