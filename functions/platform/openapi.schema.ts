// What GET /openapi.json answers, as far as a client needs to know it.
import * as z from 'zod';

export const OpenApiDocumentResource = z
  .looseObject({
    openapi: z.string().meta({ description: 'The OpenAPI version: 3.1.0' }),
    info: z.looseObject({ title: z.string(), version: z.string() }),
    paths: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'OpenApiDocument', description: 'An OpenAPI 3.1 document: this one' });
