// After the whole suite: every line any worker wrote is scanned for the personal data the tests
// used (the demo customers' emails, names, addresses and card digits, and every subject address the
// tests make up), and for verification tokens. One hit fails the run.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { demoAccounts } from '../../local/demo-data.js';

export const LOG_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../test-results/logs');

/** Addresses that are configuration, not people: the sender and the placeholders of docs. */
const NOT_PEOPLE = new Set(['privacy@example.com', 'dpo@shop.example']);

/** What must never appear, each with a pattern that finds it as a whole word. */
export function personalDataPatterns(): { label: string; pattern: RegExp }[] {
  const word = (text: string) => new RegExp(`(?<![0-9A-Za-z])${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![0-9A-Za-z])`, 'i');
  const patterns: { label: string; pattern: RegExp }[] = [];
  for (const account of demoAccounts) {
    patterns.push({ label: `name of ${account.accountId}`, pattern: word(account.name) });
    patterns.push({ label: `street of ${account.accountId}`, pattern: word(account.billingAddress.street) });
    patterns.push({ label: `card digits of ${account.accountId}`, pattern: new RegExp(`(?:card|last ?4|last4)\\D{0,12}${account.cardLast4}(?!\\d)`, 'i') });
  }
  // Any address on the example domains the tests use, the demo customers' included.
  patterns.push({ label: 'an email address', pattern: /[A-Za-z0-9._%+-]+@(?:example\.(?:com|org|net|co\.uk)|shop\.example)\b/ });
  // A confirmation or download link with its token.
  patterns.push({ label: 'a link token', pattern: /\/v1\/(?:verify|exports|unsubscribe)\/[A-Za-z0-9_-]{43}/ });
  return patterns;
}

/** The hits in `text`: which kind of data, and where, with the match itself masked. */
export function findPersonalData(text: string): string[] {
  const hits: string[] = [];
  const lines = text.split('\n');
  for (const [index, line] of lines.entries()) {
    for (const { label, pattern } of personalDataPatterns()) {
      const match = pattern.exec(line);
      if (!match) continue;
      if (label === 'an email address' && NOT_PEOPLE.has(match[0].toLowerCase())) continue;
      hits.push(`line ${index + 1}: ${label}`);
    }
  }
  return hits;
}

export function setup(): void {
  rmSync(LOG_DIR, { recursive: true, force: true });
  mkdirSync(LOG_DIR, { recursive: true });
}

export function teardown(): void {
  if (!existsSync(LOG_DIR)) return;
  const problems: string[] = [];
  for (const name of readdirSync(LOG_DIR)) {
    const hits = findPersonalData(readFileSync(join(LOG_DIR, name), 'utf8'));
    problems.push(...hits.map((hit) => `${name} ${hit}`));
  }
  if (problems.length > 0) {
    throw new Error(
      `Personal data in the suite's log output (${problems.length} hits; the files are in test-results/logs):\n${problems.slice(0, 40).join('\n')}`,
    );
  }
}
