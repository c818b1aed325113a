// Shapes of successful replies; errors leave through the problem middleware instead.
import type { APIGatewayProxyResult } from 'aws-lambda';

/** A JSON reply that no cache keeps. */
export function jsonResult(statusCode: number, body: unknown, headers: Record<string, string> = {}): APIGatewayProxyResult {
  return {
    statusCode,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers },
    body: JSON.stringify(body),
  };
}
