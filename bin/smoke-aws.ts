// The AWS side of the smoke test: the stack's outputs and alarms, the SES identity, and SigV4 signing.
import { createHash, createHmac } from 'node:crypto';
import { CloudFormationClient, DescribeStackResourcesCommand, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { CloudWatchClient, DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { GetEmailIdentityCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { SignatureV4 } from '@smithy/signature-v4';
import type { SmokeAws } from './smoke-cli.js';

/** Fixed credentials or a provider of them, as the SDK clients and the signer take them. */
type Credentials = ConstructorParameters<typeof SignatureV4>[0]['credentials'];

type SourceData = string | ArrayBuffer | ArrayBufferView;
const bytes = (data: SourceData): string | Uint8Array =>
  typeof data === 'string' ? data : data instanceof ArrayBuffer ? new Uint8Array(data) : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);

/** SHA-256 (and its HMAC) from node:crypto, in the shape the SigV4 signer takes. */
class NodeSha256 {
  private hash: ReturnType<typeof createHash> | ReturnType<typeof createHmac>;
  private readonly secret?: string | Uint8Array;
  constructor(secret?: SourceData) {
    this.secret = secret === undefined ? undefined : bytes(secret);
    this.hash = this.fresh();
  }
  private fresh() {
    return this.secret === undefined ? createHash('sha256') : createHmac('sha256', this.secret);
  }
  update(data: SourceData): void {
    this.hash.update(bytes(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
  reset(): void {
    this.hash = this.fresh();
  }
}

/** The smoke test's AWS side in `region`, with the caller's credentials (the default provider chain) unless given. */
export function awsFor(region: string, credentials: Credentials = fromNodeProviderChain()): SmokeAws {
  const cloudFormation = new CloudFormationClient({ region, credentials });
  const cloudWatch = new CloudWatchClient({ region, credentials });
  const ses = new SESv2Client({ region, credentials });
  const signer = new SignatureV4({ service: 'execute-api', region, credentials, sha256: NodeSha256 });
  return {
    async stackOutputs(stackName) {
      const { Stacks } = await cloudFormation.send(new DescribeStacksCommand({ StackName: stackName }));
      return Object.fromEntries((Stacks?.[0]?.Outputs ?? []).map((o) => [o.OutputKey ?? '', o.OutputValue ?? '']));
    },
    async stackAlarms(stackName) {
      const { StackResources } = await cloudFormation.send(new DescribeStackResourcesCommand({ StackName: stackName }));
      const declared = (StackResources ?? []).filter((r) => r.ResourceType === 'AWS::CloudWatch::Alarm').flatMap((r) => r.PhysicalResourceId ?? []);
      if (declared.length === 0) return { declared, existing: [] };
      const { MetricAlarms, CompositeAlarms } = await cloudWatch.send(new DescribeAlarmsCommand({ AlarmNames: declared }));
      return { declared, existing: [...(MetricAlarms ?? []), ...(CompositeAlarms ?? [])].flatMap((a) => a.AlarmName ?? []) };
    },
    async identityStatus(identity) {
      const answer = await ses.send(new GetEmailIdentityCommand({ EmailIdentity: identity }));
      return { dkimStatus: answer.DkimAttributes?.Status, verifiedForSending: answer.VerifiedForSendingStatus === true };
    },
    async sign({ method, url, headers }) {
      const signed = await signer.sign({
        method,
        protocol: url.protocol,
        hostname: url.hostname,
        ...(url.port ? { port: Number(url.port) } : {}),
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        headers,
      });
      return signed.headers;
    },
  };
}
