// Wiring: the request store and what filing and reading requests need, built once per cold start.
import { ulid } from 'ulid';
import { bucketName, config, tableName } from '../../shared/config.js';
import type { Jurisdiction } from '../../shared/domain/request-model.js';
import { metricsRecorder, requestMetricsObserver } from '../../shared/metrics.js';
import { once } from '../../shared/once.js';
import { S3PermissionDocuments } from '../../shared/requests/permission-documents.js';
import { RequestStore } from '../../shared/requests/request-store.js';
import { chainKey } from './audit-key.js';

/** The request store on the requests and audit tables; its writes feed the request metrics. */
export const requestStore = /* @__PURE__ */ once(
  () =>
    new RequestStore({
      requestsTable: tableName('requests'),
      auditTable: tableName('audit'),
      chainKey,
      onWritten: requestMetricsObserver(metricsRecorder()),
    }),
);

/** The request store for functions that only read requests: they are granted the requests table alone. */
export const requestReader = /* @__PURE__ */ once(() => new RequestStore({ requestsTable: tableName('requests') }));

/** Authorized agents' permission documents in the data bucket. */
export const permissionDocuments = /* @__PURE__ */ once(() => new S3PermissionDocuments(bucketName('data')));

/**
 * The controller's time zone per jurisdiction. The holiday calendars that go with them are in
 * calendars.ts, so only the functions that count deadlines load the holiday data.
 */
export const jurisdictionTimeZones = /* @__PURE__ */ once(
  (): Record<Jurisdiction, string> => ({
    gdpr: config('gdprTimeZone'),
    ccpa: config('ccpaTimeZone'),
  }),
);

/** Request ids: ULIDs, sortable by creation time. */
export const newRequestId = (): string => ulid();
