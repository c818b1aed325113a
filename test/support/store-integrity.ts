// What "nothing half-written" means for the request store, checked over everything in it: every
// request whole, its audit chain complete and verifying, its open-request guard in place, no guard
// or audit event without its request, no idempotency record stuck in flight.
import { type DynamoDBDocumentClient, paginateScan } from '@aws-sdk/lib-dynamodb';
import { verifyChain } from '../../shared/audit/chain.js';
import { chainKey } from '../../functions/wiring/audit-key.js';
import { isFinal } from '../../shared/domain/lifecycle.js';
import { openGuardId, type RequestRecord } from '../../shared/requests/record.js';
import { RequestStore } from '../../shared/requests/request-store.js';
import { tables } from '../../shared/resources.js';

export interface StoreIntegrity {
  requests: RequestRecord[];
  /** One line per defect, naming ids only (never an address). */
  defects: string[];
}

async function scanAll(documents: DynamoDBDocumentClient, tableName: string): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  for await (const page of paginateScan({ client: documents }, { TableName: tableName, ConsistentRead: true })) items.push(...(page.Items ?? []));
  return items;
}

const REQUIRED: readonly (keyof RequestRecord)[] = [
  'id',
  'type',
  'jurisdiction',
  'status',
  'version',
  'receivedAt',
  'subjectHash',
  'subject',
  'verification',
  'deadlines',
  'dueAt',
  'auditSeq',
  'auditHead',
  'createdAt',
  'updatedAt',
];

/**
 * Checks the request and audit tables (and the idempotency table, unless `allowInFlight`: a
 * function that failed while its record's own clean-up failed leaves one until it expires).
 */
export async function checkStoreIntegrity(documents: DynamoDBDocumentClient, options: { allowInFlight?: boolean } = {}): Promise<StoreIntegrity> {
  const defects: string[] = [];
  const store = new RequestStore({ requestsTable: tables.requests.localName, auditTable: tables.audit.localName, client: documents });
  const items = await scanAll(documents, tables.requests.localName);
  const requests = items.filter((item) => item.kind === 'request') as unknown as RequestRecord[];
  const byId = new Map(requests.map((request) => [request.id, request]));
  const guards = new Map(items.filter((item) => String(item.id).startsWith('open#')).map((item) => [String(item.id), String(item.requestId)]));

  for (const request of requests) {
    const missing = REQUIRED.filter((field) => request[field] === undefined);
    if (missing.length > 0) defects.push(`request ${request.id} lacks ${missing.join(', ')}`);
    if (!request.subject?.email || !request.verification?.level || !request.verification?.state) {
      defects.push(`request ${request.id} has no subject address or verification state`);
    }
    const chain = await store.auditTrail(request.id);
    const verified = await verifyChain(chainKey, chain);
    if (!verified.valid) defects.push(`request ${request.id}: audit chain broken at ${verified.brokenAt ?? '-'} (${verified.reason})`);
    if (chain.length !== request.auditSeq) defects.push(`request ${request.id}: ${chain.length} audit events, record says ${request.auditSeq}`);
    if (chain.at(-1)?.hash !== request.auditHead) defects.push(`request ${request.id}: audit head does not match the last event`);
    const guard = guards.get(openGuardId(request.subjectHash, request.jurisdiction, request.type, request.filer));
    if (!isFinal(request.status) && guard !== request.id) defects.push(`open request ${request.id} is not the one its guard names`);
  }
  for (const [guardId, requestId] of guards) {
    const request = byId.get(requestId);
    if (!request) defects.push(`guard ${guardId.slice(0, 12)}… names missing request ${requestId}`);
    else if (isFinal(request.status)) defects.push(`guard still held by closed request ${requestId}`);
  }
  const audited = new Set((await scanAll(documents, tables.audit.localName)).map((event) => String(event.requestId)));
  for (const requestId of audited) if (!byId.has(requestId)) defects.push(`audit events for missing request ${requestId}`);
  if (!options.allowInFlight) {
    const inFlight = (await scanAll(documents, tables.idempotency.localName)).filter((record) => record.status === 'INPROGRESS');
    if (inFlight.length > 0) defects.push(`${inFlight.length} idempotency records still in flight`);
  }
  return { requests, defects };
}
