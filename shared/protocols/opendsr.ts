// OpenDSR (formerly OpenGDPR): a controller's request is a core request; a link record keeps the
// controller's subject_request_id, its callback URLs and the status it was last told.
import { isFinal } from '../domain/lifecycle.js';
import type { Jurisdiction, RequestStatus, RequestType } from '../domain/request-model.js';
import { ConflictError, DomainError, NotFoundError } from '../errors.js';
import type { ExportFiles } from '../fulfilment/export-download.js';
import { logger } from '../logger.js';
import { fileRequest } from '../requests/file-request.js';
import { cancelRequest } from '../requests/operator-actions.js';
import type { RequestRecord } from '../requests/record.js';
import { RETENTION_AFTER_CLOSE_SECONDS } from '../requests/request-store.js';
import { AWAITING_CALLBACK, filedByOwner, protocolFiler, sha256Hex, type ProtocolLink } from './link-store.js';
import type { ProtocolCancelDeps, ProtocolFileDeps, ProtocolReadDeps } from './protocol-deps.js';
import { endOfLocalDay } from './protocol-time.js';
import type { ProblemMembers } from '../http/problem.js';
import type { DenialCode } from '../text/vocabulary.js';

export const OPENDSR_API_VERSION = '2.0';
export const OPENDSR_REQUEST_TYPES = ['erasure', 'access', 'portability'] as const;
export type OpenDsrRequestType = (typeof OPENDSR_REQUEST_TYPES)[number];
export const OPENDSR_STATUSES = ['pending', 'in_progress', 'completed', 'cancelled'] as const;
export type OpenDsrStatus = (typeof OPENDSR_STATUSES)[number];
export const OPENDSR_IDENTITY_FORMATS = ['raw', 'sha1', 'md5', 'sha256'] as const;

/** What this processor takes: the email (to confirm the request with the subject) and, beside it, the customer id. */
export const SUPPORTED_IDENTITIES = [
  { identity_type: 'email', identity_format: 'raw' },
  { identity_type: 'controller_customer_id', identity_format: 'raw' },
] as const;

/** §3.4: URLs start with the major version. */
export const OPENDSR_BASE_PATH = '/opendsr/v2';

/** The headers of the current name and of the former one, which the specification says must still be honoured. */
export const OPENDSR_HEADER_PREFIXES = ['X-OpenDSR', 'X-OpenGDPR'] as const;

const TYPE_MAP: Record<OpenDsrRequestType, RequestType> = { erasure: 'deletion', access: 'access', portability: 'portability' };

/** The core request type an OpenDSR subject_request_type is. */
export function coreRequestType(type: OpenDsrRequestType): RequestType {
  return TYPE_MAP[type];
}

/**
 * How a core status reads in OpenDSR, which knows four. Everything before fulfilment starts is
 * pending; a refusal or an expired confirmation ends the request without fulfilment, which OpenDSR
 * can only call cancelled; a failed request waits for an operator, so it is still in progress.
 */
export function openDsrStatus(status: RequestStatus): OpenDsrStatus {
  switch (status) {
    case 'received':
    case 'awaiting-verification':
    case 'verified':
      return 'pending';
    case 'in-progress':
    case 'failed':
      return 'in_progress';
    case 'completed':
    case 'partially-completed':
      return 'completed';
    case 'cancelled':
    case 'denied':
    case 'expired':
      return 'cancelled';
  }
}

/** Whether a protocol status is one the request will not leave. */
export const isFinalOpenDsrStatus = (status: string): boolean => status === 'completed' || status === 'cancelled';

export interface OpenDsrIdentity {
  identity_type: string;
  identity_value: string;
  identity_format: (typeof OPENDSR_IDENTITY_FORMATS)[number];
}

export interface OpenDsrRequestInput {
  subject_request_id: string;
  subject_request_type: OpenDsrRequestType;
  submitted_time: string;
  subject_identities: OpenDsrIdentity[];
  regulation?: Jurisdiction;
  api_version?: string;
  status_callback_urls?: string[];
  extensions?: Record<string, unknown>;
}

/** The raw identity of a type, if the request carries one. */
export function rawIdentity(input: Pick<OpenDsrRequestInput, 'subject_identities'>, type: string): string | undefined {
  return input.subject_identities.find((identity) => identity.identity_type === type && identity.identity_format === 'raw')?.identity_value;
}

export interface FiledOpenDsrRequest {
  link: ProtocolLink;
  request: RequestRecord;
  created: boolean;
}

/**
 * Files an OpenDSR request as a core request of the controller's own and links it. The same
 * subject_request_id sent again with the same body answers with the request filed the first time;
 * with another body it is refused. A request the company or another controller filed for the same
 * person and right is never linked: the controller's filing is a request of its own.
 */
export async function fileOpenDsrRequest(
  input: OpenDsrRequestInput,
  rawBody: string,
  controllerId: string,
  deps: ProtocolFileDeps,
): Promise<FiledOpenDsrRequest> {
  const bodyHash = sha256Hex(rawBody);
  const earlier = await deps.links.getLink('opendsr', input.subject_request_id);
  if (earlier) return answerRetry(earlier, bodyHash, controllerId, deps);

  const email = rawIdentity(input, 'email')!;
  const accountId = rawIdentity(input, 'controller_customer_id');
  // An OpenDSR request names the subject, not the controller that sends it: the caller's configured name is looked up by its identity.
  const controllerName = deps.openDsrControllers?.[controllerId];
  const outcome = await fileRequest(
    {
      type: coreRequestType(input.subject_request_type),
      jurisdiction: input.regulation ?? 'gdpr',
      subject: { email, ...(accountId ? { accountId } : {}) },
      receivedAt: input.submitted_time,
      channel: 'opendsr',
      filer: protocolFiler('opendsr', controllerId),
      ...(controllerName ? { filedThrough: controllerName } : {}),
    },
    deps.filing,
  );
  const request = outcome.duplicateOf ? outcome.request : await deps.afterFiled(outcome.request);
  const callbackUrls = input.status_callback_urls ?? [];
  const { link, created } = await deps.links.createLink({
    key: `opendsr#${input.subject_request_id}`,
    protocol: 'opendsr',
    externalId: input.subject_request_id,
    requestId: request.id,
    ownerId: controllerId,
    bodyHash,
    callbackUrls,
    reported: openDsrStatus(request.status),
    awaiting: AWAITING_CALLBACK,
    createdAt: deps.filing.now().toISOString(),
  });
  if (!created) return answerRetry(link, bodyHash, controllerId, deps);
  // The guard per filer makes this hold; checked again so that no path ever links a controller to a request it did not file.
  if (!filedByOwner(link, request)) throw new ConflictError('The request could not be filed; send it again.');
  logger.info('OpenDSR request linked', { requestId: request.id, duplicate: Boolean(outcome.duplicateOf), callbacks: callbackUrls.length });
  return { link, request, created: true };
}

async function answerRetry(link: ProtocolLink, bodyHash: string, controllerId: string, deps: ProtocolFileDeps): Promise<FiledOpenDsrRequest> {
  if (link.ownerId !== controllerId || link.bodyHash !== bodyHash) {
    throw new ConflictError('This subject_request_id was already used for another request.');
  }
  const request = await deps.store.get(link.requestId, deps.now());
  if (!request || !filedByOwner(link, request)) throw new NotFoundError('The request filed under this subject_request_id no longer exists.');
  return { link, request, created: false };
}

/**
 * The link and request of a controller's subject_request_id, or NotFoundError when this controller
 * did not file it: another controller's request, or the company's, reads as one that does not exist.
 */
export async function readOpenDsrRequest(
  subjectRequestId: string,
  controllerId: string,
  deps: ProtocolReadDeps,
): Promise<{ link: ProtocolLink; request: RequestRecord }> {
  const now = deps.now();
  const link = await deps.links.getLink('opendsr', subjectRequestId, now);
  const request = link && link.ownerId === controllerId ? await deps.store.get(link.requestId, now) : undefined;
  if (!link || !request || !filedByOwner(link, request)) throw new NotFoundError('No OpenDSR request with this subject_request_id.');
  return { link, request };
}

/** Cancels the core request behind a subject_request_id; a request that already ended gets a ConflictError. */
export async function cancelOpenDsrRequest(
  subjectRequestId: string,
  controllerId: string,
  deps: ProtocolCancelDeps,
): Promise<{ link: ProtocolLink; request: RequestRecord }> {
  const { link, request } = await readOpenDsrRequest(subjectRequestId, controllerId, deps);
  if (isFinal(request.status)) throw new ConflictError(`The request is ${openDsrStatus(request.status)} and can no longer be cancelled.`);
  const cancelled = await cancelRequest(request.id, deps.operator);
  // The controller asked for this, so it hears it in the answer, not again by callback.
  await deps.links.markReported(link, 'cancelled', true, Math.floor(deps.now().getTime() / 1000) + RETENTION_AFTER_CLOSE_SECONDS);
  return { link, request: cancelled };
}

/**
 * How a request that ended without fulfilment ended, for the processor's extension (§7.1.2) beside
 * the status: OpenDSR has no refusal, so a refused request is `cancelled` like a withdrawn one, and
 * this tells them apart. `refused` carries the refusal's code; `unconfirmed` is a request the
 * subject never confirmed.
 */
export type OpenDsrOutcome = { outcome: 'cancelled' } | { outcome: 'refused'; reason: DenialCode } | { outcome: 'unconfirmed' };

/** The outcome of a request that is `cancelled` in OpenDSR; undefined for any other. */
export function openDsrOutcome(request: Pick<RequestRecord, 'status' | 'denial'>): OpenDsrOutcome | undefined {
  switch (request.status) {
    case 'cancelled':
      return { outcome: 'cancelled' };
    case 'denied':
      return { outcome: 'refused', reason: request.denial?.code ?? 'exemption' };
    case 'expired':
      return { outcome: 'unconfirmed' };
    default:
      return undefined;
  }
}

/** Records a finished access or portability request returned, for `results_count` (§8.3). */
export function openDsrResultsCount(request: Pick<RequestRecord, 'status' | 'type' | 'fulfilment'>): number | undefined {
  if (openDsrStatus(request.status) !== 'completed' || (request.type !== 'access' && request.type !== 'portability')) return undefined;
  return (request.fulfilment?.outcomes ?? []).filter((outcome) => outcome.action === 'export').reduce((sum, outcome) => sum + outcome.records, 0);
}

/** Where this processor's answers point: its signing domain (extension key) and its public base URL. */
export interface OpenDsrProcessor {
  domain: string;
  publicBaseUrl: string;
}

/** Where a controller fetches what a finished access or portability request found (with its own credentials). */
export function openDsrResultsUrl(publicBaseUrl: string, subjectRequestId: string): string {
  return `${publicBaseUrl.replace(/\/+$/, '')}${OPENDSR_BASE_PATH}/requests/${subjectRequestId}/results`;
}

/**
 * A short-lived download of what a finished access or portability request found, for the
 * controller that filed it (the `results_url` of §8.3): NotFoundError for another filer's request
 * or one without results, a `gone` DomainError once the bundle has expired.
 */
export async function openDsrResultsDownload(subjectRequestId: string, controllerId: string, deps: ProtocolReadDeps & { files: ExportFiles }): Promise<string> {
  const { request } = await readOpenDsrRequest(subjectRequestId, controllerId, deps);
  const key = openDsrResultsCount(request) !== undefined ? request.fulfilment?.exportKey : undefined;
  if (!key) throw new NotFoundError('This request has no results: only a completed access or portability request has.');
  if (!(await deps.files.exists(key))) throw new DomainError('gone', 'The results of this request have expired.');
  logger.info('OpenDSR results download', { requestId: request.id });
  return deps.files.downloadUrl(key);
}

/** The status object of §8.3 (also the body of a callback, with its URL). */
export function openDsrStatusBody(link: ProtocolLink, request: RequestRecord, processor: OpenDsrProcessor): Record<string, unknown> {
  const outcome = openDsrOutcome(request);
  const resultsCount = openDsrResultsCount(request);
  return {
    controller_id: link.ownerId,
    expected_completion_time: endOfLocalDay(request.dueAt, request.deadlines.timeZone),
    subject_request_id: link.externalId,
    request_status: openDsrStatus(request.status),
    api_version: OPENDSR_API_VERSION,
    ...(resultsCount !== undefined && request.fulfilment?.exportKey ? { results_url: openDsrResultsUrl(processor.publicBaseUrl, link.externalId) } : {}),
    ...(resultsCount !== undefined ? { results_count: resultsCount } : {}),
    ...(outcome ? { extensions: { [processor.domain]: outcome } } : {}),
  };
}

/** The answer to a new request (§7.3). */
export function openDsrFiledBody(link: ProtocolLink, request: RequestRecord, rawBody: string): Record<string, unknown> {
  return {
    controller_id: link.ownerId,
    expected_completion_time: endOfLocalDay(request.dueAt, request.deadlines.timeZone),
    received_time: link.createdAt,
    encoded_request: Buffer.from(rawBody, 'utf8').toString('base64'),
    subject_request_id: link.externalId,
  };
}

/** The answer to a cancellation (§9.2). */
export function openDsrCancelledBody(link: ProtocolLink, at: Date): Record<string, unknown> {
  return { controller_id: link.ownerId, subject_request_id: link.externalId, received_time: at.toISOString(), api_version: OPENDSR_API_VERSION };
}

/** The discovery document (§6.3): what this processor supports and where its signing certificate is. */
export function openDsrDiscovery(publicBaseUrl: string): Record<string, unknown> {
  return {
    api_version: OPENDSR_API_VERSION,
    supported_identities: SUPPORTED_IDENTITIES,
    supported_subject_request_types: OPENDSR_REQUEST_TYPES,
    processor_certificate: `${publicBaseUrl.replace(/\/+$/, '')}${OPENDSR_BASE_PATH}/certificate.pem`,
  };
}

/**
 * The error object of §7.6 beside the problem document: `code` is the HTTP status as a number, and
 * each invalid field is an error detail (§7.7's domain, reason and message). Messages never hold
 * identities: they name fields, not values.
 */
export const openDsrProblemMembers: ProblemMembers = (problem) => ({
  error: {
    code: problem.status,
    message: problem.detail,
    ...(problem.errors?.length
      ? {
          errors: problem.errors.map((field) => ({
            domain: 'Validation',
            reason: field.path === '' ? 'body' : field.path,
            message: `${field.path} ${field.message}`.trim(),
          })),
        }
      : {}),
  },
});
