// Wiring for the open-protocol handlers (OpenDSR, DRP): adapters created once per cold start.
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { optionalEnv, requireEnv } from '../../shared/config.js';
import { ProtocolLinkStore } from '../../shared/protocols/link-store.js';
import { OPENDSR_HEADER_PREFIXES } from '../../shared/protocols/opendsr.js';
import type { ProtocolCancelDeps, ProtocolReadDeps } from '../../shared/protocols/protocol-deps.js';
import { processorKey, signProcessorBody, type ProcessorKey } from '../../shared/protocols/signing.js';
import { tables } from '../../shared/resources.js';
import { protocolSigningKey } from '../../shared/secrets.js';
import { requestStore } from '../requests/dependencies.js';
import { operatorDeps } from '../requests/operator-dependencies.js';

let links: ProtocolLinkStore | undefined;

export function protocolLinks(): ProtocolLinkStore {
  links ??= new ProtocolLinkStore({ tableName: requireEnv(tables.protocolLinks.envVar) });
  return links;
}

/** What reading a protocol request needs: no more, so the reading functions hold no more grants. */
export function readDeps(): ProtocolReadDeps {
  return { links: protocolLinks(), store: requestStore(), now: () => new Date() };
}

/** What cancelling needs, acting as `actorId`. */
export function cancelDeps(actorId: string): ProtocolCancelDeps {
  return { ...readDeps(), operator: { ...operatorDeps(), actor: { kind: 'system', id: actorId } } };
}

/**
 * The controller calling an OpenDSR route: the AWS account that signed the call (IAM auth), or
 * `local` where the local gateway checked the API key instead.
 */
export function controllerOf(event: APIGatewayProxyEvent): string {
  return event.requestContext.identity?.accountId ?? 'local';
}

/** This processor's domain: the host of the public base URL. */
export function processorDomain(): string {
  return new URL(requireEnv('PUBLIC_BASE_URL')).host;
}

let key: Promise<ProcessorKey> | undefined;

/** The processor's signing key, derived once per cold start from its secret. */
export function signingKey(): Promise<ProcessorKey> {
  key ??= protocolSigningKey().then(processorKey);
  key.catch(() => { key = undefined; });
  return key;
}

/** The OpenDSR signature headers, under the current name and the former one, for `body`. */
export async function openDsrSignatureHeaders(body: string): Promise<Record<string, string>> {
  const signature = signProcessorBody(await signingKey(), body);
  const domain = processorDomain();
  return Object.fromEntries(OPENDSR_HEADER_PREFIXES.flatMap((prefix) => [
    [`${prefix}-Processor-Domain`, domain],
    [`${prefix}-Signature`, signature],
  ]));
}

/** A JSON answer signed as OpenDSR asks: the signature covers exactly the bytes sent. */
export async function signedJsonResult(statusCode: number, body: unknown): Promise<APIGatewayProxyResult> {
  const text = JSON.stringify(body);
  return {
    statusCode,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...(await openDsrSignatureHeaders(text)) },
    body: text,
  };
}

/** The business id DRP agents address their messages to (`business-id`). */
export function drpBusinessId(): string {
  return optionalEnv('DRP_BUSINESS_ID', 'privacy-ops');
}
