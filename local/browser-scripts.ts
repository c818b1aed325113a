// The local runtime's build of a page's browser script: the sources the CDK bundles at deployment,
// built in memory with the same esbuild settings the first time a page asks for the script.
import { build } from 'esbuild';
import { browserScriptSettings } from '../infra/bundling.js';

/** The script built from `entry` (relative to `projectRoot`), as the deployment would build it. */
export async function buildBrowserScript(projectRoot: string, entry: string): Promise<string> {
  const result = await build({ ...browserScriptSettings, entryPoints: [entry], absWorkingDir: projectRoot, write: false, logLevel: 'silent' });
  const [output] = result.outputFiles;
  if (!output) throw new Error(`esbuild produced no script from ${entry}`);
  return output.text;
}
