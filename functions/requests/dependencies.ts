// Wiring for the request handlers: adapters created once per cold start, from configuration.
import { ulid } from 'ulid';
import { optionalEnv, requireEnv } from '../../shared/config.js';
import type { Jurisdiction } from '../../shared/domain/request-model.js';
import { metricsRecorder, requestMetricsObserver } from '../../shared/metrics.js';
import { S3PermissionDocuments } from '../../shared/requests/permission-documents.js';
import { RequestStore } from '../../shared/requests/request-store.js';
import { buckets, tables } from '../../shared/resources.js';

let store: RequestStore | undefined;

/** The request store on the configured tables; its writes feed the request metrics. */
export function requestStore(): RequestStore {
  store ??= new RequestStore({
    requestsTable: requireEnv(tables.requests.envVar),
    auditTable: requireEnv(tables.audit.envVar),
    onWritten: requestMetricsObserver(metricsRecorder()),
  });
  return store;
}

let reader: RequestStore | undefined;

/** The request store for functions that only read requests: they are granted the requests table alone. */
export function requestReader(): RequestStore {
  reader ??= new RequestStore({ requestsTable: requireEnv(tables.requests.envVar) });
  return reader;
}

let documents: S3PermissionDocuments | undefined;

export function permissionDocuments(): S3PermissionDocuments {
  documents ??= new S3PermissionDocuments(requireEnv(buckets.data.envVar));
  return documents;
}

/**
 * The controller's time zone per jurisdiction (configurable per deployment). The holiday calendars
 * that go with them are in calendar-dependencies.ts, so only the functions that count deadlines
 * load the holiday data.
 */
export function jurisdictionTimeZones(): Record<Jurisdiction, string> {
  return {
    gdpr: optionalEnv('GDPR_TIME_ZONE', 'Europe/Berlin'),
    ccpa: optionalEnv('CCPA_TIME_ZONE', 'America/Los_Angeles'),
  };
}

/** Request ids: ULIDs, sortable by creation time. */
export const newRequestId = (): string => ulid();
