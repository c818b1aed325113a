import { describe, expect, it } from 'vitest';
import { EXPORT_LINK_TTL_MS, exportLinkUrl, issueExportLink, resolveExportLink } from '../../shared/fulfilment/export-links.js';
import type { LinkRecord, LinkStore, NewLink } from '../../shared/links/link-store.js';
import { hashToken, issueToken } from '../../shared/verification/tokens.js';

const ISSUED_AT = new Date('2026-11-25T10:00:00.000Z');
const KEY = 'exports/01JEXPORT00000000000000000/bundle.zip';

/** A link store in memory, to watch what the use cases store and read. */
class MemoryLinks implements LinkStore<'export'> {
  readonly records = new Map<string, NewLink<'export'>>();
  gets = 0;
  async put(link: NewLink<'export'>): Promise<void> {
    this.records.set(link.tokenHash, link);
  }
  async get(tokenHash: string): Promise<LinkRecord<'export'> | undefined> {
    this.gets++;
    const record = this.records.get(tokenHash);
    return record ? { ...record, purpose: 'export', expiresAt: 0 } : undefined;
  }
}

describe('issueExportLink', () => {
  it('stores only the hash of the token it returns, valid for 7 days by default', async () => {
    // Prepare
    const links = new MemoryLinks();

    // Act
    const issued = await issueExportLink('r1', KEY, { links, now: () => ISSUED_AT, locale: 'de' });

    // Assess
    expect(issued.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(issued.validUntil).toBe(new Date(ISSUED_AT.getTime() + EXPORT_LINK_TTL_MS).toISOString());
    expect(issued.validUntil).toBe('2026-12-02T10:00:00.000Z');
    expect([...links.records.values()]).toEqual([
      { tokenHash: hashToken(issued.token), requestId: 'r1', key: KEY, validUntil: issued.validUntil, locale: 'de' },
    ]);
    expect(JSON.stringify([...links.records.values()])).not.toContain(issued.token);
  });

  it('honours a shorter time to live', async () => {
    // Prepare
    const links = new MemoryLinks();

    // Act
    const issued = await issueExportLink('r1', KEY, { links, now: () => ISSUED_AT, ttlMs: 3600_000 });

    // Assess
    expect(issued.validUntil).toBe('2026-11-25T11:00:00.000Z');
    expect([...links.records.values()][0]).not.toHaveProperty('locale');
  });

  it('gives every link its own token', async () => {
    // Prepare
    const links = new MemoryLinks();

    // Act
    const first = await issueExportLink('r1', KEY, { links, now: () => ISSUED_AT });
    const second = await issueExportLink('r1', KEY, { links, now: () => ISSUED_AT });

    // Assess
    expect(first.token).not.toBe(second.token);
    expect(links.records.size).toBe(2);
  });
});

describe('exportLinkUrl', () => {
  it.each([
    { base: 'https://privacy.example.com', expected: 'https://privacy.example.com/v1/exports/TOKEN' },
    { base: 'https://api.example.com/prod/', expected: 'https://api.example.com/prod/v1/exports/TOKEN' },
  ])('puts the token under /v1/exports of $base', ({ base, expected }) => {
    expect(exportLinkUrl(base, 'TOKEN')).toBe(expected);
  });
});

describe('resolveExportLink', () => {
  const at = (iso: string) => () => new Date(iso);

  it('opens the bundle key as often as the link is used before it expires', async () => {
    // Prepare
    const links = new MemoryLinks();
    const { token } = await issueExportLink('r1', KEY, { links, now: () => ISSUED_AT });

    // Act
    const first = await resolveExportLink(token, { links, now: at('2026-11-25T10:05:00.000Z') });
    const again = await resolveExportLink(token, { links, now: at('2026-12-02T09:59:59.999Z') });

    // Assess
    expect(first).toEqual({ outcome: 'valid', requestId: 'r1', key: KEY, tokenHash: expect.stringMatching(/^[0-9a-f]{64}$/), uses: 0 });
    expect(again).toEqual(first);
  });

  it('answers expired from the moment the link runs out, in the language stored with it', async () => {
    // Prepare
    const links = new MemoryLinks();
    const { token, validUntil } = await issueExportLink('r1', KEY, { links, now: () => ISSUED_AT, locale: 'de' });

    // Act
    const outcome = await resolveExportLink(token, { links, now: at(validUntil) });

    // Assess
    expect(outcome).toEqual({ outcome: 'expired', requestId: 'r1', locale: 'de' });
  });

  it.each([
    { note: 'no token', token: undefined },
    { note: 'an empty token', token: '' },
    { note: 'a token that is too short', token: 'abc' },
    { note: 'a token with characters no token has', token: `${'a'.repeat(42)}=` },
    { note: 'a token with a path in it', token: `../${'a'.repeat(40)}` },
  ])('refuses $note as invalid without looking it up', async ({ token }) => {
    // Prepare
    const links = new MemoryLinks();

    // Act
    const outcome = await resolveExportLink(token, { links, now: () => ISSUED_AT });

    // Assess
    expect(outcome).toEqual({ outcome: 'invalid' });
    expect(links.gets).toBe(0);
  });

  it('answers a well-formed token it never issued as invalid', async () => {
    // Prepare
    const links = new MemoryLinks();

    // Act
    const outcome = await resolveExportLink(issueToken().token, { links, now: () => ISSUED_AT });

    // Assess
    expect(outcome).toEqual({ outcome: 'invalid' });
    expect(links.gets).toBe(1);
  });

  it('treats a record whose end cannot be read as invalid rather than valid forever', async () => {
    // Prepare
    const links = new MemoryLinks();
    const { token, hash } = issueToken();
    await links.put({ tokenHash: hash, requestId: 'r1', key: KEY, validUntil: 'someday' });

    // Act
    const outcome = await resolveExportLink(token, { links, now: () => ISSUED_AT });

    // Assess
    expect(outcome).toEqual({ outcome: 'invalid' });
  });
});
