import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { OPENAPI_DOCUMENT_FILE, openApiDocumentText } from '../../bin/openapi-document.js';

describe('functions/openapi-document.json', () => {
  it('is the document the route table and its schemas give (else: npm run openapi:document)', async () => {
    // Act
    const checkedIn = await readFile(OPENAPI_DOCUMENT_FILE, 'utf8');

    // Assess
    expect(checkedIn === openApiDocumentText(), 'functions/openapi-document.json is stale: run npm run openapi:document').toBe(true);
  });
});
