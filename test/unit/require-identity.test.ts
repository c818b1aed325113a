import { describe, expect, it, vi } from 'vitest';
import { ConflictError, NotFoundError } from '../../shared/errors.js';
import type { RequestRecord } from '../../shared/requests/record.js';
import { requireIdentity, type RequireIdentityDeps } from '../../shared/verification/require-identity.js';
import { requestRecord } from '../support/request-record.js';

const NOW = new Date('2026-12-04T10:00:00Z');

function depsFor(request: RequestRecord | undefined, providerConfigured: boolean) {
  const record = vi.fn(async (current: RequestRecord, _events: unknown[], changes: Partial<RequestRecord>) => ({ ...current, ...changes }));
  const deps = { store: { get: async () => request, record }, now: () => NOW, providerConfigured } as unknown as RequireIdentityDeps;
  return { deps, record };
}

const waiting = () => requestRecord('awaiting-verification', { verification: { level: 'email+knowledge', state: 'email-confirmed' } });

describe('requireIdentity', () => {
  it('records the operator demand when a provider is configured', async () => {
    // Arrange
    const { deps, record } = depsFor(waiting(), true);

    // Act
    const request = await requireIdentity('01JTEST00000000000000000AA', deps);

    // Assess
    expect(request.verification.identity).toEqual({ use: 'required', requiredBy: 'operator' });
    expect(record.mock.calls[0]?.[1]).toEqual([
      { type: 'verification.provider-required', at: NOW.toISOString(), actor: { kind: 'operator' }, data: { requiredBy: 'operator' } },
    ]);
  });

  it('refuses, saying so, when the configuration names no provider, and writes nothing', async () => {
    // Arrange
    const { deps, record } = depsFor(waiting(), false);

    // Act
    const refused = requireIdentity('01JTEST00000000000000000AA', deps);

    // Assess
    await expect(refused).rejects.toThrow(ConflictError);
    await expect(refused).rejects.toThrow('no identity-verification provider is configured');
    expect(record).not.toHaveBeenCalled();
  });

  it('answers an unknown request as not found', async () => {
    // Arrange
    const { deps } = depsFor(undefined, true);

    // Act, Assess
    await expect(requireIdentity('01JTEST00000000000000000ZZ', deps)).rejects.toThrow(NotFoundError);
  });
});
