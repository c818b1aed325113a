// Wiring: the API reference's renderer script, read once per cold start.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { lambdas } from '../../shared/lambdas.js';
import { once } from '../../shared/once.js';

const SCRIPT = 'api-reference.js';

/**
 * The script's text. In a Lambda bundle it was copied beside the bundle (`files` in the catalogue);
 * the local runtime reads it from the npm package in the project.
 */
export const apiReferenceSource = /* @__PURE__ */ once(() => {
  const beside = fileURLToPath(new URL(SCRIPT, import.meta.url));
  const inProject = join(fileURLToPath(new URL('../../', import.meta.url)), lambdas.openapi.files[SCRIPT]);
  return readFileSync(existsSync(beside) ? beside : inProject, 'utf8');
});
