// The public edge: an AWS WAF web ACL in front of the API stage. Per-client limits come from the
// route table's throttles, the same numbers the local gateway applies per client address.
import { Stack } from 'aws-cdk-lib';
import type { RestApi } from 'aws-cdk-lib/aws-apigateway';
import { CfnWebACL, CfnWebACLAssociation } from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { problemType } from '../../shared/http/problem.js';
import type { RouteSpec } from '../../shared/http/route.js';
import { acceptFinding } from '../nag.js';

/** WAF counts a client's requests over windows of this many seconds. */
export const WAF_WINDOW_SECONDS = 60;

/** WAF's smallest rate-based limit per window. */
const WAF_MIN_LIMIT = 10;

/**
 * Calls per client address and window that are not SigV4-signed: pages, protocol routes and probes.
 * Company systems sign their calls and are bounded by the stage throttle and their IAM role instead.
 */
export const UNSIGNED_CALLS_PER_WINDOW = 600;

/** One rate-based rule: the routes sharing a throttle, and the most one client may send in a window. */
export interface ClientLimit {
  name: string;
  limit: number;
  /** Whether a person's browser calls these routes: a refusal is then a page, not problem+json. */
  pages: boolean;
  routes: { method: string; pathPattern: string }[];
}

/**
 * The per-client limits for `routes`: one per distinct throttle. A client may send what the local
 * gateway's token bucket lets through in one window: the burst, plus the rate for the window.
 */
export function clientLimits(routes: readonly RouteSpec[]): ClientLimit[] {
  const byThrottle = new Map<string, ClientLimit>();
  for (const route of routes) {
    if (!route.throttle) continue;
    const { rateLimit, burstLimit } = route.throttle;
    const key = `${rateLimit}-${burstLimit}`;
    const limit = byThrottle.get(key) ?? {
      name: `PerClient-${rateLimit}rps-${burstLimit}burst`,
      limit: Math.max(WAF_MIN_LIMIT, Math.ceil(rateLimit * WAF_WINDOW_SECONDS + burstLimit)),
      pages: false,
      routes: [],
    };
    limit.pages ||= route.auth === 'subject';
    limit.routes.push({ method: route.method, pathPattern: pathPattern(route.path) });
    byThrottle.set(key, limit);
  }
  return [...byThrottle.values()].sort((a, b) => a.limit - b.limit);
}

/**
 * A regular expression for the URI paths of `template`: a parameter is one segment. It is anchored
 * at the end only, so it holds whether the client reached the stage through a custom domain or
 * through a path that starts with the stage name.
 */
export function pathPattern(template: string): string {
  const escaped = template
    .split('/')
    .map((segment) => (segment.startsWith('{') && segment.endsWith('}') ? '[^/]+' : segment.replace(/[.*+?^$()|[\]\\]/g, '\\$&')))
    .join('/');
  return `${escaped}$`;
}

const THROTTLED_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Too many attempts</title></head><body><main><h1>Too many attempts</h1><p>Too many requests came from your network in a short time. Please wait a minute, then open the link from your email again.</p><h2 lang="de">Zu viele Versuche</h2><p lang="de">Aus Ihrem Netz kamen in kurzer Zeit zu viele Anfragen. Bitte warten Sie eine Minute und öffnen Sie dann den Link aus Ihrer E-Mail erneut.</p></main></body></html>`;

const THROTTLED_PROBLEM = JSON.stringify({
  type: problemType('throttled'),
  title: 'Too Many Requests',
  status: 429,
  detail: `Too many requests from this client address; retry after ${WAF_WINDOW_SECONDS} seconds.`,
});

function pathMatch(pattern: string): CfnWebACL.StatementProperty {
  return { regexMatchStatement: { fieldToMatch: { uriPath: {} }, regexString: pattern, textTransformations: [{ priority: 0, type: 'NONE' }] } };
}

/** WAF's OR takes two statements or more. */
function anyOf(statements: CfnWebACL.StatementProperty[]): CfnWebACL.StatementProperty {
  const unique = [...new Map(statements.map((statement) => [JSON.stringify(statement), statement])).values()];
  return unique.length === 1 ? unique[0]! : { orStatement: { statements: unique } };
}

export interface EdgeProps {
  api: RestApi;
  routes: readonly RouteSpec[];
}

/**
 * The web ACL on the API stage: per-client rate limits, AWS's managed common and known-bad-input
 * rules. It keeps metrics only: WAF logs and sampled requests always hold the client's address and
 * the path, which carries emailed tokens.
 */
export class Edge extends Construct {
  readonly webAcl: CfnWebACL;

  constructor(scope: Construct, id: string, props: EdgeProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const visibility = (metricName: string) => ({ cloudWatchMetricsEnabled: true, sampledRequestsEnabled: false, metricName });
    const throttled = (html: boolean) => ({
      block: {
        customResponse: {
          responseCode: 429,
          customResponseBodyKey: html ? 'ThrottledPage' : 'ThrottledProblem',
          responseHeaders: [
            { name: 'Retry-After', value: String(WAF_WINDOW_SECONDS) },
            { name: 'Cache-Control', value: 'no-store' },
          ],
        },
      },
    });

    const limits = clientLimits(props.routes);
    const routeRules = limits.map((limit, index) => {
      const matches = limit.routes.map((route) => ({
        andStatement: {
          statements: [
            {
              byteMatchStatement: {
                fieldToMatch: { method: {} },
                positionalConstraint: 'EXACTLY',
                searchString: route.method,
                textTransformations: [{ priority: 0, type: 'NONE' }],
              },
            },
            pathMatch(route.pathPattern),
          ],
        },
      }));
      return {
        name: limit.name,
        priority: index,
        action: throttled(limit.pages),
        statement: {
          rateBasedStatement: {
            aggregateKeyType: 'IP',
            evaluationWindowSec: WAF_WINDOW_SECONDS,
            limit: limit.limit,
            scopeDownStatement: anyOf(matches),
          },
        },
        visibilityConfig: visibility(limit.name),
      } satisfies CfnWebACL.RuleProperty;
    });

    const unsigned: CfnWebACL.RuleProperty = {
      name: 'PerClient-Unsigned',
      priority: routeRules.length,
      action: throttled(false),
      statement: {
        rateBasedStatement: {
          aggregateKeyType: 'IP',
          evaluationWindowSec: WAF_WINDOW_SECONDS,
          limit: UNSIGNED_CALLS_PER_WINDOW,
          // Routes with a limit of their own are counted by their rule only (one-click unsubscribes
          // arrive from a mail provider's few addresses in bursts after a send).
          scopeDownStatement: {
            andStatement: {
              statements: [
                {
                  notStatement: {
                    statement: {
                      byteMatchStatement: {
                        fieldToMatch: { singleHeader: { Name: 'authorization' } },
                        positionalConstraint: 'STARTS_WITH',
                        searchString: 'AWS4-HMAC-SHA256',
                        textTransformations: [{ priority: 0, type: 'NONE' }],
                      },
                    },
                  },
                },
                { notStatement: { statement: anyOf(limits.flatMap((limit) => limit.routes.map((route) => pathMatch(route.pathPattern)))) } },
              ],
            },
          },
        },
      },
      visibilityConfig: visibility('PerClient-Unsigned'),
    };

    const managed = (name: string, priority: number, overrides: string[] = []): CfnWebACL.RuleProperty => ({
      name,
      priority,
      overrideAction: { none: {} },
      statement: {
        managedRuleGroupStatement: {
          vendorName: 'AWS',
          name,
          ...(overrides.length ? { ruleActionOverrides: overrides.map((rule) => ({ name: rule, actionToUse: { count: {} } })) } : {}),
        },
      },
      visibilityConfig: visibility(name),
    });

    this.webAcl = new CfnWebACL(this, 'WebAcl', {
      name: `${stack.stackName}-api`,
      description: 'privacy-ops: per-client limits and managed rules in front of the API',
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      customResponseBodies: {
        ThrottledPage: { contentType: 'TEXT_HTML', content: THROTTLED_PAGE },
        ThrottledProblem: { contentType: 'APPLICATION_JSON', content: THROTTLED_PROBLEM },
      },
      rules: [
        ...routeRules,
        unsigned,
        // Bodies are bounded by each function's own limit (413 problem+json); WAF inspects only the first 8 KB.
        managed('AWSManagedRulesCommonRuleSet', routeRules.length + 1, ['SizeRestrictions_BODY']),
        managed('AWSManagedRulesKnownBadInputsRuleSet', routeRules.length + 2),
      ],
      visibilityConfig: visibility(`${stack.stackName}-api`),
    });

    acceptFinding(
      this.webAcl,
      'NIST.800.53.R5-WAFv2LoggingEnabled',
      "WAF logs always hold the client's address and the request path, which carries emailed tokens; the web ACL keeps CloudWatch metrics per rule, and the API's access log records every call without either.",
    );
    const association = new CfnWebACLAssociation(this, 'StageAssociation', {
      resourceArn: props.api.deploymentStage.stageArn,
      webAclArn: this.webAcl.attrArn,
    });
    association.node.addDependency(props.api.deploymentStage);
  }
}
