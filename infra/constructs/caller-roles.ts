// One IAM role per caller role (shared/http/route.ts): each may invoke only the system routes the
// route table gives it. API Gateway checks the SigV4 caller's permission before a function runs.
import { CfnOutput, Stack } from 'aws-cdk-lib';
import type { RestApi } from 'aws-cdk-lib/aws-apigateway';
import { AccountRootPrincipal, Effect, PolicyDocument, PolicyStatement, Role } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { allowedCallers, CALLER_ROLE_PURPOSES, CALLER_ROLES, type CallerRole, type RouteSpec } from '../../shared/http/route.js';
import { acceptFinding, findingName } from '../nag.js';

/** A route as an execute-api resource: `METHOD/path`, each path parameter a `*`. */
export function invokeResource(route: Pick<RouteSpec, 'method' | 'path'>): string {
  return `${route.method}${route.path.replace(/\{[^}]+\}/g, '*')}`;
}

/** Whether an IAM resource pattern (`*` matches any run of characters, `/` included) matches `resource`. */
export function iamMatches(pattern: string, resource: string): boolean {
  const regex = new RegExp(
    `^${pattern
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  );
  return regex.test(resource);
}

/**
 * What `role` may invoke: the routes it may call, and, because IAM's `*` also matches `/`, a deny
 * for each route it may not call that one of those patterns would otherwise reach
 * (`GET /v1/requests/*` would reach `GET /v1/requests/{id}/audit`).
 */
export function invokePolicy(role: CallerRole, routes: readonly RouteSpec[]): { allow: string[]; deny: string[] } {
  const system = routes.filter((route) => route.auth === 'system');
  const allow = system.filter((route) => allowedCallers(route).includes(role)).map(invokeResource);
  const sample = (route: RouteSpec) => `${route.method}${route.path.replace(/\{[^}]+\}/g, 'x')}`;
  const deny = system
    .filter((route) => !allowedCallers(route).includes(role))
    .filter((route) => allow.some((pattern) => iamMatches(pattern, sample(route))))
    .map(invokeResource);
  return { allow: [...new Set(allow)], deny: [...new Set(deny)] };
}

export interface CallerRolesProps {
  api: RestApi;
  routes: readonly RouteSpec[];
}

/** The caller roles, assumable by principals of this account that are allowed to assume them. */
export class CallerRoles extends Construct {
  readonly roles: Record<CallerRole, Role>;

  constructor(scope: Construct, id: string, props: CallerRolesProps) {
    super(scope, id);
    const stage = props.api.deploymentStage.stageName;
    // The roles live beside the API they may call (in its nested stack); operators read their ARNs
    // among the outputs of the stack they deployed.
    let deployedStack = Stack.of(this);
    while (deployedStack.nestedStackParent) deployedStack = deployedStack.nestedStackParent;
    const arn = (resource: string) => {
      const slash = resource.indexOf('/');
      return props.api.arnForExecuteApi(resource.slice(0, slash), resource.slice(slash), stage);
    };
    this.roles = Object.fromEntries(
      CALLER_ROLES.map((callerRole) => {
        const { allow, deny } = invokePolicy(callerRole, props.routes);
        // The policy lives inside the role (no separate policy resource): the stack is near CloudFormation's 500.
        const statements = [new PolicyStatement({ actions: ['execute-api:Invoke'], resources: allow.map(arn) })];
        if (deny.length) statements.push(new PolicyStatement({ effect: Effect.DENY, actions: ['execute-api:Invoke'], resources: deny.map(arn) }));
        const role = new Role(this, `${callerRole[0]!.toUpperCase()}${callerRole.slice(1)}`, {
          assumedBy: new AccountRootPrincipal(),
          description: `privacy-ops ${callerRole}: ${CALLER_ROLE_PURPOSES[callerRole]}`.slice(0, 1000),
          inlinePolicies: { invoke: new PolicyDocument({ statements }) },
        });
        for (const resource of allow.filter((candidate) => candidate.includes('*'))) {
          acceptFinding(
            role,
            `AwsSolutions-IAM5[Resource::${findingName(role, arn(resource))}]`,
            'One route of this API with its path parameters as "*"; explicit denies keep the wildcard off the routes the role may not call.',
          );
        }
        new CfnOutput(deployedStack, `${callerRole[0]!.toUpperCase()}${callerRole.slice(1)}RoleArn`, {
          value: role.roleArn,
          description: `Assume this role to call privacy-ops as ${callerRole}: ${CALLER_ROLE_PURPOSES[callerRole]}`,
        });
        return [callerRole, role];
      }),
    ) as Record<CallerRole, Role>;
  }
}
