// Functions and the REST API, built from the lambda catalogue and the route table.
import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import {
  AccessLogFormat,
  AuthorizationType,
  EndpointType,
  LambdaIntegration,
  LogGroupLogDestination,
  MethodLoggingLevel,
  RequestValidator,
  ResponseType,
  RestApi,
} from 'aws-cdk-lib/aws-apigateway';
import { Construct } from 'constructs';
import { lambdas, type BucketAccess, type LambdaId, type LambdaSpec } from '../../shared/lambdas.js';
import { routes as routeTable } from '../../functions/routes.js';
import type { RouteSpec } from '../../shared/http/route.js';
import { PROBLEM_CONTENT_TYPE, problemType } from '../../shared/http/problem.js';
import { buckets, secrets, tables, type BucketId, type TableId } from '../../shared/resources.js';
import { settingsEnvironment } from '../../shared/config.js';
import type { StackConfig } from '../config.js';
import { acceptFinding } from '../nag.js';
import { CallerRoles } from './caller-roles.js';
import { Edge } from './edge.js';
import { houseLogGroup, type LogSettings } from './log-groups.js';
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

/**
 * The API's one stage. Its name is no part of a public URL: the custom domain maps its root onto the
 * stage, and the routes carry their own version (/v1/…). It must not be `v1` again, which made the
 * execute-api address …/v1/v1/verify.
 */
export const API_STAGE = 'api';

/** Sustained calls per second and burst the stage accepts before API Gateway answers 429. */
export const API_THROTTLE = { rateLimit: 50, burstLimit: 100 };

/** Access log fields: who called what and how it went, never a body, an IP address or a query string. */
const ACCESS_LOG_FIELDS = {
  requestId: '$context.requestId',
  requestTime: '$context.requestTimeEpoch',
  httpMethod: '$context.httpMethod',
  resourcePath: '$context.resourcePath',
  status: '$context.status',
  protocol: '$context.protocol',
  responseLength: '$context.responseLength',
  integrationLatency: '$context.integrationLatency',
  errorType: '$context.error.responseType',
};

/** How long the token of each kind of subject link works, as the acknowledgements of its public routes say. */
const SUBJECT_TOKEN_LIFETIMES: Record<string, string> = {
  verify: 'valid for the configured days (7 by default) and spent once the request is confirmed',
  exports: 'valid for 7 days while the export is kept, and good for 5 downloads, each a click on the page the link opens',
  unsubscribe: 'valid for the configured days (a year by default), because marketing mail stays in inboxes; it can only unsubscribe',
};

/** Problem+json bodies for what API Gateway refuses before a function runs. */
const GATEWAY_PROBLEMS: { type: ResponseType; status?: string; slug: string; detail: string }[] = [
  {
    type: ResponseType.MISSING_AUTHENTICATION_TOKEN,
    status: '403',
    slug: 'no-route-or-unsigned',
    detail: 'No such route, or the route needs a SigV4-signed request.',
  },
  { type: ResponseType.ACCESS_DENIED, status: '403', slug: 'forbidden', detail: 'The caller may not use this route.' },
  { type: ResponseType.INVALID_SIGNATURE, status: '403', slug: 'invalid-signature', detail: 'The SigV4 signature does not match.' },
  { type: ResponseType.EXPIRED_TOKEN, status: '403', slug: 'expired-credentials', detail: 'The credentials have expired.' },
  { type: ResponseType.THROTTLED, status: '429', slug: 'throttled', detail: 'Too many requests; retry with backoff.' },
  { type: ResponseType.REQUEST_TOO_LARGE, status: '413', slug: 'payload-too-large', detail: 'The request is too large.' },
  { type: ResponseType.DEFAULT_4XX, slug: 'gateway-refused', detail: 'The gateway refused the request.' },
  { type: ResponseType.DEFAULT_5XX, slug: 'gateway-failed', detail: 'The gateway could not complete the request.' },
];

/** A function's description: what it does, then the routes it serves, as the route table declares them. */
export function functionDescription(lambdaId: LambdaId, spec: LambdaSpec, routes: readonly RouteSpec<LambdaId>[]): string {
  const served = routes.filter((route) => route.lambda === lambdaId).map((route) => `${route.method} ${route.path}`);
  return `privacy-ops: ${spec.description}${served.length ? ` (${served.join(', ')})` : ''}`;
}

/** The house functions, one per lambda spec, and the RestApi serving the route table. */
export class Stateless extends Construct {
  readonly functions: Record<LambdaId, PrivacyFunction>;
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
          }),
        });
        if (spec.sendsEmail) fn.allowSendEmail(config.senderAddress, spec.sendsEmail);
        if (spec.readsAccountDirectory) fn.bindAccountDirectory(config.accountDirectoryTable, spec.readsAccountDirectory);
        if (spec.usesConnectors) fn.allowConnectors(config.connectorTables, config.connectorBuckets);
        for (const [tableId, access] of Object.entries(spec.tables) as [TableId, 'read' | 'readwrite'][]) {
          fn.bindTable(stateful.tables[tableId], tables[tableId].envVar, access);
        }
        for (const [bucketId, access] of Object.entries(spec.buckets) as [BucketId, BucketAccess][]) {
          fn.bindBucket(stateful.buckets[bucketId], buckets[bucketId].envVar, access);
        }
        for (const secretId of spec.secrets ?? []) {
          fn.bindSecret(stateful.secrets[secretId], secrets[secretId].envVar);
        }
        acceptFinding(
          fn,
          'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
          "AWSLambdaBasicExecutionRole allows creating and writing any log group of the account; the function writes only to its own (LoggingConfig), which is KMS-encrypted and holds no personal data (the suite's log-hygiene scan is the control).",
        );
        acceptFinding(
          fn,
          'AwsSolutions-IAM5[Resource::*]',
          'X-Ray PutTraceSegments/PutTelemetryRecords take no resource ARN; AWS documents "*" as the only value.',
        );
        return [lambdaId, fn];
      }),
    ) as Record<LambdaId, PrivacyFunction>;

    const accessLogs = houseLogGroup(this, 'ApiAccessLogs', props.logs);
    this.api = new RestApi(this, 'Api', {
      restApiName: `privacy-ops-${Stack.of(this).stackName}`,
      description: 'privacy-ops: data-subject rights API',
      cloudWatchRole: true,
      cloudWatchRoleRemovalPolicy: RemovalPolicy.DESTROY,
      // Regional, so that a regional WAF web ACL can be associated with the stage and the custom domain's
      // certificate lives in the stack's own Region.
      endpointTypes: [EndpointType.REGIONAL],
      // With a custom domain the links name, the execute-api address would be a second way in, past it.
      disableExecuteApiEndpoint: config.edge !== undefined,
      deployOptions: {
        stageName: API_STAGE,
        // A stage trace records the full URL, and subject routes carry emailed tokens in their path:
        // tracing starts in the functions, whose segments hold no URL.
        tracingEnabled: false,
        // Execution logs hold errors only; data tracing would write bodies, which hold personal data.
        loggingLevel: MethodLoggingLevel.ERROR,
        dataTraceEnabled: false,
        metricsEnabled: true,
        throttlingRateLimit: API_THROTTLE.rateLimit,
        throttlingBurstLimit: API_THROTTLE.burstLimit,
        methodOptions: Object.fromEntries(
          (props.routes ?? routeTable)
            .filter((route) => route.throttle)
            .map((route) => [
              `${route.path}/${route.method}`,
              {
                throttlingRateLimit: route.throttle!.rateLimit,
                throttlingBurstLimit: route.throttle!.burstLimit,
                // A method setting replaces the stage's for that method: repeat that it logs no data.
                loggingLevel: MethodLoggingLevel.ERROR,
                dataTraceEnabled: false,
                metricsEnabled: true,
              },
            ]),
        ),
        accessLogDestination: new LogGroupLogDestination(accessLogs),
        accessLogFormat: AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FIELDS)),
      },
    });
    acceptFinding(
      this.api,
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
      'API Gateway needs this AWS managed role to write its access and error logs to CloudWatch.',
    );
    acceptFinding(
      this.api,
      'NIST.800.53.R5-APIGWCacheEnabledAndEncrypted',
      "No cache: answers are per caller and may name people; a cached answer could reach another caller or outlive an erasure. Each function's own reads are the source.",
    );
    acceptFinding(
      this.api,
      'NIST.800.53.R5-APIGWSSLEnabled',
      'Every integration is a Lambda proxy, invoked by API Gateway through the Lambda API under IAM; there is no HTTP backend to present a client certificate to.',
    );
    acceptFinding(
      this.api,
      'Serverless-APIGWXrayEnabled',
      'A stage trace records the full URL, and subject routes carry emailed tokens in their path; tracing starts in the functions (Powertools), whose segments hold no URL.',
    );
    this.edge = new Edge(this, 'Edge', { api: this.api, routes: props.routes ?? routeTable });

    // Methods carry no API Gateway models: bodies are validated once, by the functions' zod schemas.
    const validator = new RequestValidator(this, 'RequestValidator', {
      restApi: this.api,
      validateRequestParameters: true,
      validateRequestBody: true,
    });

    for (const route of props.routes ?? routeTable) {
      const resource = this.api.root.resourceForPath(route.path);
      // One invoke permission per function, for this API (not one per method, nor for the console's
      // test invoke): the stack must stay under CloudFormation's 500 resources as routes grow, and
      // which route reaches which function is fixed by the integrations themselves.
      const method = resource.addMethod(route.method, new LambdaIntegration(this.functions[route.lambda], { scopePermissionToMethod: false }), {
        authorizationType: route.auth === 'system' ? AuthorizationType.IAM : AuthorizationType.NONE,
        requestValidator: validator,
      });
      if (route.auth !== 'system') {
        const why =
          route.auth === 'subject'
            ? `Data subjects never log in: the route is public and carries an unguessable token (256 bits, stored hashed) in its path, ${SUBJECT_TOKEN_LIFETIMES[route.path.split('/')[2] ?? ''] ?? 'which expires'}; WAF limits each client address.`
            : route.method === 'GET' && !route.path.startsWith('/v1/data-rights-request')
              ? 'A public, read-only route that returns no personal data.'
              : // DRP agents are outside tools with no IAM identity: the function checks their bearer token and Ed25519 signature.
                'An open-protocol route for outside agents: the function authenticates each call (bearer token and Ed25519 signature against the enrolled key).';
        acceptFinding(method, 'AwsSolutions-APIG4', why);
        acceptFinding(method, 'AwsSolutions-COG4', why);
      } else {
        acceptFinding(method, 'AwsSolutions-COG4', 'Company systems authenticate with IAM (SigV4), not Cognito user pools.');
      }
    }

    this.callerRoles = new CallerRoles(this, 'CallerRoles', { api: this.api, routes: props.routes ?? routeTable });

    for (const problem of GATEWAY_PROBLEMS) {
      this.api.addGatewayResponse(`Problem${problem.slug.replace(/(^|-)(\w)/g, (_m, _d, c: string) => c.toUpperCase())}`, {
        type: problem.type,
        ...(problem.status ? { statusCode: problem.status } : {}),
        responseHeaders: { 'Content-Type': `'${PROBLEM_CONTENT_TYPE}'`, 'Cache-Control': "'no-store'" },
        templates: {
          [PROBLEM_CONTENT_TYPE]: gatewayProblemTemplate(problem.slug, problem.detail, problem.status),
          'application/json': gatewayProblemTemplate(problem.slug, problem.detail, problem.status),
        },
      });
    }
  }
}

function gatewayProblemTemplate(slug: string, detail: string, status?: string): string {
  return JSON.stringify({
    type: problemType(slug),
    title: '$context.error.responseType',
    ...(status ? { status: Number(status) } : {}),
    detail,
    correlationId: '$context.requestId',
  });
}
