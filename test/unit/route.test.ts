import { describe, expect, it } from 'vitest';
import { lambdas } from '../../shared/lambdas.js';
import { routes } from '../../functions/routes.js';
import { matchPath } from '../../shared/http/route.js';
import { buckets, tables } from '../../shared/resources.js';

describe('matchPath', () => {
  it.each([
    ['/health', '/health', {}],
    ['/v1/requests/{id}', '/v1/requests/01HZX', { id: '01HZX' }],
    ['/v1/requests/{id}/audit', '/v1/requests/abc/audit', { id: 'abc' }],
    ['/v1/verify/{token}', '/v1/verify/a%2Fb', { token: 'a/b' }],
    ['/health', '/health/', {}],
  ])('matches %s against %s', (template, path, params) => {
    expect(matchPath(template, path)).toEqual(params);
  });

  it.each([
    ['/health', '/healthz'],
    ['/v1/requests/{id}', '/v1/requests'],
    ['/v1/requests/{id}', '/v1/requests/a/b'],
    ['/v1/verify/{token}', '/v1/verify/%E0%A4%A'],
  ])('does not match %s against %s', (template, path) => {
    expect(matchPath(template, path)).toBeUndefined();
  });
});

describe('route table', () => {
  it('names only declared lambdas and has no duplicate method and path', () => {
    const keys = routes.map((r) => `${r.method} ${r.path}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const route of routes) expect(Object.keys(lambdas)).toContain(route.lambda);
  });

  it('points every lambda at a handler module that exists', async () => {
    // Handler modules read their settings at load, as they do on a cold start.
    for (const spec of Object.values(tables)) process.env[spec.envVar] ??= `test-${spec.localName}`;
    for (const spec of Object.values(buckets)) process.env[spec.envVar] ??= `test-${spec.localName}`;
    for (const spec of Object.values(lambdas)) {
      const module = await import(`../../${spec.entry}`);
      expect(typeof module.handler).toBe('function');
    }
  });
});
