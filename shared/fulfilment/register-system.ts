// Registering a system in the data inventory: create or replace it, and manage a webhook's signing secret.
import { randomBytes } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { InvalidInputError } from '../errors.js';
import type { DataSystem, ObjectionRule } from './model.js';
import type { SecretChange, StoredSystem, SystemStore } from './system-store.js';

/** System ids: lower-case letters, digits and "-", 2 to 63 characters, not starting with "-". */
export const SYSTEM_ID = /^[a-z0-9][a-z0-9-]{1,62}$/;

/** What a system says about itself when it registers (the body of PUT /v1/systems/{systemId}). */
export type SystemProfile = Omit<DataSystem, 'systemId' | 'createdAt' | 'updatedAt'>;

export interface SystemRegistration extends Omit<SystemProfile, 'name'> {
  /** The name without a language; may be left out where `names` gives one. */
  name?: string;
  /** Issue a new signing secret for a webhook system; the old one stops working. */
  rotateSecret?: boolean;
}

export interface RegisterSystemDeps {
  store: Pick<SystemStore, 'get' | 'put'>;
  now: () => Date;
  /** A fresh webhook signing secret. */
  newSecret: () => string;
}

export interface SystemRegistered {
  system: StoredSystem;
  created: boolean;
  /** The webhook signing secret, only when this registration issued it: it is shown this once. */
  signingSecret?: string;
}

/** 32 random bytes, base64url: the key a webhook system checks our HMAC signatures with. */
export const newSigningSecret = (): string => randomBytes(32).toString('base64url');

/** The rule field by field, so a stored rule and a registered one compare equal. */
const objectionOf = (rule: ObjectionRule): ObjectionRule =>
  rule.effect === 'not-applicable'
    ? { effect: rule.effect, reason: rule.reason, ...(rule.reasons !== undefined ? { reasons: rule.reasons } : {}) }
    : { effect: rule.effect };

/** The fields a registration sets, in one shape, so a stored system and a registration compare equal when they say the same. */
function profileOf(source: SystemProfile): SystemProfile {
  return {
    name: source.name,
    ...(source.names !== undefined ? { names: source.names } : {}),
    owner: source.owner,
    ...(source.description !== undefined ? { description: source.description } : {}),
    ...(source.descriptions !== undefined ? { descriptions: source.descriptions } : {}),
    categories: source.categories,
    ...(source.categoryNames !== undefined ? { categoryNames: source.categoryNames } : {}),
    connector: source.connector,
    actions: source.actions,
    purposes: source.purposes,
    ...(source.purposeNames !== undefined ? { purposeNames: source.purposeNames } : {}),
    ...(source.objection !== undefined ? { objection: objectionOf(source.objection) } : {}),
    retention: source.retention,
    sellsOrShares: source.sellsOrShares,
    marketingRecipients: source.marketingRecipients,
    ...(source.recipients !== undefined ? { recipients: source.recipients } : {}),
    ...(source.supportCases !== undefined ? { supportCases: { caseAttribute: source.supportCases.caseAttribute } } : {}),
    ...(source.contact !== undefined
      ? { contact: { email: source.contact.email, ...(source.contact.locale !== undefined ? { locale: source.contact.locale } : {}) } }
      : {}),
  };
}

/**
 * Creates or replaces the system `systemId`. A webhook system gets a signing secret when it has
 * none yet, or a new one when `rotateSecret` is set; otherwise it keeps the one it has. Any other
 * connector has no secret, so moving away from a webhook drops it. Registering what is already
 * stored writes nothing, so a repeated PUT or a re-run seed changes nothing.
 */
export async function registerSystem(systemId: string, registration: SystemRegistration, deps: RegisterSystemDeps): Promise<SystemRegistered> {
  if (!SYSTEM_ID.test(systemId)) {
    throw new InvalidInputError('The system id must be 2 to 63 lower-case letters, digits or "-", and not start with "-".', 'systemId');
  }
  const { rotateSecret = false, name: registeredName, ...rest } = registration;
  // A system registered with names per language only is known by one of them where no language is chosen.
  const name = registeredName ?? rest.names?.en ?? rest.names?.de;
  if (name === undefined) throw new InvalidInputError('The system needs a name, or names per language.', 'name');
  const profile = profileOf({ ...rest, name });
  const previous = await deps.store.get(systemId);

  let secret: SecretChange = 'drop';
  if (profile.connector.kind === 'webhook') {
    secret = rotateSecret || !previous?.sealedSecret ? { issue: deps.newSecret() } : 'keep';
  }
  const sameSecret = secret === 'keep' || (secret === 'drop' && !previous?.sealedSecret);
  if (previous && sameSecret && isDeepStrictEqual(profileOf(previous), profile)) {
    return { system: previous, created: false };
  }

  const now = deps.now().toISOString();
  const system: DataSystem = { systemId, ...profile, createdAt: previous?.createdAt ?? now, updatedAt: now };
  const stored = await deps.store.put(system, { ...(previous ? { previous } : {}), secret });
  return { system: stored, created: !previous, ...(typeof secret === 'object' ? { signingSecret: secret.issue } : {}) };
}
