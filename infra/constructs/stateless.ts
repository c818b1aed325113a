// Functions and the REST API, built from the lambda catalogue and the route table; the API, its edge
// and the caller roles are a nested stack (api-stack.ts), the functions stay in the deployed stack.
import { Stack } from 'aws-cdk-lib';
import type { RestApi } from 'aws-cdk-lib/aws-apigateway';
import { Construct } from 'constructs';
import { auditKeyUse, lambdas, type BucketAccess, type LambdaId, type LambdaSpec } from '../../shared/lambdas.js';
import { routes as routeTable } from '../../functions/routes.js';
import type { RouteSpec } from '../../shared/http/route.js';
import { buckets, secrets, tables, type BucketId, type TableId } from '../../shared/resources.js';
import { settings, settingsEnvironment } from '../../shared/config.js';
import type { StackConfig } from '../config.js';
import { ApiStack } from './api-stack.js';
import type { CallerRoles } from './caller-roles.js';
import type { Edge } from './edge.js';
import type { LogSettings } from './log-groups.js';
import { PrivacyFunction } from './privacy-function.js';
import type { Stateful } from './stateful.js';

export interface StatelessProps {
  projectRoot: string;
  config: StackConfig;
  stateful: Stateful;
  logs: LogSettings;
  /** The routes to serve; the route table unless a test passes its own. */
  routes?: readonly RouteSpec<LambdaId>[];
}

/** A function's description: what it does, then the routes it serves, as the route table declares them. */
export function functionDescription(lambdaId: LambdaId, spec: LambdaSpec, routes: readonly RouteSpec<LambdaId>[]): string {
  const served = routes.filter((route) => route.lambda === lambdaId).map((route) => `${route.method} ${route.path}`);
  return `privacy-ops: ${spec.description}${served.length ? ` (${served.join(', ')})` : ''}`;
}

/** The house functions, one per lambda spec, and the RestApi serving the route table. */
export class Stateless extends Construct {
  readonly functions: Record<LambdaId, PrivacyFunction>;
  /** The nested stack that holds the API, its stage and its web ACL. */
  readonly apiStack: ApiStack;
  readonly api: RestApi;
  readonly edge: Edge;
  readonly callerRoles: CallerRoles;

  constructor(scope: Construct, id: string, props: StatelessProps) {
    super(scope, id);
    const { stateful, config } = props;

    this.functions = Object.fromEntries(
      (Object.entries(lambdas) as [LambdaId, LambdaSpec][]).map(([lambdaId, spec]) => {
        const fn = new PrivacyFunction(this, `${lambdaId[0]!.toUpperCase()}${lambdaId.slice(1)}Function`, {
          projectRoot: props.projectRoot,
          entry: spec.entry,
          description: functionDescription(lambdaId, spec, props.routes ?? routeTable),
          memorySize: spec.memorySize,
          timeoutSeconds: spec.timeoutSeconds,
          logs: props.logs,
          files: spec.files,
          scripts: spec.scripts,
          environment: settingsEnvironment({
            senderAddress: config.senderAddress,
            replyToAddress: config.replyToAddress,
            controller: JSON.stringify(config.controller),
            languages: config.languages.join(','),
            gdprTimeZone: config.gdpr.timeZone,
            gdprHolidayRegion: config.gdpr.holidayRegion,
            ccpaTimeZone: config.ccpa.timeZone,
            ccpaHolidayRegion: config.ccpa.holidayRegion,
            publicBaseUrl: `https://${config.domain}`,
            verificationLinkDays: String(config.verificationLinkDays),
            identityProvider: config.identityProvider ? JSON.stringify(config.identityProvider) : undefined,
          }),
        });
        if (spec.sendsEmail) fn.allowSendEmail(config.senderAddress, spec.sendsEmail);
        if (spec.readsAccountDirectory) fn.bindAccountDirectory(config.accountDirectoryTable, spec.readsAccountDirectory);
        if (spec.usesConnectors) fn.allowConnectors(config.connectorTables, config.connectorBuckets);
        for (const [tableId, access] of Object.entries(spec.tables) as [TableId, 'read' | 'readwrite' | 'append' | 'notices'][]) {
          fn.bindTable(stateful.tables[tableId], tables[tableId].envVar, access);
        }
        const keyUse = auditKeyUse(spec);
        if (keyUse) fn.bindAuditKey(stateful.auditKey, keyUse);
        for (const [bucketId, access] of Object.entries(spec.buckets) as [BucketId, BucketAccess][]) {
          fn.bindBucket(stateful.buckets[bucketId], buckets[bucketId].envVar, access);
        }
        for (const secretId of spec.secrets ?? []) {
          fn.bindSecret(stateful.secrets[secretId], secrets[secretId].envVar);
        }
        if (spec.processorKey === 'sign') {
          stateful.processorKey.grant(fn, 'kms:Sign');
          fn.addEnvironment(settings.openDsrSigningKeyId.envVar, stateful.processorKey.keyArn);
        }
        // The OpenDSR functions that sign are those that file, read and cancel: filing names the controller in the subject's mails.
        if (spec.processorKey === 'sign' && config.openDsr?.controllers) {
          fn.addEnvironment(settings.openDsrControllers.envVar, JSON.stringify(config.openDsr.controllers));
        }
        if (spec.processorKey === 'certificate' && config.openDsr?.certificatePem) {
          fn.addEnvironment(settings.openDsrCertificatePem.envVar, config.openDsr.certificatePem);
        }
        return [lambdaId, fn];
      }),
    ) as Record<LambdaId, PrivacyFunction>;

    this.apiStack = new ApiStack(this, 'Api', {
      functions: this.functions,
      routes: props.routes ?? routeTable,
      logs: props.logs,
      customDomain: config.edge !== undefined,
      ownerStackName: Stack.of(this).stackName,
      pages: { controller: config.controller, languages: config.languages },
    });
    this.api = this.apiStack.api;
    this.edge = this.apiStack.edge;
    this.callerRoles = this.apiStack.callerRoles;
  }
}
