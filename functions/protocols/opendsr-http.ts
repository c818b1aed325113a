// OpenDSR over HTTP: who the calling controller is, and answers signed as the protocol asks.
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { OPENDSR_HEADER_PREFIXES } from '../../shared/protocols/opendsr.js';
import { processorDomain, processorSigner } from '../wiring/protocols.js';

/**
 * The controller calling an OpenDSR route: the AWS account that signed the call (IAM auth), or
 * `local` where the local gateway checked the API key instead.
 */
export function controllerOf(event: APIGatewayProxyEvent): string {
  return event.requestContext.identity?.accountId ?? 'local';
}

/** The OpenDSR signature headers, under the current name and the former one, for `body`. */
export async function openDsrSignatureHeaders(body: string): Promise<Record<string, string>> {
  const signature = await processorSigner().sign(body);
  return { ...openDsrDomainHeaders(), ...Object.fromEntries(OPENDSR_HEADER_PREFIXES.map((prefix) => [`${prefix}-Signature`, signature])) };
}

/** The processor domain header, under the current name and the former one (§8.3, §10.1). */
export function openDsrDomainHeaders(): Record<string, string> {
  return Object.fromEntries(OPENDSR_HEADER_PREFIXES.map((prefix) => [`${prefix}-Processor-Domain`, processorDomain()]));
}

/**
 * A public JSON answer that is not a request's (discovery): it names the processor domain but is
 * not signed, so the public functions that serve it hold no signing permission. §3.1 asks signed
 * responses to requests; what discovery says is checked against the certificate it points to.
 */
export function publicJsonResult(statusCode: number, body: unknown): APIGatewayProxyResult {
  return {
    statusCode,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'public, max-age=300', ...openDsrDomainHeaders() },
    body: JSON.stringify(body),
  };
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
