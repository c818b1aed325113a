// Adapter: a hosted verification session with signed webhooks, shaped like the widely used
// identity-verification APIs. The session is created over HTTPS with the API key; its result
// arrives as an event signed with HMAC-SHA256 over `timestamp.payload`.
import * as z from 'zod';
import {
  CallbackRejectedError,
  ProviderUnavailableError,
  type IdentityVerificationProvider,
  type ProviderAnswer,
  type ProviderEvent,
  type StartedSession,
} from './identity-provider.js';
import { checkWebhookSignature, SIGNATURE_HEADER } from './webhook-signature.js';

export interface HostedProviderSettings {
  /** The provider's API, e.g. `https://api.verifier.example/v1`: sessions are created at `{apiBase}/verification_sessions`. */
  apiBase: string;
  /** Where the provider sends the person when they are done: `{publicBaseUrl}/v1/identity/return`. */
  returnUrl: string;
  /** Seconds a call to the provider may take. */
  timeoutSeconds: number;
  /** Where the provider's session pages live, when not at the API's origin (`identityProvider.sessionOrigin`). */
  sessionOrigin?: string;
}

export interface HostedProviderSecrets {
  /** The API key sessions are created with. */
  apiKey: () => Promise<string>;
  /** The secret the provider signs webhooks with. */
  webhookSecret: () => Promise<string>;
}

const CreatedSession = z.object({ id: z.string().min(1).max(200), url: z.url({ protocol: /^https?$/ }) });

/** The events acted on; others are acknowledged and ignored. */
const EVENT_TYPES = {
  'verification_session.verified': 'verified',
  'verification_session.requires_input': 'failed',
  'verification_session.canceled': 'cancelled',
} as const;

const Text = z.string().max(500).optional();
const WebhookEvent = z.object({
  id: z.string().min(1).max(200),
  type: z.enum(Object.keys(EVENT_TYPES) as [keyof typeof EVENT_TYPES, ...(keyof typeof EVENT_TYPES)[]]),
  data: z.object({
    session: z.string().min(1).max(200),
    reference: z.string().min(1).max(100),
    assurance: Text,
    verified_outputs: z
      .object({
        name: Text,
        email: Text,
        address: z.object({ line1: Text, postal_code: Text, city: Text }).optional(),
      })
      .optional(),
  }),
});

export class HostedIdentityProvider implements IdentityVerificationProvider {
  readonly kind = 'hosted' as const;

  /** The session pages' origin: configured, else the API's. */
  get pageOrigins(): readonly string[] {
    return [new URL(this.settings.sessionOrigin ?? this.settings.apiBase).origin];
  }

  constructor(
    private readonly settings: HostedProviderSettings,
    private readonly secrets: HostedProviderSecrets,
    private readonly now: () => Date = () => new Date(),
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}

  async startSession(requestId: string): Promise<StartedSession> {
    let response: Response;
    try {
      response = await this.fetchImpl(`${this.settings.apiBase.replace(/\/+$/, '')}/verification_sessions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${await this.secrets.apiKey()}`, 'content-type': 'application/json' },
        body: JSON.stringify({ reference: requestId, return_url: this.settings.returnUrl }),
        signal: AbortSignal.timeout(this.settings.timeoutSeconds * 1000),
        redirect: 'error',
      });
    } catch (cause) {
      throw new ProviderUnavailableError('The identity provider could not be reached', { cause });
    }
    const created = CreatedSession.safeParse(response.ok ? await response.json().catch(() => undefined) : undefined);
    if (!created.success) throw new ProviderUnavailableError(`The identity provider did not create a session (HTTP ${response.status})`);
    return { redirectUrl: created.data.url, session: { provider: 'hosted', ref: created.data.id } };
  }

  async eventFromWebhook(rawBody: string, headers: Record<string, string | undefined>): Promise<ProviderEvent> {
    const check = checkWebhookSignature(headers[SIGNATURE_HEADER], rawBody, await this.secrets.webhookSecret(), this.now());
    if (check === 'outside-window') throw new CallbackRejectedError('The event is outside the replay window', { code: 'replayed' });
    if (check !== 'valid') throw new CallbackRejectedError('The event is not signed by the provider', { code: 'bad-signature' });
    let body: unknown;
    try {
      body = JSON.parse(rawBody);
    } catch {
      throw new CallbackRejectedError('The event is not JSON', { code: 'malformed' });
    }
    const event = WebhookEvent.safeParse(body);
    if (!event.success) throw new CallbackRejectedError('The event is not one this system acts on', { code: 'malformed' });
    const { id, type, data } = event.data;
    const status = EVENT_TYPES[type];
    const outputs = data.verified_outputs;
    const answer: ProviderAnswer =
      status === 'verified'
        ? {
            status,
            claims: {
              ...(outputs?.name ? { name: outputs.name } : {}),
              ...(outputs?.email ? { email: outputs.email, emailVerified: true } : {}),
              ...(outputs?.address ? { address: { street: outputs.address.line1, postalCode: outputs.address.postal_code, city: outputs.address.city } } : {}),
              ...(data.assurance ? { assurance: data.assurance } : {}),
            },
          }
        : { status };
    return { eventId: id, sessionRef: data.session, requestId: data.reference, answer };
  }
}
