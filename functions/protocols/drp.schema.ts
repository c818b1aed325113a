// The DRP contract: discovery, agent enrolment and the status object (the signed messages are checked in shared/protocols/drp.ts).
import * as z from 'zod';
import { DRP_DENIAL_REASONS, DRP_EXERCISES, DRP_STATES, NEED_USER_VERIFICATION } from '../../shared/protocols/drp.js';
import { verifyKeyHex } from '../../shared/protocols/signing.js';
import { EMAIL_FIELD } from '../../shared/pages/drp-verification-pages.js';

const AgentId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/, 'must be letters, digits, ".", "_", ":" or "-"');

export const AgentParams = z.strictObject({ agentId: AgentId });
export const DrpRequestParams = z.strictObject({ requestId: z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'must be a request_id this API returned') });

export const EnrolAgentBody = z
  .strictObject({
    name: z.string().trim().min(1).max(200),
    verifyKey: z
      .string()
      .transform((key, ctx) => {
        const hex = verifyKeyHex(key);
        if (hex === undefined) ctx.addIssue({ code: 'custom', message: 'must be an Ed25519 verify key: Base64 (44 characters) or hex (64 digits)' });
        return hex ?? z.NEVER;
      })
      .meta({ description: 'Base64, as the DRP Service Directory publishes verify_key (DRP 0.9.1 on), or hex as earlier drafts did' }),
  })
  .meta({ id: 'EnrolDrpAgent' });

export const EnrolledAgent = z.object({ agentId: z.string(), name: z.string(), verifyKey: z.string(), enrolledAt: z.string() }).meta({ id: 'DrpAgent' });

/** §2.06.1: nothing more than an empty document for now. */
export const AgentInformation = z.object({}).meta({ id: 'DrpAgentInformation' });

export const PairwiseToken = z.object({ 'agent-id': z.string(), token: z.string() }).meta({ id: 'DrpPairwiseToken' });

export const DrpStatusResource = z
  .object({
    request_id: z.string(),
    status: z.enum(DRP_STATES),
    reason: z.enum([NEED_USER_VERIFICATION, ...DRP_DENIAL_REASONS]).optional(),
    received_at: z.string(),
    expected_by: z.string(),
    agent_request_id: z.string().optional(),
    processing_details: z.string().optional(),
    expires_at: z.string().optional(),
    user_verification_url: z.string().optional(),
  })
  .meta({ id: 'DrpExerciseStatus' });

export const DrpDiscoveryResource = z
  .object({
    version: z.string(),
    api_base: z.string(),
    actions: z.array(z.enum(DRP_EXERCISES)),
    user_relationships: z.array(z.string()),
  })
  .meta({ id: 'DrpDiscovery' });

/** A signed DRP message as an agent posts it (text/plain): what the JSON inside holds is `message`. */
const signedMessage = (id: string, message: string) =>
  z
    .string()
    .min(1)
    .meta({
      id,
      description: `Base64 of the 64-byte Ed25519 signature followed by the JSON ${message} (a libsodium signed message), signed with the agent's enrolled key.`,
    });

export const DrpSignedPairwiseSetup = signedMessage(
  'DrpSignedPairwiseSetup',
  'pairwise key setup (§2.05): agent-id, business-id, issued-at, expires-at, drp.version',
);
export const DrpSignedExercise = signedMessage(
  'DrpSignedExercise',
  'exercise request (§2.01): the envelope, exercise, regime, relationships, status_callback and the person (email required; name, phone_number, address)',
);
export const DrpSignedRevoke = signedMessage('DrpSignedRevoke', 'revoke message: reason, optional');

/** What an agent adds to `user_verification_url` (§3.02.1): where to send the person back, and which request it means. */
export const DrpVerificationQuery = z
  .object({
    redirect_to: z.string().max(2048).optional().meta({ description: "The agent's page the person returns to once the request is confirmed (https)" }),
    request_id: z.string().max(64).optional().meta({ description: 'The request the agent means: it must be the one in the path' }),
  })
  .meta({ id: 'DrpVerificationQuery' });

/** The verification page's form: the address the request was made for. */
export const DrpVerificationForm = z
  .object({
    [EMAIL_FIELD]: z
      .string()
      .trim()
      .max(254)
      .pipe(z.email({ error: 'must be an email address' })),
  })
  .meta({ id: 'DrpVerificationForm' });
