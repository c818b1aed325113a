import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, NestedStack, Stack, Validations } from 'aws-cdk-lib';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { acceptFinding, NAG_PACKS } from '../../infra/nag.js';
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
  return report.pluginReports.flatMap((r) => r.violations);
}

describe('cdk-nag: AwsSolutions, NIST 800-53 rev 5 and Serverless', () => {
  it('finds nothing unacknowledged in the stack, in any pack', () => {
    // With email intake on, so its receipt rule, bucket and key grants and rule-set activation are checked too.
    const { app, outdir } = buildStack({ nag: true, context: { 'privacy-ops:emailIntake': { addresses: ['privacy@example.com'] } } });
    const found = nagViolations(app, outdir).map((v) => `${v.ruleName} (${v.severity}) at ${v.violatingConstructs.map((c) => c.constructPath).join(', ')}`);
    expect(found).toEqual([]);
    // Synthesizing the stack and its nested stack and walking both with three packs takes a while on a busy machine.
  }, 300_000);

  it('reports a non-compliant resource in every pack the stack runs, so the check above can fail', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'privacy-ops-nag-'));
    const app = new App({ outdir });
    const careless = new Stack(app, 'Careless');
    new Bucket(careless, 'OpenBucket');
    new Queue(careless, 'QueueWithoutRedrive');
    Validations.of(app).addPlugins(...NAG_PACKS.map((Pack) => new Pack(app)));
    expect(nagViolations(app, outdir).map((v) => v.ruleName)).toEqual(
      expect.arrayContaining(['AwsSolutions-S1', 'AwsSolutions-S10', 'NIST.800.53.R5-S3BucketVersioningEnabled', 'Serverless-SQSRedrivePolicy']),
    );
  });

  it('reports a non-compliant resource inside a nested stack, where the API lives', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'privacy-ops-nag-'));
    const app = new App({ outdir });
    const nested = new NestedStack(new Stack(app, 'Parent'), 'Nested');
    new Bucket(nested, 'OpenBucket');
    Validations.of(app).addPlugins(...NAG_PACKS.map((Pack) => new Pack(app)));
    const paths = nagViolations(app, outdir)
      .filter((v) => v.ruleName === 'AwsSolutions-S1')
      .flatMap((v) => v.violatingConstructs.map((c) => c.constructPath));
    expect(paths).toContain('Parent/Nested/OpenBucket/Resource');
  });

  it('refuses an acknowledgement that gives no reason', () => {
    const stack = new Stack(new App(), 'Any');
    expect(() => acceptFinding(stack, 'AwsSolutions-S1', 'because')).toThrow(/must say why/);
  });
});
