import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { CLIENT_TYPES_FILE, generateClientTypes } from '../../bin/openapi-types.js';

describe('client/privacy-ops.d.ts', () => {
  it('is what openapi-typescript generates from the current document (else: npm run openapi:types)', async () => {
    const checkedIn = await readFile(CLIENT_TYPES_FILE, 'utf8');
    expect(checkedIn === (await generateClientTypes()), 'client/privacy-ops.d.ts is stale: run npm run openapi:types').toBe(true);
  });
});
