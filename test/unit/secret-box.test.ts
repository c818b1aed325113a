import { createDecipheriv, hkdfSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SecretBox, SecretBoxError } from '../../shared/fulfilment/secret-box.js';

const keyMaterial = Buffer.from('k'.repeat(43), 'utf8');
const secret = 'Zm9vYmFyLXNpZ25pbmctc2VjcmV0LTMyLWJ5dGVzLW9r';

/** Flips one character of a base64url string to another valid one. */
const flip = (part: string, at = 0) => part.slice(0, at) + (part[at] === 'A' ? 'B' : 'A') + part.slice(at + 1);

describe('SecretBox', () => {
  it('seals to v1.<iv>.<tag>.<ciphertext> in base64url and opens it again', () => {
    // Prepare
    const box = new SecretBox(keyMaterial);

    // Act
    const sealed = box.seal(secret, 'billing');

    // Assess
    expect(sealed).toMatch(/^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]+$/);
    expect(sealed).not.toContain(secret);
    expect(box.open(sealed, 'billing')).toBe(secret);
  });

  it('uses a fresh IV each time, so the same secret never seals the same way twice', () => {
    // Prepare
    const box = new SecretBox(keyMaterial);

    // Act
    const first = box.seal(secret, 'billing');
    const second = box.seal(secret, 'billing');

    // Assess
    expect(first).not.toBe(second);
    expect(first.split('.')[1]).not.toBe(second.split('.')[1]);
  });

  it('encrypts with AES-256-GCM under HKDF-SHA256(key, info "privacy-ops webhook secrets")', () => {
    // Prepare
    const sealed = new SecretBox(keyMaterial).seal(secret, 'billing');
    const [, iv, tag, ciphertext] = sealed.split('.') as [string, string, string, string];
    const key = Buffer.from(hkdfSync('sha256', keyMaterial, Buffer.alloc(0), 'privacy-ops webhook secrets', 32));

    // Act
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from('billing'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    const plaintext = Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');

    // Assess
    expect(plaintext).toBe(secret);
  });

  it.each([
    { note: 'an altered IV', alter: (p: string[]) => [p[0], flip(p[1]!), p[2], p[3]] },
    { note: 'an altered tag', alter: (p: string[]) => [p[0], p[1], flip(p[2]!), p[3]] },
    { note: 'an altered ciphertext', alter: (p: string[]) => [p[0], p[1], p[2], flip(p[3]!)] },
    { note: 'a ciphertext cut short', alter: (p: string[]) => [p[0], p[1], p[2], p[3]!.slice(0, -2)] },
  ])('refuses to open $note', ({ alter }) => {
    // Prepare
    const box = new SecretBox(keyMaterial);
    const tampered = alter(box.seal(secret, 'billing').split('.')).join('.');

    // Act
    const open = () => box.open(tampered, 'billing');

    // Assess
    expect(open).toThrow(SecretBoxError);
    expect(open).toThrow(/failed authentication/);
  });

  it('refuses a value sealed for another record', () => {
    // Prepare
    const box = new SecretBox(keyMaterial);
    const sealed = box.seal(secret, 'billing');

    // Act
    const open = () => box.open(sealed, 'newsletter');

    // Assess
    expect(open).toThrow(SecretBoxError);
  });

  it('refuses a value sealed under another key', () => {
    // Prepare
    const sealed = new SecretBox(Buffer.from('o'.repeat(43))).seal(secret, 'billing');

    // Act
    const open = () => new SecretBox(keyMaterial).open(sealed, 'billing');

    // Assess
    expect(open).toThrow(/failed authentication/);
  });

  it.each([
    { note: 'another version', sealed: (s: string) => s.replace(/^v1\./, 'v2.') },
    { note: 'a missing part', sealed: (s: string) => s.split('.').slice(0, 3).join('.') },
    { note: 'an extra part', sealed: (s: string) => `${s}.AAAA` },
    {
      note: 'a short IV',
      sealed: (s: string) =>
        s
          .split('.')
          .map((p, i) => (i === 1 ? p.slice(4) : p))
          .join('.'),
    },
    { note: 'characters outside base64url', sealed: (s: string) => s.replace(/\.([^.]+)$/, '.+/==') },
    { note: 'plaintext', sealed: () => secret },
  ])('says a value with $note is not in the v1 format', ({ sealed }) => {
    // Prepare
    const box = new SecretBox(keyMaterial);
    const value = sealed(box.seal(secret, 'billing'));

    // Act
    const open = () => box.open(value, 'billing');

    // Assess
    expect(open).toThrow(SecretBoxError);
    expect(open).toThrow(/not in the v1 format/);
  });

  it('refuses key material shorter than 32 bytes', () => {
    // Act
    const create = () => new SecretBox(Buffer.alloc(31, 1));

    // Assess
    expect(create).toThrow(SecretBoxError);
  });
});
