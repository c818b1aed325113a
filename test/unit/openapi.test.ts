import { describe, expect, it } from 'vitest';
import { routes } from '../../functions/routes.js';
import { handler } from '../../functions/platform/openapi.handler.js';
import { apiEvent, lambdaContext } from '../support/lambda.js';

describe('GET /openapi.json', () => {
  it('documents every route in the route table as OpenAPI 3.1, with schemas from zod', async () => {
    const result = await handler(apiEvent({ httpMethod: 'GET', path: '/openapi.json' }), lambdaContext());
    expect(result.statusCode).toBe(200);
    const document = JSON.parse(result.body);
    expect(document.openapi).toBe('3.1.0');
    for (const route of routes) {
      expect(document.paths[route.path]?.[route.method.toLowerCase()]?.summary).toBe(route.summary);
    }
    expect(document.components.schemas.Health).toEqual({
      type: 'object',
      properties: { status: { type: 'string', enum: ['ok'] } },
      required: ['status'],
    });
    expect(document.components.schemas.Problem.required).toEqual(['type', 'title', 'status', 'detail']);
  });
});
