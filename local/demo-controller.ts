// The demo company: the deployment configuration `npm start`, `npx cdk synth` with privacy-ops:demo and the tests speak as.
import type { ControllerInfo } from '../shared/config.js';
import { parseDeploymentConfig, type DeploymentSettings } from '../shared/deployment-config.js';
import demo from './demo.config.json' with { type: 'json' };

/** The demo configuration file, named by cdk.json (privacy-ops:configFile). */
export const DEMO_CONFIG_FILE = 'local/demo.config.json';

function demoConfig(): DeploymentSettings {
  const result = parseDeploymentConfig(demo);
  if ('problems' in result) throw new Error(`${DEMO_CONFIG_FILE} is not valid: ${result.problems.map((p) => `${p.key} ${p.message}`).join('; ')}`);
  return result.config;
}

/** The demo company's deployment configuration, checked with the schema every deployment's is. */
export const DEMO_CONFIG: DeploymentSettings = demoConfig();

/** Example Software GmbH, the controller of the demo. */
export const DEMO_CONTROLLER: ControllerInfo = DEMO_CONFIG.controller;
