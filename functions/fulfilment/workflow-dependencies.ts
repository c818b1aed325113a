// Wiring for the workflow's steps and the task report endpoint: adapters created once per cold start.
import { sharedDocumentClient } from '../../shared/aws/dynamodb.js';
import { once } from '../../shared/once.js';
import { ulid } from 'ulid';
import { createS3Client } from '../../shared/aws/s3.js';
import { requireEnv } from '../../shared/config.js';
import type { ConnectorContext } from '../../shared/fulfilment/connectors/connector.js';
import { DeletionLedger } from '../../shared/fulfilment/deletion-ledger.js';
import type { BundleRequestDeps } from '../../shared/fulfilment/bundle-request-export.js';
import { EXPORT_LINKS, exportLinkUrl, issueExportLink } from '../../shared/fulfilment/export-links.js';
import { DynamoLinkStore } from '../../shared/links/link-store.js';
import type { BeginDeps, FinishDeps } from '../../shared/fulfilment/fulfil-request.js';
import type { RunTaskDeps } from '../../shared/fulfilment/run-system-task.js';
import { SfnTaskReporter } from '../../shared/fulfilment/step-functions.js';
import type { CallDeps, ReportDeps } from '../../shared/fulfilment/system-tasks.js';
import { TaskStore } from '../../shared/fulfilment/task-store.js';
import { DEMO_CONTROLLER } from '../../shared/notices/catalogue.js';
import { buckets, tables } from '../../shared/resources.js';
import { ACCOUNT_DIRECTORY_ENV, DynamoAccountDirectory } from '../../shared/verification/account-directory.js';
import { requestStore } from '../requests/dependencies.js';
import { SuppressionList } from '../../shared/preferences/suppression-list.js';
import { DisclosureRegister } from '../../shared/notifications/disclosure-register.js';
import { subjectHashKey } from '../../shared/secrets.js';
import { notify } from '../verification/dependencies.js';
import { systemStore } from './dependencies.js';

const now = () => new Date();

const documents = sharedDocumentClient;
const s3 = once(() => createS3Client());
const tasks = once(() => new TaskStore(requireEnv(tables.tasks.envVar)));

export const beginDeps = once((): BeginDeps => ({
  store: requestStore(),
  systems: systemStore(),
  accounts: new DynamoAccountDirectory(requireEnv(ACCOUNT_DIRECTORY_ENV)),
  newTaskId: () => ulid(),
  now,
}));

export const connectorDeps = once((): RunTaskDeps => {
  const connectors: ConnectorContext = {
    documents: documents(),
    s3: s3(),
    dataBucket: requireEnv(buckets.data.envVar),
    ledger: new DeletionLedger({ tableName: requireEnv(tables.ledger.envVar), client: documents() }),
    now,
  };
  return { store: requestStore(), systems: systemStore(), connectors };
});

export const callDeps = once((): CallDeps => ({
  store: requestStore(),
  systems: systemStore(),
  tasks: tasks(),
  publicBaseUrl: requireEnv('PUBLIC_BASE_URL'),
  fetch: (input, init) => fetch(input, init),
  now,
}));

export const reportDeps = once((): ReportDeps => ({
  systems: systemStore(),
  tasks: tasks(),
  reporter: new SfnTaskReporter(),
  s3: s3(),
  dataBucket: requireEnv(buckets.data.envVar),
  now,
}));

export const bundleDeps = once((): BundleRequestDeps => ({
  store: requestStore(),
  systems: systemStore(),
  controller: DEMO_CONTROLLER,
  s3: s3(),
  dataBucket: requireEnv(buckets.data.envVar),
  now,
}));

export const finishDeps = once((): FinishDeps => {
  const links = new DynamoLinkStore({ tableName: requireEnv(tables.tokens.envVar), ...EXPORT_LINKS });
  const publicBaseUrl = requireEnv('PUBLIC_BASE_URL');
  return {
    store: requestStore(),
    systems: systemStore(),
    notify: notify(),
    disclosures: new DisclosureRegister(requireEnv(tables.disclosures.envVar)),
    suppressions: new SuppressionList(requireEnv(tables.suppressions.envVar), subjectHashKey),
    exportLink: async (requestId, key) => {
      const link = await issueExportLink(requestId, key, { links, now });
      return { url: exportLinkUrl(publicBaseUrl, link.token), validUntil: link.validUntil };
    },
    now,
  };
});

export const failDeps = once(() => ({ store: requestStore(), now }));
