import { describe, expect, it } from 'vitest';
import { daysLeft, runOps } from '../../bin/ops-cli.js';

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

describe('runOps tasks and complete', () => {
  /** Runs the CLI against a fake API that answers every call with `answer`, collecting the calls and what it prints. */
  const ops = async (argv: string[], answer: { status: number; body: unknown } = { status: 200, body: { items: [] } }) => {
    const calls: { url: string; method: string; body?: unknown }[] = [];
    const out: string[] = [];
    const err: string[] = [];
    const code = await runOps([...argv, '--url', 'http://api.test', '--api-key', 'k'], {
      env: {},
      fetch: async (input, init) => {
        calls.push({ url: String(input), method: init?.method ?? 'GET', ...(init?.body ? { body: JSON.parse(String(init.body)) } : {}) });
        return new Response(JSON.stringify(answer.body), { status: answer.status, headers: { 'content-type': 'application/json' } });
      },
      now: () => new Date('2026-12-02T09:00:00Z'),
      out: (text) => out.push(text),
      err: (text) => err.push(text),
    });
    return { code, calls, out: out.join('\n'), err: err.join('\n') };
  };
  const TASK = '01JNQ8R2V4M7Y3W5X6Z8A9B0C1.1.partner-portal';

  it("lists one system's open tasks with their due dates", async () => {
    // Prepare
    const items = [
      {
        taskId: TASK,
        requestId: '01JNQ8R2V4M7Y3W5X6Z8A9B0C1',
        systemId: 'partner-portal',
        action: 'delete',
        connector: 'manual',
        state: 'open',
        dueAt: '2026-12-16T09:00:00.000Z',
      },
    ];

    // Act
    const { code, calls, out } = await ops(['tasks', '--system', 'partner-portal'], { status: 200, body: { items } });

    // Assess
    expect(code).toBe(0);
    expect(calls).toEqual([{ url: 'http://api.test/v1/tasks?state=open&limit=100&systemId=partner-portal', method: 'GET' }]);
    expect(out).toContain(TASK);
    expect(out).toContain('2026-12-16T09:00:00.000Z');
    expect(out).toContain('1 open.');
  });

  it('reports a task with its outcome and record count', async () => {
    // Act
    const { code, calls, out } = await ops(['complete', TASK, 'done', '--records', '3'], { status: 202, body: { accepted: 'result' } });

    // Assess
    expect(code).toBe(0);
    expect(calls).toEqual([{ url: `http://api.test/v1/tasks/${TASK}/result`, method: 'POST', body: { outcome: 'done', records: 3 } }]);
    expect(out).toBe(`Task ${TASK} reported done; its request goes on.`);
  });

  it("says what the API refused, in the API's words", async () => {
    // Act
    const { code, err } = await ops(['complete', TASK, 'done'], { status: 409, body: { detail: `Task ${TASK} has already been reported.` } });

    // Assess
    expect(code).toBe(1);
    expect(err).toBe(`The API answered 409: Task ${TASK} has already been reported.`);
  });

  it.each([
    { note: 'no outcome', argv: ['complete', TASK], message: 'complete takes a task id and an outcome.' },
    { note: 'an outcome the terminal cannot give', argv: ['complete', TASK, 'retained'], message: 'The outcome is one of done, not-found, failed.' },
    { note: 'a task id with a path in it', argv: ['complete', '../requests', 'done'], message: 'No task with id "../requests".' },
    { note: 'a record count that is no number', argv: ['complete', TASK, 'done', '--records', 'three'], message: '--records takes a whole number.' },
    { note: 'an error for a task that was done', argv: ['complete', TASK, 'done', '--error', 'x'], message: '--error goes with the outcome failed.' },
    { note: 'a system id that cannot be one', argv: ['tasks', '--system', 'Partner Portal'], message: '--system takes a system id, and only with tasks.' },
    { note: '--records without complete', argv: ['tasks', '--records', '3'], message: '--records and --error go with complete.' },
  ])('refuses $note as a usage error, calling nothing', async ({ argv, message }) => {
    // Act
    const { code, calls, err } = await ops(argv);

    // Assess
    expect(code).toBe(2);
    expect(calls).toEqual([]);
    expect(err.split('\n')[0]).toBe(message);
  });
});

describe('runOps report', () => {
  const ops = async (argv: string[], body: string, contentType = 'application/json') => {
    const calls: { url: string; accept: string }[] = [];
    const out: string[] = [];
    const err: string[] = [];
    const code = await runOps([...argv, '--url', 'http://api.test', '--api-key', 'k'], {
      env: {},
      fetch: async (input, init) => {
        calls.push({ url: String(input), accept: String((init?.headers as Record<string, string>)?.accept) });
        return new Response(body, { status: 200, headers: { 'content-type': contentType } });
      },
      now: () => new Date('2026-12-02T09:00:00Z'),
      out: (text) => out.push(text),
      err: (text) => err.push(text),
    });
    return { code, calls, out: out.join('\n'), err: err.join('\n') };
  };

  it("prints a year's report as tables, with how each figure is counted", async () => {
    // Prepare
    const { requestReport } = await import('../../shared/reports/request-report.js');
    const report = requestReport(
      [{ month: '2025-05', law: 'ccpa', type: 'deletion', counters: { received: 4, completed: 3, answered: 3, daysTotal: 30, 'days.10': 3 } }],
      2025,
      new Date('2026-12-02T09:00:00Z'),
    );

    // Act
    const { code, calls, out } = await ops(['report', '2025'], JSON.stringify(report));

    // Assess
    expect(code).toBe(0);
    expect(calls).toEqual([{ url: 'http://api.test/v1/reports/requests?year=2025', accept: 'application/json' }]);
    expect(out).toMatch(/Requests to delete\s+\|\s+4 \|\s+3 \|\s+0 \|\s+0 \|\s+0 \|\s+10 \|\s+10/);
    expect(out).toContain('How each figure is counted:');
  });

  it('prints the CSV as the API gives it with --csv', async () => {
    const { code, calls, out } = await ops(['report', '2025', '--csv'], 'year,section\r\n2025,CCPA\r\n', 'text/csv');
    expect(code).toBe(0);
    expect(calls[0]!.accept).toBe('text/csv');
    expect(out).toBe('year,section\r\n2025,CCPA');
  });

  it.each([[['report']], [['report', 'last-year']], [['list', '--csv']]])('refuses %j as a usage error', async (argv) => {
    const { code, calls } = await ops(argv, '{}');
    expect(code).toBe(2);
    expect(calls).toEqual([]);
  });
});
