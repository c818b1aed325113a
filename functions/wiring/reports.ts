// Wiring: the reader of the report aggregates, built once per cold start.
import { tableName } from '../../shared/config.js';
import { once } from '../../shared/once.js';
import { AggregateReader } from '../../shared/reports/aggregate-store.js';

/** The report aggregates in the requests table, read by key. */
export const aggregateReader = /* @__PURE__ */ once(() => new AggregateReader({ requestsTable: tableName('requests') }));
