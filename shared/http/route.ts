// The shape of one API route; the table of routes lives in functions/routes.ts.
import type { z } from 'zod';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * Who may call a route: `system` routes need IAM (SigV4) in AWS and the local API key locally;
 * `subject` routes are public and carry an unguessable token in the path; `console` routes need a
 * person's console session (a user pool ID token in an HttpOnly cookie, checked by the console
 * authorizer in AWS and by the local gateway the same way); `public` routes carry nothing.
 */
export type AuthKind = 'public' | 'subject' | 'system' | 'console';

/**
 * The company systems that call system routes, each with its own credentials: an IAM role in AWS,
 * an API key locally. `operator` (the privacy team's tools) may call every system route.
 */
export const CALLER_ROLES = ['filer', 'fulfilment', 'publisher', 'operator'] as const;
export type CallerRole = (typeof CALLER_ROLES)[number];

/** What each caller role is for; docs/security.md and the stack's outputs say the same. */
export const CALLER_ROLE_PURPOSES: Readonly<Record<CallerRole, string>> = {
  filer: 'Systems that take requests from people (shop, support desk, CRM): file and follow requests, record consent',
  fulfilment: 'Data systems: register in the inventory, report task results, record disclosures, close support cases',
  publisher: 'Marketing and legal publishing: publish privacy-policy versions, follow campaigns, send marketing email',
  operator: "The privacy team's tools: every system route, including extend, deny, cancel and resume",
};

/** The roles that may call `route`: none for routes without system auth; the operator for every system route. */
export function allowedCallers(route: Pick<RouteSpec, 'auth' | 'callers'>): readonly CallerRole[] {
  if (route.auth !== 'system') return [];
  return ['operator', ...(route.callers ?? []).filter((role) => role !== 'operator')];
}

export interface RouteResponse {
  description: string;
  schema?: z.ZodType;
  /** Defaults to application/json. */
  contentType?: string;
  /** Further media types the same status may come in, each a text body (e.g. RFC 8058's text/plain beside a page). */
  alsoContentTypes?: readonly string[];
  /** An answer as the route gives it, shown in the OpenAPI document. */
  example?: unknown;
}

export interface RouteSpec<TLambda extends string = string> {
  method: HttpMethod;
  /** API Gateway path template, e.g. `/v1/requests/{id}`. */
  path: string;
  lambda: TLambda;
  /**
   * The operation's name in the OpenAPI document, which generated clients name their calls after:
   * the Lambda id by default; a function that serves more than one route names the others.
   */
  operationId?: string;
  auth: AuthKind;
  /** For a system route: the roles besides `operator` that may call it (see CALLER_ROLES). */
  callers?: readonly CallerRole[];
  /** A `public` route whose handler checks a DRP agent's bearer token itself (the document's security says so). */
  bearer?: true;
  summary: string;
  tags: string[];
  request?: {
    body?: z.ZodType;
    /** A form post (application/x-www-form-urlencoded), for pages people fill in. */
    form?: z.ZodType;
    /** A text/plain body the handler reads as it is, such as a DRP agent's signed message. */
    text?: z.ZodType;
    /** A whole email (message/rfc822), handed in as it came. */
    mail?: z.ZodType;
    /** A request as a caller sends it (the body, or the form's fields), shown in the OpenAPI document. */
    example?: unknown;
    params?: z.ZodObject;
    query?: z.ZodObject;
    /** Headers the handler reads (the gateway's own, such as x-api-key or Authorization, are the security schemes'). */
    headers?: z.ZodObject;
  };
  responses: Record<number, RouteResponse>;
  /**
   * A tighter limit than the stage's for this route: requests per second and burst. API Gateway
   * applies it per route in AWS; the local server applies it per client address.
   */
  throttle?: { rateLimit: number; burstLimit: number };
}

/** Splits a path template into its segments; `{name}` segments are parameters. */
export function pathSegments(path: string): string[] {
  return path.split('/').filter((segment) => segment !== '');
}

/** Matches a concrete path against a template; returns the path parameters, or undefined. */
export function matchPath(template: string, path: string): Record<string, string> | undefined {
  const want = pathSegments(template);
  const got = pathSegments(path);
  if (want.length !== got.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const w = want[i]!;
    const g = got[i]!;
    if (w.startsWith('{') && w.endsWith('}')) {
      let value: string;
      try {
        value = decodeURIComponent(g);
      } catch {
        return undefined;
      }
      params[w.slice(1, -1)] = value;
    } else if (w !== g) {
      return undefined;
    }
  }
  return params;
}
