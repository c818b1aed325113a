// What an AWS service may do with the data key when it publishes to an encrypted topic or queue
// on the stack's behalf: only for this account, and only for the named source (confused deputy).
import { ArnFormat, Stack } from 'aws-cdk-lib';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';

/**
 * Lets `service` (e.g. `ses.amazonaws.com`) make data keys with `key` and decrypt them, when the
 * call is made for this account and for a source whose ARN matches `sourceArn` (wildcards allowed).
 */
export function grantKeyToService(key: IKey, service: string, sourceArn: string): void {
  key.addToResourcePolicy(
    new PolicyStatement({
      principals: [new ServicePrincipal(service)],
      actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
      resources: ['*'],
      conditions: {
        StringEquals: { 'aws:SourceAccount': Stack.of(key).account },
        ArnLike: { 'aws:SourceArn': sourceArn },
      },
    }),
  );
}

/**
 * Lets CloudWatch Logs in this region encrypt and read log groups of this account with `key`
 * (the encryption context names the log group, so the grant reaches no other use of the key).
 */
export function grantKeyToLogs(key: IKey): void {
  const stack = Stack.of(key);
  key.addToResourcePolicy(
    new PolicyStatement({
      principals: [new ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
      actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
      resources: ['*'],
      conditions: {
        ArnLike: {
          'kms:EncryptionContext:aws:logs:arn': stack.formatArn({
            service: 'logs',
            resource: 'log-group',
            resourceName: '*',
            arnFormat: ArnFormat.COLON_RESOURCE_NAME,
          }),
        },
      },
    }),
  );
}
