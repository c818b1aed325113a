// Tables, bucket and key: everything that holds data, apart from code so a redeploy never risks it.
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, Billing, ProjectionType, TableEncryptionV2, TableV2, type Attribute } from 'aws-cdk-lib/aws-dynamodb';
import { AnyPrincipal, Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Key, KeySpec as KmsKeySpec, KeyUsage } from 'aws-cdk-lib/aws-kms';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectLockRetention, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { acceptFinding } from '../nag.js';
import { grantKeyToLogs } from './key-grants.js';
import { Construct } from 'constructs';
import { auditKey, buckets, secrets, tables, type BucketId, type BucketSpec, type KeySpec, type SecretId, type TableId } from '../../shared/resources.js';

export interface StatefulProps {
  deletionProtection: boolean;
}

const attribute = (key: KeySpec): Attribute => ({
  name: key.name,
  type: key.type === 'S' ? AttributeType.STRING : AttributeType.NUMBER,
});

/** The KMS key, the DynamoDB tables and the S3 buckets declared in shared/resources.ts. */
export class Stateful extends Construct {
  readonly key: Key;
  /** The audit key: HMAC_256, for GenerateMac and VerifyMac only; its material never leaves KMS. */
  readonly auditKey: Key;
  /** The OpenDSR processor key: asymmetric, so its private half never leaves KMS; functions may only ask it to sign. */
  readonly processorKey: Key;
  readonly tables: Record<TableId, TableV2>;
  readonly buckets: Record<BucketId, Bucket>;
  readonly secrets: Record<SecretId, Secret>;

  constructor(scope: Construct, id: string, props: StatefulProps) {
    super(scope, id);
    const removalPolicy = props.deletionProtection ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

    this.key = new Key(this, 'DataKey', {
      description: 'privacy-ops: encrypts requests, audit events, tokens and exports',
      enableKeyRotation: true,
      removalPolicy,
    });
    grantKeyToLogs(this.key);

    this.auditKey = new Key(this, 'AuditKey', {
      description: `privacy-ops: ${auditKey.description}`,
      keySpec: KmsKeySpec.HMAC_256,
      keyUsage: KeyUsage.GENERATE_VERIFY_MAC,
      removalPolicy,
    });
    acceptFinding(
      this.auditKey,
      'NIST.800.53.R5-KMSBackingKeyRotationEnabled',
      'KMS does not rotate HMAC keys; a new audit key would orphan the keyed hashes of every kept chain and anchor. The key never leaves KMS, only the appending functions may use it to make a keyed hash (CloudTrail logs each use), and the daily anchors are write-once.',
    );
    this.processorKey = new Key(this, 'OpenDsrSigningKey', {
      description: 'privacy-ops: signs OpenDSR answers and status callbacks; the processor certificate certifies its public key',
      keySpec: KmsKeySpec.ECC_NIST_P256,
      keyUsage: KeyUsage.SIGN_VERIFY,
      // Controllers pin the certificate of this key: losing it means a new certificate for every controller.
      removalPolicy,
    });

    this.tables = Object.fromEntries(
      Object.entries(tables).map(([tableId, spec]) => [
        tableId,
        new TableV2(this, `${tableId[0]!.toUpperCase()}${tableId.slice(1)}Table`, {
          partitionKey: attribute(spec.partitionKey),
          ...('sortKey' in spec ? { sortKey: attribute(spec.sortKey) } : {}),
          billing: Billing.onDemand(),
          encryption: TableEncryptionV2.customerManagedKey(this.key),
          pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
          deletionProtection: props.deletionProtection,
          removalPolicy,
          ...('ttlAttribute' in spec ? { timeToLiveAttribute: spec.ttlAttribute } : {}),
          globalSecondaryIndexes: ('indexes' in spec ? spec.indexes : []).map((index) => ({
            indexName: index.name,
            partitionKey: attribute(index.partitionKey),
            ...('sortKey' in index && index.sortKey ? { sortKey: attribute(index.sortKey) } : {}),
            ...('projection' in index && index.projection ? { projectionType: ProjectionType.INCLUDE, nonKeyAttributes: [...index.projection] } : {}),
          })),
        }),
      ]),
    ) as Record<TableId, TableV2>;

    this.secrets = Object.fromEntries(
      Object.entries(secrets).map(([secretId, spec]) => {
        const secret = new Secret(this, `${secretId[0]!.toUpperCase()}${secretId.slice(1)}Secret`, {
          description: `privacy-ops: ${spec.description}`,
          encryptionKey: this.key,
          generateSecretString: { passwordLength: 64, excludePunctuation: true },
          removalPolicy,
        });
        for (const rule of ['AwsSolutions-SMG4', 'NIST.800.53.R5-SecretsManagerRotationEnabled']) acceptFinding(secret, rule, spec.notRotated);
        return [secretId, secret];
      }),
    ) as Record<SecretId, Secret>;

    const accessLogs = new Bucket(this, 'AccessLogs', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ expiration: Duration.days(365) }],
      removalPolicy,
    });
    acceptFinding(accessLogs, 'AwsSolutions-S1', 'This is the server access log bucket; logging it into itself would loop.');
    acceptFinding(
      accessLogs,
      'NIST.800.53.R5-S3DefaultEncryptionKMS',
      'S3 server access logging delivers only to buckets encrypted with S3-managed keys; the logs hold object keys and requester ids, no object contents.',
    );
    this.acceptNoCopies(accessLogs);

    this.buckets = Object.fromEntries(
      (Object.entries(buckets) as [BucketId, BucketSpec][]).map(([bucketId, spec]) => {
        const bucket = new Bucket(this, `${bucketId[0]!.toUpperCase()}${bucketId.slice(1)}Bucket`, {
          blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
          encryption: BucketEncryption.KMS,
          encryptionKey: this.key,
          bucketKeyEnabled: true,
          enforceSSL: true,
          objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
          serverAccessLogsBucket: accessLogs,
          serverAccessLogsPrefix: `${spec.localName}/`,
          lifecycleRules: [
            ...spec.expiringPrefixes.map(({ prefix, days }) => ({
              prefix,
              expiration: Duration.days(days),
              ...(spec.writeOnceDays ? { noncurrentVersionExpiration: Duration.days(1) } : {}),
            })),
            { abortIncompleteMultipartUploadAfter: Duration.days(1) },
          ],
          ...(spec.writeOnceDays ? this.writeOnce(spec.writeOnceDays, props.deletionProtection) : { versioned: false }),
          // A write-once bucket outlives the stack: Object Lock refuses to delete what it holds.
          removalPolicy: spec.writeOnceDays ? RemovalPolicy.RETAIN : removalPolicy,
        });
        if (spec.writeOnceDays) {
          // Every put must be conditional (If-None-Match): an object is written once and never replaced by a newer version.
          bucket.addToResourcePolicy(
            new PolicyStatement({
              sid: 'WriteOnceOnly',
              effect: Effect.DENY,
              principals: [new AnyPrincipal()],
              actions: ['s3:PutObject'],
              resources: [bucket.arnForObjects('*')],
              conditions: { Null: { 's3:if-none-match': 'true' } },
            }),
          );
          acceptFinding(
            bucket,
            'NIST.800.53.R5-S3BucketReplicationEnabled',
            'The anchors hold request ids and keyed hashes only; Object Lock keeps each one unchanged for as long as the chains it pins, and a lost anchor shows as missing to the verifier.',
          );
        } else this.acceptNoCopies(bucket);
        return [bucketId, bucket];
      }),
    ) as Record<BucketId, Bucket>;
  }

  /**
   * Object Lock for a write-once bucket: compliance mode where the stage's data is protected from
   * deletion (no one, not even the account root, may shorten or lift it), governance mode elsewhere,
   * so a test stage can be torn down (docs/adr/0017-anchored-audit-chain.md).
   */
  private writeOnce(days: number, compliance: boolean) {
    return {
      versioned: true,
      objectLockEnabled: true,
      objectLockDefaultRetention: compliance ? ObjectLockRetention.compliance(Duration.days(days)) : ObjectLockRetention.governance(Duration.days(days)),
    };
  }

  /** Versions and replicas would keep what an erasure or an expiry deletes. */
  private acceptNoCopies(bucket: Bucket): void {
    acceptFinding(
      bucket,
      'NIST.800.53.R5-S3BucketVersioningEnabled',
      'Objects here are short-lived copies of personal data that must be gone when erased or expired; a version would keep them. Lifecycle rules and the deletion ledger are the control.',
    );
    acceptFinding(
      bucket,
      'NIST.800.53.R5-S3BucketReplicationEnabled',
      'A replica would be a second copy of personal data to erase; what must survive a Region loss (requests, audit) lives in DynamoDB with point-in-time recovery.',
    );
  }
}
