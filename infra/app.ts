// The CDK app: `npx cdk synth` / `npx cdk deploy` run this through tsx.
import { App, Validations } from 'aws-cdk-lib';
import { NAG_PACKS } from './nag.js';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { configSummary } from '../shared/deployment-config.js';
import { readConfig, stackNameFor } from './config.js';
import { PrivacyOpsStack } from './privacy-ops-stack.js';

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const app = new App();
const config = readConfig(app.node);
// Whom the stack speaks for, on stderr so that `cdk synth`'s template on stdout stays clean.
console.error(configSummary(config, config.demo));
new PrivacyOpsStack(app, stackNameFor(config.stage), {
  projectRoot,
  config,
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
});
Validations.of(app).addPlugins(...NAG_PACKS.map((Pack) => new Pack(app)));
app.synth();
