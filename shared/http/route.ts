// The shape of one API route; the table of routes lives in functions/routes.ts.
import type { z } from 'zod';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * Who may call a route: `system` routes need IAM (SigV4) in AWS and the local API key locally;
 * `subject` routes are public and carry an unguessable token in the path; `public` routes carry nothing.
 */
export type AuthKind = 'public' | 'subject' | 'system';

export interface RouteResponse {
  description: string;
  schema?: z.ZodType;
  /** Defaults to application/json. */
  contentType?: string;
}

export interface RouteSpec<TLambda extends string = string> {
  method: HttpMethod;
  /** API Gateway path template, e.g. `/v1/requests/{id}`. */
  path: string;
  lambda: TLambda;
  auth: AuthKind;
  summary: string;
  tags: string[];
  request?: {
    body?: z.ZodType;
    /** A form post (application/x-www-form-urlencoded), for pages people fill in. */
    form?: z.ZodType;
    params?: z.ZodObject;
    query?: z.ZodObject;
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
