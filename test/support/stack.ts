// Synthesizes the real stack for infra tests, with cdk-nag attached as in infra/app.ts.
import { App, type CfnElement, NestedStack, Stack, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { IRole } from 'aws-cdk-lib/aws-iam';
import { NAG_PACKS } from '../../infra/nag.js';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readConfig } from '../../infra/config.js';
import { PrivacyOpsStack, type PrivacyOpsStackProps } from '../../infra/privacy-ops-stack.js';

export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** The context of cdk.json (feature flags and defaults), so tests synthesize what `cdk synth` does. */
const CDK_JSON_CONTEXT = JSON.parse(readFileSync(join(PROJECT_ROOT, 'cdk.json'), 'utf8')).context as Record<string, unknown>;

/**
 * A fresh app with the stack; `context` overrides cdk.json's `privacy-ops:*` keys. Functions are
 * bundled with esbuild only when `bundle` is set: the template is the same either way, and
 * bundling every function takes most of a minute.
 */
export function buildStack(options: { context?: Record<string, unknown>; routes?: PrivacyOpsStackProps['routes']; nag?: boolean; bundle?: boolean } = {}) {
  const outdir = mkdtempSync(join(tmpdir(), 'privacy-ops-cdk-'));
  const bundling = options.bundle ? {} : { 'aws:cdk:bundling-stacks': [] };
  const app = new App({ outdir, context: { ...CDK_JSON_CONTEXT, ...bundling, ...options.context } });
  const stack = new PrivacyOpsStack(app, 'PrivacyOpsTest', {
    projectRoot: PROJECT_ROOT,
    config: readConfig(app.node),
    routes: options.routes,
    env: { account: '123456789012', region: 'eu-central-1' },
  });
  if (options.nag) Validations.of(app).addPlugins(...NAG_PACKS.map((Pack) => new Pack(app)));
  return { app, stack, outdir };
}

/** The stack and each of its nested stacks, the stack first: what CloudFormation deploys as separate templates. */
export function stacksOf(stack: Stack): Stack[] {
  return [stack, ...stack.node.findAll().filter((construct): construct is NestedStack => NestedStack.isNestedStack(construct))];
}

/** The template of the nested stack that holds the REST API, its stage and its web ACL. */
export function apiTemplate(stack: PrivacyOpsStack): Template {
  return Template.fromStack(stack.stateless.apiStack);
}

/** The text of every template of `stack`, its nested stacks' included: what a deployment hands to CloudFormation. */
export function templatesText(stack: Stack): string {
  return stacksOf(stack)
    .map((each) => JSON.stringify(Template.fromStack(each).toJSON()))
    .join('\n');
}

/** An IAM policy statement as a template holds it. */
export interface StatementJson {
  Sid?: string;
  Effect: string;
  Principal?: unknown;
  Action: string | string[];
  Resource: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}

/**
 * The statements that grant `role` (a role, or its logical id in `template`) its permissions: those
 * inline on the role (`Policies`, where a house function's grants sit) and those of every
 * `AWS::IAM::Policy` attached to it (where CDK puts the grants of other roles, such as a state machine's).
 */
export function roleStatements(template: Template, role: IRole | string): StatementJson[] {
  const roleId = typeof role === 'string' ? role : Stack.of(role).getLogicalId(role.node.defaultChild as CfnElement);
  const resource = template.findResources('AWS::IAM::Role')[roleId];
  if (!resource) throw new Error(`The template has no role ${roleId}`);
  type Document = { Statement: StatementJson[] };
  const inline = ((resource.Properties.Policies ?? []) as { PolicyDocument: Document }[]).flatMap((policy) => policy.PolicyDocument.Statement);
  const attached = Object.values(template.findResources('AWS::IAM::Policy'))
    .filter((policy) => ((policy.Properties.Roles ?? []) as { Ref?: string }[]).some((each) => each.Ref === roleId))
    .flatMap((policy) => (policy.Properties.PolicyDocument as Document).Statement);
  return [...inline, ...attached];
}
