// OpenDSR over HTTP: who the calling controller is, and answers signed as the protocol asks.
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { OPENDSR_HEADER_PREFIXES } from '../../shared/protocols/opendsr.js';
import { signProcessorBody } from '../../shared/protocols/signing.js';
import { processorDomain, signingKey } from '../wiring/protocols.js';

/**
 * The controller calling an OpenDSR route: the AWS account that signed the call (IAM auth), or
 * `local` where the local gateway checked the API key instead.
 */
export function controllerOf(event: APIGatewayProxyEvent): string {
  return event.requestContext.identity?.accountId ?? 'local';
}

/** The OpenDSR signature headers, under the current name and the former one, for `body`. */
export async function openDsrSignatureHeaders(body: string): Promise<Record<string, string>> {
  const signature = signProcessorBody(await signingKey(), body);
  const domain = processorDomain();
  return Object.fromEntries(
    OPENDSR_HEADER_PREFIXES.flatMap((prefix) => [
      [`${prefix}-Processor-Domain`, domain],
      [`${prefix}-Signature`, signature],
    ]),
  );
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
