import { describe, expect, it } from 'vitest';
import { findPersonalData } from '../support/log-hygiene.js';

describe('the log-hygiene scan', () => {
  it.each([
    ['a subject address', '{"message":"Request filed","email":"subject.17@example.com"}', 'an email address'],
    ["a demo customer's name", 'verifying Anna Schmidt', 'name of acc-1001'],
    ["a demo customer's street", '{"street":"Hauptstraße 12"}', 'street of acc-1001'],
    ['card digits', '{"cardLast4":"4242"}', 'card digits of acc-1001'],
    ['a confirmation link', `GET http://localhost:3000/v1/verify/${'a'.repeat(43)}`, 'a link token'],
  ])('finds %s', (_label, line, kind) => {
    // Act
    const hits = findPersonalData(`first line\n${line}\n`);

    // Assess
    expect(hits).toContain(`line 2: ${kind}`);
  });

  it('lets ids, hashes, the sender address and masked addresses pass', () => {
    // Prepare
    const lines = [
      '{"requestId":"01KBF4242QWERTY","hash":"9d63f8350bad1259083204af1703bf03742427c17"}',
      '{"from":"privacy@example.com","to":"a•••@example.com"}',
      '{"message":"Verification link sent","validUntil":"2026-12-09T08:42:42.000Z"}',
    ];

    // Act
    const hits = findPersonalData(lines.join('\n'));

    // Assess
    expect(hits).toEqual([]);
  });
});
