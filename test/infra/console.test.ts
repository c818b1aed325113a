import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { routes } from '../../functions/routes.js';
import { defaultSignInPrefix } from '../../infra/constructs/console-identity.js';
import { settings } from '../../shared/config.js';
import { apiTemplate, buildStack, stacksOf } from '../support/stack.js';

describe('the operator console in the stack', () => {
  let template: Template;
  let api: Template;
  let stack: ReturnType<typeof buildStack>['stack'];

  beforeAll(() => {
    ({ stack } = buildStack());
    template = Template.fromStack(stack);
    api = apiTemplate(stack);
  }, 300_000);

  it('keeps its people in a user pool nobody signs up to, with TOTP required', () => {
    template.resourceCountIs('AWS::Cognito::UserPool', 1);
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      MfaConfiguration: 'ON',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      Policies: { PasswordPolicy: Match.objectLike({ MinimumLength: 14 }) },
    });
  });

  it('has the viewer, operator and admin groups, the admin leading', () => {
    const groups = Object.values(template.findResources('AWS::Cognito::UserPoolGroup')).map((g) => g.Properties as { GroupName: string; Precedence: number });
    expect(groups.map((g) => g.GroupName).sort()).toEqual(['privacy-admin', 'privacy-operator', 'privacy-viewer']);
    expect(groups.find((g) => g.GroupName === 'privacy-admin')!.Precedence).toBeLessThan(groups.find((g) => g.GroupName === 'privacy-viewer')!.Precedence);
  });

  it('signs in at the hosted sign-in with a public client: authorization code only, back to the console on the public domain', () => {
    template.hasResourceProperties('AWS::Cognito::UserPoolDomain', { Domain: defaultSignInPrefix('privacy.example.com') });
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      GenerateSecret: false,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthScopes: Match.arrayWith(['openid', 'email']),
      CallbackURLs: ['https://privacy.example.com/console/sign-in'],
      SupportedIdentityProviders: ['COGNITO'],
    });
  });

  it('reaches no console route without the session: each method has the cookie authorizer, none is open or IAM', () => {
    const consolePaths = routes.filter((r) => r.auth === 'console');
    expect(consolePaths.length).toBeGreaterThanOrEqual(5);
    const authorizers = api.findResources('AWS::ApiGateway::Authorizer');
    expect(Object.values(authorizers).map((a) => a.Properties)).toEqual([
      expect.objectContaining({ Type: 'REQUEST', IdentitySource: 'method.request.header.Cookie', AuthorizerResultTtlInSeconds: 0 }),
    ]);
    const authorizerId = Object.keys(authorizers)[0]!;
    const methods = Object.values(api.findResources('AWS::ApiGateway::Method')).map((m) => m.Properties as Record<string, unknown>);
    const resources = api.findResources('AWS::ApiGateway::Resource');
    const pathOf = (ref: unknown): string => {
      const id = (ref as { Ref?: string }).Ref;
      if (!id || !resources[id]) return '';
      const props = resources[id].Properties as { PathPart: string; ParentId: unknown };
      return `${pathOf(props.ParentId)}/${props.PathPart}`;
    };
    const consoleMethods = methods.filter((m) => pathOf(m.ResourceId).startsWith('/console') && pathOf(m.ResourceId) !== '/console/sign-in');
    expect(consoleMethods).toHaveLength(consolePaths.length);
    for (const method of consoleMethods) {
      expect(method, pathOf(method.ResourceId)).toMatchObject({ AuthorizationType: 'CUSTOM', AuthorizerId: { Ref: authorizerId } });
    }
  });

  it('answers a missing or expired session itself with 401: problem+json for a script, the sign-in page for a browser', () => {
    api.hasResourceProperties('AWS::ApiGateway::GatewayResponse', {
      ResponseType: 'UNAUTHORIZED',
      StatusCode: '401',
      ResponseTemplates: Match.objectLike({
        'application/problem+json': Match.stringLikeRegexp('console session'),
        'text/html': Match.stringLikeRegexp('/console/sign-in'),
      }),
    });
  });

  it('tells the authorizer whose tokens to trust and the sign-in function where to send people, and nobody else', () => {
    const functions = Object.values(template.findResources('AWS::Lambda::Function')).map(
      (f) => f.Properties as { Description: string; Environment?: { Variables?: Record<string, unknown> } },
    );
    const withVar = (name: string) => functions.filter((f) => f.Environment?.Variables?.[name] !== undefined).map((f) => f.Description.split(' (')[0]);
    expect(withVar(settings.consoleIssuer.envVar)).toEqual([expect.stringContaining('Authorizes the console')]);
    expect(withVar(settings.consoleSignInUrl.envVar)).toEqual([expect.stringContaining('Signs a person in to the console')]);
  });

  it('keeps each template at most 450 resources with the console in it', () => {
    for (const each of stacksOf(stack)) {
      expect(Object.keys(Template.fromStack(each).toJSON().Resources ?? {}).length, each.node.path).toBeLessThanOrEqual(450);
    }
  });
});
