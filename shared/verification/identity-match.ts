// The provider's verified claims against what the company knows: which facts agree. Only the
// names of the facts that agreed are kept, never the claims.
import { normaliseEmail } from '../subject.js';
import { normaliseAddressPart } from './knowledge-check.js';
import type { VerifiedClaims } from './identity-provider.js';

export type MatchedFact = 'name' | 'email' | 'address';

/** What the account directory holds of the person (absent when the person is not in it). */
export interface KnownPerson {
  /** The address the request was filed for. */
  requestEmail: string;
  account?: { email: string; name?: string; billingAddress: { street: string; postalCode: string } };
}

export interface ClaimsMatch {
  verified: boolean;
  matched: MatchedFact[];
}

function normaliseName(value: string): string {
  return normaliseAddressPart(value)
    .replace(/[^\p{L}\s]/gu, '')
    .replace(/\s+/g, ' ')
    .trim();
}

const postal = (value: string) => value.normalize('NFKC').replace(/\s+/g, '').toLowerCase();

/**
 * Which facts the provider verified agree with the request and the account directory, and whether
 * that is enough: for a person in the directory their name and one more fact (address or email);
 * for a person not in it (no account: a newsletter reader), the email the request was filed for.
 */
export function matchClaims(claims: VerifiedClaims, person: KnownPerson): ClaimsMatch {
  const matched: MatchedFact[] = [];
  const account = person.account;
  if (claims.email && claims.emailVerified !== false) {
    const email = normaliseEmail(claims.email);
    if (email === normaliseEmail(person.requestEmail) || (account && email === normaliseEmail(account.email))) matched.push('email');
  }
  if (account?.name && claims.name && normaliseName(account.name) === normaliseName(claims.name)) matched.push('name');
  const address = claims.address;
  if (
    account &&
    address?.street &&
    address.postalCode &&
    postal(address.postalCode) === postal(account.billingAddress.postalCode) &&
    normaliseAddressPart(address.street) === normaliseAddressPart(account.billingAddress.street)
  ) {
    matched.push('address');
  }
  const verified = account ? matched.includes('name') && matched.length >= 2 : matched.includes('email');
  return { verified, matched };
}

/** Whether `assurance` is one the deployment accepts; any level when it names none. */
export function assuranceAccepted(assurance: string | undefined, accepted: readonly string[]): boolean {
  return accepted.length === 0 || (assurance !== undefined && accepted.includes(assurance));
}
