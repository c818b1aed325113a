import { describe, expect, it } from 'vitest';
import { routes } from '../../functions/routes.js';
import { iamMatches, invokePolicy, invokeResource } from '../../infra/constructs/caller-roles.js';
import { allowedCallers, CALLER_ROLES } from '../../shared/http/route.js';

describe('the route table', () => {
  it('names the callers of every system route, and of no other route', () => {
    expect(routes.filter((route) => route.auth === 'system' && route.callers === undefined).map((route) => `${route.method} ${route.path}`)).toEqual([]);
    expect(routes.filter((route) => route.auth !== 'system' && route.callers !== undefined).map((route) => `${route.method} ${route.path}`)).toEqual([]);
  });

  it('keeps the operations on a request that only the privacy team may take to the operator', () => {
    const operatorOnly = routes
      .filter((route) => route.auth === 'system' && allowedCallers(route).length === 1)
      .map((route) => `${route.method} ${route.path}`);
    expect(operatorOnly).toEqual(
      expect.arrayContaining([
        'POST /v1/requests/{id}/extend',
        'POST /v1/requests/{id}/deny',
        'POST /v1/requests/{id}/cancel',
        'POST /v1/requests/{id}/resume',
        'GET /v1/requests',
        'GET /v1/requests/{id}/audit',
      ]),
    );
  });
});

describe('iamMatches', () => {
  it.each([
    ['GET/v1/requests/*', 'GET/v1/requests/x', true],
    ['GET/v1/requests/*', 'GET/v1/requests/x/audit', true],
    ['GET/v1/requests/*/audit', 'GET/v1/requests/x', false],
    ['POST/v1/requests', 'POST/v1/requests/x/extend', false],
  ])('%s matches %s: %s', (pattern, resource, expected) => {
    expect(iamMatches(pattern, resource)).toBe(expected);
  });
});

describe('invokePolicy', () => {
  it.each(CALLER_ROLES)('lets the %s role invoke exactly the routes the table gives it, as IAM evaluates allows and denies', (role) => {
    // Act
    const { allow, deny } = invokePolicy(role, routes);

    // Assess: IAM allows a call when an allow matches and no deny does.
    for (const route of routes.filter((candidate) => candidate.auth === 'system')) {
      const concrete = invokeResource(route).replaceAll('*', 'x');
      const permitted = allow.some((pattern) => iamMatches(pattern, concrete)) && !deny.some((pattern) => iamMatches(pattern, concrete));
      expect({ route: `${route.method} ${route.path}`, permitted }).toEqual({
        route: `${route.method} ${route.path}`,
        permitted: allowedCallers(route).includes(role),
      });
    }
  });

  it('needs a deny where a wildcard would reach further than the role may go', () => {
    expect(invokePolicy('filer', routes).deny).toEqual(expect.arrayContaining(['GET/v1/requests/*/audit']));
  });
});
