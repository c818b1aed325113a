// Wiring: the fulfilment workflow's steps and the task report endpoint.
import { bucketName, config } from '../../shared/config.js';
import type { BundleRequestDeps } from '../../shared/fulfilment/bundle-request-export.js';
import type { ConnectorContext } from '../../shared/fulfilment/connectors/connector.js';
import type { BeginDeps, FinishDeps } from '../../shared/fulfilment/fulfil-request.js';
import { eraseOwnCopies, S3OwnFiles } from '../../shared/fulfilment/own-copies.js';
import type { RunTaskDeps } from '../../shared/fulfilment/run-system-task.js';
import { SfnTaskReporter } from '../../shared/fulfilment/step-functions.js';
import type { CallDeps, ReportDeps } from '../../shared/fulfilment/system-tasks.js';
import { once } from '../../shared/once.js';
import { documents, now, s3 } from './aws.js';
import { disclosureRegister } from './disclosures.js';
import { exportLink } from './exports.js';
import { deletionLedger } from './ledger.js';
import { consentStore } from './consent-register.js';
import { controller, mailContact, notify } from './mail.js';
import { requestStore } from './requests.js';
import { suppressionList } from './suppressions.js';
import { systemStore } from './systems.js';
import { taskStore } from './tasks.js';
import { accountDirectory, workflowStarter } from './confirmation.js';

const tasks = taskStore;

/** What the built-in connectors reach: the company's tables and buckets, the ledger. */
export const connectorContext = /* @__PURE__ */ once(
  (): ConnectorContext => ({
    documents: documents(),
    s3: s3(),
    dataBucket: bucketName('data'),
    ledger: deletionLedger(),
    now,
  }),
);

export const beginDeps = /* @__PURE__ */ once(
  (): BeginDeps => ({
    store: requestStore(),
    systems: systemStore(),
    accounts: accountDirectory(),
    tasks: tasks(),
    now,
  }),
);

export const connectorDeps = /* @__PURE__ */ once(
  (): RunTaskDeps => ({ store: requestStore(), systems: systemStore(), connectors: connectorContext(), tasks: tasks(), now }),
);

export const callDeps = /* @__PURE__ */ once(
  (): CallDeps => ({
    store: requestStore(),
    systems: systemStore(),
    tasks: tasks(),
    mailContact: mailContact(),
    publicBaseUrl: config('publicBaseUrl'),
    fetch: (input, init) => fetch(input, init),
    now,
  }),
);

export const reportDeps = /* @__PURE__ */ once(
  (): ReportDeps => ({
    systems: systemStore(),
    tasks: tasks(),
    reporter: new SfnTaskReporter(),
    s3: s3(),
    dataBucket: bucketName('data'),
    now,
  }),
);

export const bundleDeps = /* @__PURE__ */ once(
  (): BundleRequestDeps => ({
    store: requestStore(),
    systems: systemStore(),
    controller: controller(),
    s3: s3(),
    dataBucket: bucketName('data'),
    now,
  }),
);

/** The data bucket's objects, for erasing a subject's own copies. */
const ownFiles = /* @__PURE__ */ once(() => new S3OwnFiles(bucketName('data'), s3()));

export const finishDeps = /* @__PURE__ */ once(
  (): FinishDeps => ({
    store: requestStore(),
    systems: systemStore(),
    notify: notify(),
    disclosures: disclosureRegister(),
    suppressions: suppressionList(),
    consents: consentStore(),
    exportLink: exportLink(),
    tasks: tasks(),
    workflows: workflowStarter(),
    eraseOwnCopies: (erasure) =>
      eraseOwnCopies(erasure, { requests: requestStore(), files: ownFiles(), consents: consentStore(), ledger: deletionLedger(), now }),
    now,
  }),
);

export const failDeps = /* @__PURE__ */ once(() => ({ store: requestStore(), tasks: tasks(), systems: systemStore(), now }));
