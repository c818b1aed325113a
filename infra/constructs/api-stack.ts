// The REST API in a nested stack of its own: the resource tree, one method per route and the
// invoke permissions, the stage and its access log, the gateway's own answers (problem+json or a page), the WAF web
// ACL and the caller roles. These ~180 resources grow with every route, hold no data, and refer
// outside only to the functions' ARNs and the data key, so neither this stack nor the deployed one
// nears CloudFormation's 500 resources (docs/adr/0016-the-api-in-a-nested-stack.md).
import { Duration, NestedStack, RemovalPolicy } from 'aws-cdk-lib';
import {
  AccessLogFormat,
  AuthorizationType,
  EndpointType,
  IdentitySource,
  LambdaIntegration,
  LogGroupLogDestination,
  MethodLoggingLevel,
  RequestAuthorizer,
  RequestValidator,
  RestApi,
} from 'aws-cdk-lib/aws-apigateway';
import type { Construct } from 'constructs';
import type { LambdaId } from '../../shared/lambdas.js';
import type { RouteSpec } from '../../shared/http/route.js';
import { acceptFinding } from '../nag.js';
import { CallerRoles } from './caller-roles.js';
import { Edge } from './edge.js';
import { addGatewayResponses, type GatewayResponsesProps } from './gateway-responses.js';
import { houseLogGroup, type LogSettings } from './log-groups.js';
import type { PrivacyFunction } from './privacy-function.js';

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

export interface ApiStackProps {
  /** The functions the routes reach, in the parent stack: each method names its function's ARN. */
  functions: Record<LambdaId, PrivacyFunction>;
  routes: readonly RouteSpec<LambdaId>[];
  logs: LogSettings;
  /** Whether a custom domain serves the API: then the execute-api address is turned off. */
  customDomain: boolean;
  /** The stack the API belongs to, whose name the API carries (a nested stack's own name is generated). */
  ownerStackName: string;
  /** Whom and in which languages the pages of the gateway's own refusals speak. */
  pages: GatewayResponsesProps;
}

/** The RestApi serving the route table, with its WAF edge and the caller roles that may invoke it, as a nested stack. */
export class ApiStack extends NestedStack {
  readonly api: RestApi;
  readonly edge: Edge;
  readonly callerRoles: CallerRoles;

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, { description: 'privacy-ops: the REST API, its stage, access log, WAF web ACL and caller roles' });
    const accessLogs = houseLogGroup(this, 'ApiAccessLogs', props.logs);
    this.api = new RestApi(this, 'Api', {
      restApiName: `privacy-ops-${props.ownerStackName}`,
      description: 'privacy-ops: data-subject rights API',
      cloudWatchRole: true,
      cloudWatchRoleRemovalPolicy: RemovalPolicy.DESTROY,
      // Regional, so that a regional WAF web ACL can be associated with the stage and the custom domain's
      // certificate lives in the stack's own Region.
      endpointTypes: [EndpointType.REGIONAL],
      // With a custom domain the links name, the execute-api address would be a second way in, past it.
      disableExecuteApiEndpoint: props.customDomain,
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
          props.routes
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
    this.edge = new Edge(this, 'Edge', { api: this.api, routes: props.routes });

    // Methods carry no API Gateway models: bodies are validated once, by the functions' zod schemas.
    const validator = new RequestValidator(this, 'RequestValidator', {
      restApi: this.api,
      validateRequestParameters: true,
      validateRequestBody: true,
    });

    // Console routes: the session cookie's ID token, verified against the user pool's keys by the
    // console's authorizer (docs/adr/0028-console-sessions-through-a-request-authorizer.md). A call
    // without a Cookie header never reaches it: API Gateway answers 401 itself. Not cached: a
    // signed-out or expired session is refused at once.
    const consoleAuthorizer = new RequestAuthorizer(this, 'ConsoleAuthorizer', {
      authorizerName: 'console-session',
      handler: props.functions.consoleAuthorizer,
      identitySources: [IdentitySource.header('Cookie')],
      resultsCacheTtl: Duration.seconds(0),
    });

    for (const route of props.routes) {
      const resource = this.api.root.resourceForPath(route.path);
      // One invoke permission per function, for this API (not one per method, nor for the console's
      // test invoke): the stack must stay under CloudFormation's 500 resources as routes grow, and
      // which route reaches which function is fixed by the integrations themselves.
      const method = resource.addMethod(route.method, new LambdaIntegration(props.functions[route.lambda], { scopePermissionToMethod: false }), {
        ...(route.auth === 'console'
          ? { authorizationType: AuthorizationType.CUSTOM, authorizer: consoleAuthorizer }
          : { authorizationType: route.auth === 'system' ? AuthorizationType.IAM : AuthorizationType.NONE }),
        requestValidator: validator,
      });
      if (route.auth === 'console') {
        acceptFinding(
          method,
          'AwsSolutions-COG4',
          "Console routes are authorized from the user pool's ID token by a request authorizer, which reads it from the HttpOnly session cookie (a Cognito authorizer reads only a header a page cannot set): ADR 0028.",
        );
      } else if (route.auth !== 'system') {
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

    this.callerRoles = new CallerRoles(this, 'CallerRoles', { api: this.api, routes: props.routes });

    addGatewayResponses(this.api, props.pages);
  }
}
