// What the identity-provider routes take: the start button, the provider's redirect back, its webhook, an operator's demand.
import * as z from 'zod';

/** The provider's button on the identity page; any POST starts a session, the field only says it came from the button. */
export const StartProviderForm = z
  .object({ provider: z.literal('start').optional().meta({ description: "The identity page's provider button" }) })
  .meta({ id: 'StartProviderForm' });

/** The provider's redirect back (OIDC: code and state, or error and state; a hosted session: nothing to act on). */
export const ProviderCallbackQuery = z
  .object({
    state: z.string().max(200).optional().meta({ description: 'OIDC: the state sent with the authorization request' }),
    code: z.string().max(2000).optional().meta({ description: 'OIDC: the authorization code' }),
    error: z.string().max(200).optional().meta({ description: 'OIDC: why no code came (access_denied when the person stopped)' }),
    error_description: z.string().max(1000).optional(),
    iss: z.string().max(500).optional().meta({ description: 'OIDC: the issuer (RFC 9207), checked against the configured one' }),
  })
  .meta({ id: 'ProviderCallbackQuery' });

/** A hosted provider's webhook, as it signs it (the adapter checks the signature over the raw body before reading it). */
export const ProviderWebhookBody = z
  .object({
    id: z.string().meta({ description: "The event's id: each is acted on once" }),
    type: z.enum(['verification_session.verified', 'verification_session.requires_input', 'verification_session.canceled']),
    data: z.object({
      session: z.string(),
      reference: z.string().meta({ description: 'The request the session was started for' }),
      assurance: z.string().optional(),
      verified_outputs: z
        .object({
          name: z.string().optional(),
          email: z.string().optional(),
          address: z.object({ line1: z.string().optional(), postal_code: z.string().optional(), city: z.string().optional() }).optional(),
        })
        .optional()
        .meta({ description: 'Matched against the account directory and forgotten' }),
    }),
  })
  .meta({ id: 'ProviderWebhook' });

export const ProviderWebhookHeaders = z.object({
  'identity-signature': z.string().meta({ description: 't=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">; within five minutes of now' }),
});

export const ProviderWebhookReceipt = z
  .object({
    received: z.literal(true),
    outcome: z
      .enum(['applied', 'duplicate', 'ignored'])
      .meta({ description: 'applied; duplicate: this event id was acted on before; ignored: not for the session in force' }),
  })
  .meta({ id: 'ProviderWebhookReceipt' });
