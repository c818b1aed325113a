import { CloudFormationClient, DescribeStackResourcesCommand, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { CloudWatchClient, DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { GetEmailIdentityCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { afterEach, describe, expect, it } from 'vitest';
import { awsFor } from '../../bin/smoke-aws.js';
import { runSmoke, type SmokeAws } from '../../bin/smoke-cli.js';

const CREDENTIALS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };

/** A deployed stack as AWS would answer for it, and an API that answers as a healthy deployment does. */
function deployment(overrides: { dkimStatus?: string; missingAlarm?: boolean; gatewayOnly?: boolean } = {}) {
  const calls: { url: string; headers: Record<string, string> }[] = [];
  const aws: SmokeAws = {
    stackOutputs: async (stackName) => {
      if (stackName !== 'PrivacyOps-prod') throw new Error(`Stack with id ${stackName} does not exist`);
      return { ApiUrl: 'https://privacy.nordlicht.test/', EmailIdentity: 'nordlicht.test' };
    },
    stackAlarms: async () => ({ declared: ['overdue', 'failed'], existing: overrides.missingAlarm ? ['overdue'] : ['overdue', 'failed'] }),
    identityStatus: async () => ({ dkimStatus: overrides.dkimStatus ?? 'SUCCESS', verifiedForSending: true }),
    sign: async ({ url }) => ({ authorization: `AWS4-HMAC-SHA256 signed ${url.pathname}` }),
  };
  const fetchFn = (async (input: Parameters<typeof fetch>[0], init?: RequestInit) => {
    // The smoke test calls through the generated client, which hands fetch a Request.
    const request = input instanceof Request ? input : new Request(input, init);
    const url = new URL(request.url);
    const headers = Object.fromEntries(request.headers.entries());
    calls.push({ url: url.href, headers });
    const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
    if (overrides.gatewayOnly && url.pathname.startsWith('/v1/verify/')) return json(403, { type: 'no-route-or-unsigned' });
    if (url.pathname === '/health') return json(200, { status: 'ok' });
    if (url.pathname === '/openapi.json') return json(200, { openapi: '3.1.0', paths: { '/v1/verify/{token}': {} } });
    if (url.pathname === '/v1/systems') {
      const signed = headers.authorization === 'AWS4-HMAC-SHA256 signed /v1/systems';
      return signed ? json(200, { items: [] }) : json(403, { detail: 'unsigned' });
    }
    if (url.pathname.startsWith('/v1/verify/')) return new Response('<html></html>', { status: 404, headers: { 'content-type': 'text/html; charset=utf-8' } });
    return json(403, {});
  }) as typeof fetch;
  return { aws, fetchFn, calls };
}

async function smoke(argv: string[], setup = deployment(), env: Record<string, string> = { AWS_REGION: 'eu-central-1' }) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runSmoke(argv, { env, fetch: setup.fetchFn, out: (t) => out.push(t), err: (t) => err.push(t), aws: () => setup.aws });
  return { code, out: out.join('\n'), err: err.join('\n'), calls: setup.calls };
}

describe('npm run smoke against a stage', () => {
  it('checks the stack from its outputs and prints every check ok', async () => {
    // Act
    const { code, out, calls } = await smoke(['--stage', 'prod']);

    // Assess
    expect(code).toBe(0);
    expect(out.split('\n').filter((line) => line.startsWith('ok  '))).toHaveLength(6);
    expect(out).toContain('ok    health: 200 from https://privacy.nordlicht.test/health');
    expect(out).toContain('ok    SES identity: nordlicht.test: DKIM SUCCESS');
    expect(out).toMatch(/All checks passed\.$/);
    expect(calls.every((call) => call.url.startsWith('https://privacy.nordlicht.test/'))).toBe(true);
  });

  it('fails the SES check while DKIM is pending, and exits 1', async () => {
    // Act
    const { code, out } = await smoke(['--stage', 'prod'], deployment({ dkimStatus: 'PENDING' }));

    // Assess
    expect(code).toBe(1);
    expect(out).toContain('FAIL  SES identity: nordlicht.test: DKIM PENDING');
    expect(out).toContain('1 check failed.');
  });

  it('fails the link check when the gateway, not the page, answers a verification link', async () => {
    // Act
    const { code, out } = await smoke(['--stage', 'prod'], deployment({ gatewayOnly: true, missingAlarm: true }));

    // Assess
    expect(code).toBe(1);
    expect(out).toMatch(/FAIL {2}verification link: privacy\.nordlicht\.test\/v1\/verify\/… answered 403 application\/json/);
    expect(out).toContain('FAIL  alarms: missing in CloudWatch: failed');
  });

  it('says so when the stage has no stack', async () => {
    // Act
    const { code, out } = await smoke(['--stage', 'staging']);

    // Assess
    expect(code).toBe(1);
    expect(out).toContain('FAIL  stack: PrivacyOps-staging in eu-central-1: Stack with id PrivacyOps-staging does not exist');
  });

  it.each([
    { argv: [], why: /Name one target/ },
    { argv: ['--stage', 'prod', '--local'], why: /Name one target/ },
    { argv: ['--url', 'ftp://x'], why: /--url must be an http\(s\) URL/ },
    { argv: ['--stage', 'Prod!'], why: /--stage must be a stage name/ },
    { argv: ['--local'], why: /No API key/ },
  ])('refuses $argv with a usage message', async ({ argv, why }) => {
    // Act
    const { code, err } = await smoke(argv);

    // Assess
    expect(code).toBe(2);
    expect(err).toMatch(why);
  });
});

describe('the AWS side of the smoke test', () => {
  const cloudFormation = mockClient(CloudFormationClient);
  const cloudWatch = mockClient(CloudWatchClient);
  const ses = mockClient(SESv2Client);

  afterEach(() => {
    cloudFormation.reset();
    cloudWatch.reset();
    ses.reset();
  });

  it('signs a call for API Gateway with the caller credentials', async () => {
    // Act
    const headers = await awsFor('eu-central-1', CREDENTIALS).sign({
      method: 'GET',
      url: new URL('https://privacy.nordlicht.test/v1/systems'),
      headers: { host: 'privacy.nordlicht.test' },
    });

    // Assess
    expect(headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-central-1\/execute-api\/aws4_request, SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature=[0-9a-f]{64}$/,
    );
    expect(headers['x-amz-date']).toMatch(/^\d{8}T\d{6}Z$/);
  });

  it('reads the outputs, the alarms the stack declares and the identity status', async () => {
    // Prepare
    cloudFormation.on(DescribeStacksCommand).resolves({
      Stacks: [
        {
          StackName: 'PrivacyOps-prod',
          CreationTime: new Date(),
          StackStatus: 'CREATE_COMPLETE',
          Outputs: [{ OutputKey: 'ApiUrl', OutputValue: 'https://privacy.nordlicht.test/' }],
        },
      ],
    });
    cloudFormation.on(DescribeStackResourcesCommand).resolves({
      StackResources: [
        {
          ResourceType: 'AWS::CloudWatch::Alarm',
          PhysicalResourceId: 'overdue',
          LogicalResourceId: 'A',
          ResourceStatus: 'CREATE_COMPLETE',
          Timestamp: new Date(),
        },
        { ResourceType: 'AWS::SNS::Topic', PhysicalResourceId: 'topic', LogicalResourceId: 'T', ResourceStatus: 'CREATE_COMPLETE', Timestamp: new Date() },
      ],
    });
    cloudWatch.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [{ AlarmName: 'overdue' }] });
    ses.on(GetEmailIdentityCommand).resolves({ DkimAttributes: { Status: 'SUCCESS' }, VerifiedForSendingStatus: true });
    const aws = awsFor('eu-central-1', CREDENTIALS);

    // Act
    const outputs = await aws.stackOutputs('PrivacyOps-prod');
    const alarms = await aws.stackAlarms('PrivacyOps-prod');
    const identity = await aws.identityStatus('nordlicht.test');

    // Assess
    expect(outputs).toEqual({ ApiUrl: 'https://privacy.nordlicht.test/' });
    expect(alarms).toEqual({ declared: ['overdue'], existing: ['overdue'] });
    expect(cloudWatch).toHaveReceivedCommandWith(DescribeAlarmsCommand, { AlarmNames: ['overdue'] });
    expect(identity).toEqual({ dkimStatus: 'SUCCESS', verifiedForSending: true });
  });
});
