// The OpenAPI document through Redocly CLI's recommended rules (redocly.yaml): a client can be generated from it.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes } from '../../functions/routes.js';
import { API_INFO } from '../../functions/wiring/openapi.js';
import { buildOpenApiDocument, documentServers } from '../../shared/http/openapi.js';
import type { RouteSpec } from '../../shared/http/route.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const REDOCLY = join(ROOT, 'node_modules/.bin/redocly');

interface LintProblem {
  ruleId: string;
  severity: 'error' | 'warn';
  message: string;
  location: { pointer: string }[];
}

let dir: string;

/** Lints the document of `table` with the project's redocly.yaml; the CLI sends nothing anywhere. */
async function lint(table: readonly RouteSpec[]): Promise<LintProblem[]> {
  const file = join(dir, `openapi-${Math.random().toString(36).slice(2)}.json`);
  await writeFile(file, JSON.stringify(buildOpenApiDocument(table, API_INFO, documentServers('https://privacy.shop.test'))));
  const run = promisify(execFile);
  const env = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_NOTIFICATIONS: 'true' };
  const args = ['lint', file, '--config', join(ROOT, 'redocly.yaml'), '--format', 'json', '--max-problems', '1000'];
  const { stdout } = await run(REDOCLY, args, { cwd: ROOT, env }).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }));
  return (JSON.parse(stdout) as { problems: LintProblem[] }).problems;
}

const readable = (problems: LintProblem[]) => problems.map((p) => `${p.ruleId} at ${p.location[0]?.pointer}: ${p.message}`);

describe('the OpenAPI document under redocly lint', () => {
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'openapi-lint-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('has no errors and no warnings for the route table', async () => {
    expect(readable(await lint(routes))).toEqual([]);
  });

  it('names the rule and the operation when a new route lacks a described tag or a success answer', async () => {
    const careless: RouteSpec = {
      method: 'GET',
      path: '/v1/careless',
      lambda: 'careless',
      auth: 'public',
      summary: 'A route added without care',
      tags: ['undescribed'],
      responses: { 404: { description: 'Not here' } },
    };
    const problems = readable(await lint([...routes, careless]));
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^operation-tag-defined at #\/paths\/~1v1~1careless\/get\/tags\/0: /),
        expect.stringMatching(/^rule\/success-or-redirect at #\/paths\/~1v1~1careless\/get\/responses: /),
      ]),
    );
  });
});
