// Wiring: the privacy center (its proof of work, filing as the person, the status link and its cancel).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bucketName, config, tableName } from '../../shared/config.js';
import { S3ExportFiles } from '../../shared/fulfilment/export-download.js';
import { lambdas } from '../../shared/lambdas.js';
import { once } from '../../shared/once.js';
import { WIDGET_FILES, type WidgetFile } from '../../shared/pages/privacy-center-assets.js';
import type { CenterFilingDeps } from '../../shared/privacy-center/file-from-center.js';
import type { ProofOfWorkDeps } from '../../shared/privacy-center/proof-of-work.js';
import type { CancelDeps, StatusDeps, StatusDownloadDeps } from '../../shared/privacy-center/request-status.js';
import { DynamoUsedChallenges } from '../../shared/privacy-center/used-challenges.js';
import { fileRequest } from '../../shared/requests/file-request.js';
import { cancelRequest } from '../../shared/requests/operator-actions.js';
import { proofOfWorkKey } from '../../shared/secrets.js';
import { auditLog } from './audit.js';
import { now } from './aws.js';
import { afterFiled, filingDeps } from './filing.js';
import { operatorDeps } from './operator.js';
import { requestStore } from './requests.js';
import { systemStore } from './systems.js';
import { confirmationDeps } from './confirmation.js';

/** What issuing a challenge needs: the key and the work asked (no table). */
export const challengeDeps = /* @__PURE__ */ once(
  (): Pick<ProofOfWorkDeps, 'key' | 'difficulty' | 'now'> => ({ key: proofOfWorkKey, difficulty: config('proofOfWorkDifficulty'), now }),
);

/** What checking a proof needs: the challenge's key and the used challenges in the tokens table. */
export const proofOfWorkDeps = /* @__PURE__ */ once(
  (): ProofOfWorkDeps => ({
    ...challengeDeps(),
    used: new DynamoUsedChallenges(tableName('tokens')),
    minSeconds: config('proofOfWorkMinSeconds'),
  }),
);

/** Filing from the center: the person files for themselves (actor `subject`), through the one intake. */
export const centerFilingDeps = /* @__PURE__ */ once((): CenterFilingDeps => {
  const filing = { ...filingDeps({ kind: 'subject', id: 'privacy-center' }), inventory: systemStore() };
  return { proof: proofOfWorkDeps(), file: (input) => fileRequest(input, filing), afterFiled };
});

/** A request's status behind its link: the link, the request and its audit trail. */
export const statusDeps = /* @__PURE__ */ once((): StatusDeps & Pick<StatusDownloadDeps, 'store'> => ({
  links: confirmationDeps().links,
  store: requestStore(),
  audit: auditLog(),
  now,
}));

/** The status page's cancel: the operators' cancel path, recorded as the subject's. */
export const cancelDeps = /* @__PURE__ */ once(
  (): CancelDeps => ({ ...statusDeps(), cancel: (requestId) => cancelRequest(requestId, operatorDeps({ kind: 'subject' })) }),
);

/** The status page's download button: the request, its export in the data bucket. */
export const statusDownloadDeps = /* @__PURE__ */ once((): StatusDownloadDeps => ({ ...statusDeps(), files: exportFiles() }));

/** The exports in the data bucket: presigned downloads, and their origin for the status page's CSP. */
export const exportFiles = /* @__PURE__ */ once(() => new S3ExportFiles(bucketName('data')));

/**
 * A widget file's text. In a Lambda bundle it was copied beside the bundle (`files` in the
 * catalogue); the local runtime reads it from the npm package in the project.
 */
export const widgetFile = (file: WidgetFile): string => widgetFiles()(file);

const widgetFiles = /* @__PURE__ */ once(() => {
  const cache = new Map<WidgetFile, string>();
  const root = fileURLToPath(new URL('../../', import.meta.url));
  return (file: WidgetFile): string => {
    let text = cache.get(file);
    if (text === undefined) {
      const beside = fileURLToPath(new URL(file, import.meta.url));
      text = readFileSync(existsSync(beside) ? beside : join(root, lambdas.privacyCenter.files[file] ?? WIDGET_FILES[file]), 'utf8');
      cache.set(file, text);
    }
    return text;
  };
});
