// Checks answers against the OpenAPI document: each status must be documented for its route, and a
// JSON body must match the schema the document gives for that status and content type.
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { Middleware } from 'openapi-fetch';
import { matchPath } from '../../shared/http/route.js';

interface DocumentedResponse {
  content?: Record<string, { schema?: unknown }>;
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, { responses: Record<string, DocumentedResponse> }>>;
}

/** What one answer broke of the document, said so a failing test names it. */
export type ContractBreach = string;

/** Pointer-escapes one JSON Pointer token. */
const token = (text: string) => text.replaceAll('~', '~0').replaceAll('/', '~1');

export interface ContractChecker {
  /** Every breach of the answer to `method` `url` (a path, or a full URL) with `status`, `contentType` and `body`. */
  check(method: string, url: string, status: number, contentType: string | null, body: string): ContractBreach[];
  /** An openapi-fetch middleware that checks each answer and keeps the breaches in `breaches`. */
  middleware: Middleware;
  breaches: ContractBreach[];
}

/** A checker for `document` (as GET /openapi.json serves it). */
export function contractChecker(document: OpenApiDocument): ContractChecker {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats.default(ajv);
  ajv.addSchema(document, 'openapi');
  const templates = Object.keys(document.paths);
  const breaches: ContractBreach[] = [];

  function check(method: string, url: string, status: number, contentType: string | null, body: string): ContractBreach[] {
    const path = new URL(url, 'http://localhost').pathname.replace(/^\/local(?=\/)/, '');
    const lower = method.toLowerCase();
    const template = templates.find((each) => matchPath(each, path) && document.paths[each]![lower]);
    const where = `${method.toUpperCase()} ${template ?? path} ${status}`;
    if (!template) return [`${where}: no such operation in the document`];
    const documented = document.paths[template]![lower]!.responses[String(status)];
    if (!documented) return [`${where}: status not documented`];
    const mediaType = (contentType ?? '').split(';')[0]!.trim();
    if (!documented.content) return body === '' || status === 302 ? [] : [`${where}: a body where the document gives none`];
    if (!documented.content[mediaType])
      return [`${where}: content type ${mediaType || '(none)'} not documented (${Object.keys(documented.content).join(', ')})`];
    if (!/json$/.test(mediaType) || !documented.content[mediaType]!.schema) return [];
    const pointer = ['paths', template, lower, 'responses', String(status), 'content', mediaType, 'schema'].map(token).join('/');
    const validate = ajv.getSchema(`openapi#/${pointer}`);
    if (!validate) return [`${where}: schema not found`];
    if (validate(JSON.parse(body))) return [];
    return (validate.errors ?? []).map((error) => `${where}: ${error.instancePath || '(body)'} ${error.message}`);
  }

  const middleware: Middleware = {
    async onResponse({ request, response }) {
      const body = await response.clone().text();
      breaches.push(...check(request.method, request.url, response.status, response.headers.get('content-type'), body));
      return undefined;
    },
  };

  return { check, middleware, breaches };
}
