// `npm run config-schema`: writes privacy-ops.config.schema.json, the JSON Schema of the deployment
// configuration file, from the zod schema the synth checks the file with (shared/deployment-config.ts).
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deploymentConfigJsonSchema } from '../shared/deployment-config.js';

/** Where the schema is committed, beside cdk.json. */
export const CONFIG_SCHEMA_FILE = join(resolve(dirname(fileURLToPath(import.meta.url)), '..'), 'privacy-ops.config.schema.json');

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  writeFileSync(CONFIG_SCHEMA_FILE, `${JSON.stringify(deploymentConfigJsonSchema(), null, 2)}\n`);
  // Laid out as Biome lays out every JSON file of the project; the test compares the content only.
  execFileSync('biome', ['format', '--write', CONFIG_SCHEMA_FILE], { stdio: 'inherit' });
  console.log(`Wrote ${CONFIG_SCHEMA_FILE}`);
}
