// Wiring: the console's Charts page script, read (or, locally, built) once per cold start.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { once } from '../../shared/once.js';

const SCRIPT = 'console-charts.js';

/** The local runtime's builder, named by a computed URL so no Lambda bundle takes esbuild (or the catalogue) in with it. */
const LOCAL_BUILDER = new URL('../../local/browser-scripts.ts', import.meta.url);

/**
 * The script's text. In a Lambda bundle it was built beside the bundle at deployment (`scripts` in
 * the catalogue); the local runtime, which runs the sources, builds it from them in memory.
 */
export const chartsScript = /* @__PURE__ */ once(async (): Promise<string> => {
  const beside = fileURLToPath(new URL(SCRIPT, import.meta.url));
  if (existsSync(beside)) return readFile(beside, 'utf8');
  const builder = (await import(LOCAL_BUILDER.href)) as typeof import('../../local/browser-scripts.js');
  return builder.buildBrowserScript(fileURLToPath(new URL('../../', import.meta.url)), SCRIPT);
});
