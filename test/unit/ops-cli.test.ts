import { describe, expect, it } from 'vitest';
import { daysLeft } from '../../bin/ops-cli.js';

describe('daysLeft', () => {
  it.each([
    { note: 'due later', dueAt: '2026-12-10', now: '2026-12-02T09:00:00Z', zone: 'Europe/Berlin', expected: 8 },
    { note: 'due today', dueAt: '2026-12-02', now: '2026-12-02T09:00:00Z', zone: 'Europe/Berlin', expected: 0 },
    { note: 'overdue', dueAt: '2026-11-30', now: '2026-12-02T09:00:00Z', zone: 'Europe/Berlin', expected: -2 },
    // 23:30 UTC is already the next day in Berlin but still the same day in Los Angeles.
    { note: 'after midnight in Berlin', dueAt: '2026-12-02', now: '2026-12-02T23:30:00Z', zone: 'Europe/Berlin', expected: -1 },
    { note: 'before midnight in Los Angeles', dueAt: '2026-12-02', now: '2026-12-02T23:30:00Z', zone: 'America/Los_Angeles', expected: 0 },
  ])("counts whole days in the request's time zone: $note", ({ dueAt, now, zone, expected }) => {
    // Act
    const days = daysLeft(dueAt, zone, new Date(now));

    // Assess
    expect(days).toBe(expected);
  });
});
