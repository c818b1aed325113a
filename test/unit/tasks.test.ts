import { describe, expect, it, vi } from 'vitest';
import { listTasks } from '../../shared/fulfilment/list-tasks.js';
import type { TaskRecord } from '../../shared/fulfilment/task-store.js';
import { closeRequestTasks, taskDueAt, taskIdFor, taskOutcome, taskView } from '../../shared/fulfilment/tasks.js';
import { encodeCursor } from '../../shared/requests/list-requests.js';
import { dataSystem } from '../support/data-system.js';

const REQUEST = '01JNQ8R2V4M7Y3W5X6Z8A9B0C1';
const NOW = new Date('2026-03-10T09:00:00.000Z');

const task = (systemId: string, extra: Partial<TaskRecord> = {}): TaskRecord => ({
  taskId: taskIdFor(REQUEST, 1, systemId),
  requestId: REQUEST,
  systemId,
  action: 'delete',
  connector: 'manual',
  state: 'open',
  createdAt: '2026-03-09T09:00:00.000Z',
  dueAt: '2026-03-23T09:00:00.000Z',
  expiresAt: Date.parse('2026-03-30T09:00:00.000Z') / 1000,
  ...extra,
});

describe('taskIdFor', () => {
  it('names the same task for the same run, and a new one for the next run', () => {
    // Act
    const ids = [taskIdFor(REQUEST, 1, 'crm'), taskIdFor(REQUEST, 1, 'crm'), taskIdFor(REQUEST, 2, 'crm'), taskIdFor(REQUEST, 1, 'billing')];

    // Assess
    expect(ids).toEqual([`${REQUEST}.1.crm`, `${REQUEST}.1.crm`, `${REQUEST}.2.crm`, `${REQUEST}.1.billing`]);
  });
});

describe('taskDueAt', () => {
  it('adds the time the workflow allows to the start', () => {
    // Act
    const due = taskDueAt(NOW, 14 * 24 * 3600);

    // Assess
    expect(due).toBe('2026-03-24T09:00:00.000Z');
  });
});

describe('taskView', () => {
  it("shows where the task stands and where to report it, never the workflow's token", () => {
    // Act
    const view = taskView(task('partner-portal', { taskToken: 'secret-token', askedAt: '2026-03-09T09:00:01.000Z' }));

    // Assess
    expect(JSON.stringify(view)).not.toContain('secret-token');
    expect(view).toEqual({
      taskId: `${REQUEST}.1.partner-portal`,
      requestId: REQUEST,
      systemId: 'partner-portal',
      action: 'delete',
      connector: 'manual',
      state: 'open',
      dueAt: '2026-03-23T09:00:00.000Z',
      createdAt: '2026-03-09T09:00:00.000Z',
      askedAt: '2026-03-09T09:00:01.000Z',
      links: { report: `/v1/tasks/${REQUEST}.1.partner-portal/result`, request: `/v1/requests/${REQUEST}` },
    });
  });

  it('shows the outcome and record count of a finished task', () => {
    // Act
    const view = taskView(task('crm', { state: 'finished', outcome: 'done', records: 0, finishedAt: '2026-03-09T09:01:00.000Z' }));

    // Assess
    expect(view).toMatchObject({ state: 'finished', outcome: 'done', records: 0, finishedAt: '2026-03-09T09:01:00.000Z' });
  });
});

describe('taskOutcome', () => {
  it.each([
    { note: 'an open task', stored: task('crm'), expected: undefined },
    { note: 'a cancelled task', stored: task('crm', { state: 'cancelled' }), expected: undefined },
    {
      note: 'a finished task',
      stored: task('crm', { state: 'finished', outcome: 'failed', records: 0, error: 'States.Timeout' }),
      expected: { systemId: 'crm', action: 'delete', outcome: 'failed', records: 0, error: 'States.Timeout' },
    },
  ])('gives $note the outcome the request keeps', ({ stored, expected }) => {
    // Act
    const outcome = taskOutcome(stored);

    // Assess
    expect(outcome).toEqual(expected);
  });
});

describe('closeRequestTasks', () => {
  it('cancels the open tasks of the run and returns the outcomes of the finished ones, by system', async () => {
    // Prepare
    const stored = [
      task('crm', { state: 'finished', outcome: 'done', records: 2 }),
      task('billing', { state: 'finished', outcome: 'retained', records: 1 }),
      task('partner-portal'),
      task('archive', { state: 'cancelled' }),
    ];
    const getMany = vi.fn(async (ids: readonly string[]) => stored.filter((t) => ids.includes(t.taskId)));
    const cancel = vi.fn(async () => undefined);
    const systems = { list: async () => ['archive', 'billing', 'crm', 'partner-portal', 'web'].map((id) => dataSystem(id)) };

    // Act
    const outcomes = await closeRequestTasks(REQUEST, 1, NOW, { tasks: { getMany, cancel }, systems });

    // Assess
    expect(getMany).toHaveBeenCalledWith(['archive', 'billing', 'crm', 'partner-portal', 'web'].map((id) => taskIdFor(REQUEST, 1, id)));
    expect(cancel).toHaveBeenCalledTimes(1);
    expect(cancel).toHaveBeenCalledWith(taskIdFor(REQUEST, 1, 'partner-portal'), NOW.toISOString());
    expect(outcomes.map((o) => [o.systemId, o.outcome, o.records])).toEqual([
      ['billing', 'retained', 1],
      ['crm', 'done', 2],
    ]);
  });
});

describe('listTasks', () => {
  const store = (items: TaskRecord[], lastKey?: Record<string, string>) => ({ listByState: vi.fn(async () => ({ items, ...(lastKey ? { lastKey } : {}) })) });

  it('passes the state, system and page on, leaves out expired records and gives a cursor to the next page', async () => {
    // Prepare
    const lastKey = { taskId: `${REQUEST}.1.crm`, state: 'open', dueAt: '2026-03-23T09:00:00.000Z' };
    const tasks = store([task('crm'), task('old', { expiresAt: NOW.getTime() / 1000 - 1 })], lastKey);

    // Act
    const page = await listTasks(tasks, { state: 'open', systemId: 'crm', limit: 2 }, NOW);

    // Assess
    expect(tasks.listByState).toHaveBeenCalledWith('open', { systemId: 'crm', limit: 2 });
    expect(page.items.map((t) => t.systemId)).toEqual(['crm']);
    expect(page.nextCursor).toBe(encodeCursor(lastKey));
  });

  it('starts after the key a cursor carries', async () => {
    // Prepare
    const key = { taskId: `${REQUEST}.1.crm`, state: 'finished', dueAt: '2026-03-23T09:00:00.000Z' };
    const tasks = store([]);

    // Act
    const page = await listTasks(tasks, { state: 'finished', limit: 25, cursor: encodeCursor(key) }, NOW);

    // Assess
    expect(tasks.listByState).toHaveBeenCalledWith('finished', { limit: 25, startKey: key });
    expect(page).toEqual({ items: [] });
  });

  it.each([
    { note: 'not base64 JSON', cursor: '%%%', message: 'The cursor is not one this API returned.' },
    { note: 'a key of another listing', cursor: encodeCursor({ id: REQUEST, kind: 'request' }), message: 'The cursor is not one this API returned.' },
    {
      note: 'a key of another state',
      cursor: encodeCursor({ taskId: 'x', state: 'finished', dueAt: '2026-03-23T09:00:00.000Z' }),
      message: 'The cursor belongs to a listing of another state.',
    },
  ])('refuses a cursor that is $note, naming the cursor', async ({ cursor, message }) => {
    // Prepare
    const tasks = store([]);

    // Act
    const listing = listTasks(tasks, { state: 'open', limit: 25, cursor }, NOW);

    // Assess
    await expect(listing).rejects.toMatchObject({ kind: 'invalid', field: 'cursor', message });
    expect(tasks.listByState).not.toHaveBeenCalled();
  });
});
