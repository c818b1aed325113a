import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { acceptFinding } from '../../infra/nag.js';
import { buildStack } from '../support/stack.js';

interface Violation {
  ruleName: string;
  severity: string;
  violatingConstructs: { constructPath: string }[];
}

/** Synthesizes `app` and returns cdk-nag's violations from the validation report. */
function nagViolations(app: App, outdir: string): Violation[] {
  try {
    app.synth();
  } catch (error) {
    if ((error as Error).name !== 'ValidationFailed') throw error;
  }
  const report = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8')) as {
    pluginReports: { pluginName: string; violations: Violation[] }[];
  };
  return report.pluginReports.filter((r) => r.pluginName === 'AwsSolutions').flatMap((r) => r.violations);
}

describe('cdk-nag AwsSolutions', () => {
  it('finds nothing unacknowledged in the stack', () => {
    const { app, outdir } = buildStack({ nag: true });
    const found = nagViolations(app, outdir).map((v) => `${v.ruleName} (${v.severity}) at ${v.violatingConstructs.map((c) => c.constructPath).join(', ')}`);
    expect(found).toEqual([]);
  });

  it('reports a non-compliant resource, so the check above can fail', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'privacy-ops-nag-'));
    const app = new App({ outdir });
    new Bucket(new Stack(app, 'Careless'), 'OpenBucket');
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    expect(nagViolations(app, outdir).map((v) => v.ruleName)).toEqual(expect.arrayContaining(['AwsSolutions-S1', 'AwsSolutions-S10']));
  });

  it('refuses an acknowledgement that gives no reason', () => {
    const stack = new Stack(new App(), 'Any');
    expect(() => acceptFinding(stack, 'AwsSolutions-S1', 'because')).toThrow(/must say why/);
  });
});
