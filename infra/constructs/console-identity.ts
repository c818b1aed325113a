// The operator console's people: an Amazon Cognito user pool nobody signs up to (an admin invites),
// TOTP required, the three console groups, its hosted sign-in, and the console's public app client
// (authorization code with PKCE). It holds people's accounts, so it is kept like the stateful resources.
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import {
  AccountRecovery,
  CfnUserPoolGroup,
  Mfa,
  OAuthScope,
  UserPool,
  UserPoolClientIdentityProvider,
  type UserPoolClient,
  type UserPoolDomain,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { CONSOLE_GROUPS, type ConsoleGroup } from '../../shared/console/session.js';
import { SIGN_IN_PATH } from '../../shared/console/hosted-sign-in.js';
import { acceptFinding } from '../nag.js';

/** What each group may do, as the pool describes it. */
const GROUP_PURPOSES: Record<ConsoleGroup, string> = {
  'privacy-viewer': 'Reads the console: queue, requests, timelines; takes no action',
  'privacy-operator': 'Reads the console and acts on requests: extend, deny, cancel, resume',
  'privacy-admin': 'Everything an operator may, and manages the console',
};

export interface ConsoleIdentityProps {
  /** The public domain the console is served on: the app client's only callback. */
  domain: string;
  /** The hosted sign-in's domain prefix; the domain with dots as hyphens when absent. */
  signInDomainPrefix?: string;
  deletionProtection: boolean;
}

/** The hosted sign-in's prefix when the configuration names none: the public domain, dots as hyphens. */
export function defaultSignInPrefix(domain: string): string {
  return domain
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, '-')
    .replace(/aws|amazon|cognito/g, 'x')
    .slice(0, 63)
    .replace(/^-+|-+$/g, '');
}

export class ConsoleIdentity extends Construct {
  readonly userPool: UserPool;
  readonly client: UserPoolClient;
  readonly signInDomain: UserPoolDomain;

  constructor(scope: Construct, id: string, props: ConsoleIdentityProps) {
    super(scope, id);
    this.userPool = new UserPool(this, 'UserPool', {
      userPoolName: `privacy-ops-console-${Stack.of(this).stackName}`,
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      signInCaseSensitive: false,
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      passwordPolicy: {
        minLength: 14,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      deletionProtection: props.deletionProtection,
      removalPolicy: props.deletionProtection ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    acceptFinding(
      this.userPool,
      'AwsSolutions-COG8',
      'The Plus plan (threat protection) is priced per user for a pool of a few staff: nobody signs up, an admin invites each person, TOTP is required for everyone, and sessions last an hour.',
    );
    CONSOLE_GROUPS.forEach((group, index) => {
      new CfnUserPoolGroup(this, `Group${index}`, {
        userPoolId: this.userPool.userPoolId,
        groupName: group,
        description: GROUP_PURPOSES[group],
        // Lower is stronger: the admin's group leads when a person is in several.
        precedence: CONSOLE_GROUPS.length - index,
      });
    });
    this.signInDomain = this.userPool.addDomain('SignIn', {
      cognitoDomain: { domainPrefix: props.signInDomainPrefix ?? defaultSignInPrefix(props.domain) },
    });
    this.client = this.userPool.addClient('Console', {
      userPoolClientName: 'privacy-ops-console',
      // A public client: the code is exchanged with PKCE, there is no secret to keep in a function.
      generateSecret: false,
      authFlows: {},
      supportedIdentityProviders: [UserPoolClientIdentityProvider.COGNITO],
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [OAuthScope.OPENID, OAuthScope.EMAIL],
        callbackUrls: [`https://${props.domain}${SIGN_IN_PATH}`],
        logoutUrls: [`https://${props.domain}${SIGN_IN_PATH}`],
      },
      preventUserExistenceErrors: true,
      // A session is the ID token: one hour, then sign in again (no refresh token is kept).
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(1),
      enableTokenRevocation: true,
    });
  }

  /** The issuer of the pool's tokens, as their `iss` names it; its keys are at /.well-known/jwks.json. */
  get issuer(): string {
    return this.userPool.userPoolProviderUrl;
  }

  /** The hosted sign-in's origin. */
  get signInUrl(): string {
    return this.signInDomain.baseUrl();
  }
}
