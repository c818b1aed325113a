// The local runtime's build of a page's browser script: the sources the CDK bundles at deployment
// (`scripts` in the Lambda catalogue), built in memory with the same esbuild settings the first
// time a page asks for the script.
import { build } from 'esbuild';
import { browserScriptSettings } from '../infra/bundling.js';
import { type LambdaSpec, lambdas } from '../shared/lambdas.js';

/** The script the catalogue names `name`, built from its entry (relative to `projectRoot`) as the deployment would build it. */
export async function buildBrowserScript(projectRoot: string, name: string): Promise<string> {
  const entry = Object.values(lambdas as Record<string, LambdaSpec>).find((spec) => spec.scripts?.[name])?.scripts?.[name];
  if (!entry) throw new Error(`No function in the catalogue serves a script named ${name}`);
  const result = await build({ ...browserScriptSettings, entryPoints: [entry], absWorkingDir: projectRoot, write: false, logLevel: 'silent' });
  const [output] = result.outputFiles;
  if (!output) throw new Error(`esbuild produced no script from ${entry}`);
  return output.text;
}
