import { describe, expect, it } from 'vitest';
import { DomainError, InvalidInputError } from '../../shared/errors.js';
import { httpHandler } from '../../shared/http/handler.js';
import { jsonResult } from '../../shared/http/results.js';
import { decodeCursor, encodeCursor, listRequests, type ListQuery } from '../../shared/requests/list-requests.js';
import type { ListFilter, ListPage, RequestStore } from '../../shared/requests/request-store.js';
import { apiEvent, captureOutput, lambdaContext } from '../support/lambda.js';

const b64url = (text: string) => Buffer.from(text, 'utf8').toString('base64url');

/** The keys DynamoDB hands back as LastEvaluatedKey for the two list indexes. */
const BY_KIND_KEY = { id: '01JZ8Q4W6T3M2K9N5P7R1S0V2X', kind: 'request' };
const BY_STATUS_KEY = { id: '01JZ8Q4W6T3M2K9N5P7R1S0V2X', status: 'in-progress', dueAt: '2026-04-30' };

/** Whatever `run` throws, or undefined. */
function thrownBy(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
}

/** A store that records what `list` was asked and answers with `page`. */
function fakeStore(page: ListPage = { items: [] }) {
  const calls: { filter: ListFilter; limit: number; startKey?: Record<string, string> }[] = [];
  const store = {
    list: async (filter: ListFilter, limit: number, startKey?: Record<string, string>) => {
      calls.push({ filter, limit, ...(startKey ? { startKey } : {}) });
      return page;
    },
  } as unknown as RequestStore;
  return { store, calls };
}

const NOW = new Date('2026-03-02T12:00:00Z');
const ZONES = ['Europe/Berlin', 'America/Los_Angeles'];

const garbage: { note: string; cursor: string }[] = [
  { note: 'not base64url at all', cursor: 'not-a-cursor' },
  { note: 'only characters outside base64url', cursor: '!!!@@@###' },
  { note: 'an empty string', cursor: '' },
  { note: 'base64url of plain text', cursor: b64url('hello world') },
  { note: 'base64url of truncated JSON', cursor: b64url('{"id":"01JZ8Q4W6T3M2K9N5P7R1S0V2X"') },
  { note: 'base64url of bytes that are not UTF-8', cursor: Buffer.from([0xff, 0xfe, 0x00, 0x7b]).toString('base64url') },
  { note: 'JSON null', cursor: b64url('null') },
  { note: 'a JSON string', cursor: b64url('"01JZ8Q4W6T3M2K9N5P7R1S0V2X"') },
  { note: 'a JSON number', cursor: b64url('42') },
  { note: 'a JSON boolean', cursor: b64url('true') },
  { note: 'a JSON array', cursor: b64url('[{"id":"x"}]') },
  { note: 'an empty JSON object', cursor: b64url('{}') },
  { note: 'an object without id', cursor: b64url('{"kind":"request"}') },
  { note: 'an id that is a number', cursor: b64url('{"id":1}') },
  { note: 'an id that is null', cursor: b64url('{"id":null}') },
  { note: 'an id that is an object', cursor: b64url('{"id":{"S":"x"}}') },
  { note: 'a key the indexes do not have', cursor: b64url('{"id":"x","kind":"request","receivedAt":"2026-01-01"}') },
  { note: 'a __proto__ key', cursor: b64url('{"id":"x","__proto__":{"status":"received"}}') },
  { note: 'a value longer than 200 characters', cursor: b64url(JSON.stringify({ id: 'x'.repeat(201) })) },
  { note: 'deeply nested JSON', cursor: b64url(`${'['.repeat(100_000)}${']'.repeat(100_000)}`) },
  { note: 'a huge string of base64url characters', cursor: 'A'.repeat(5_000_000) },
  { note: 'a huge valid JSON object', cursor: b64url(JSON.stringify({ id: 'x', kind: 'y'.repeat(2_000_000) })) },
];

describe('encodeCursor and decodeCursor', () => {
  it.each([
    { note: 'a byKind key', key: BY_KIND_KEY },
    { note: 'a byStatusDue key', key: BY_STATUS_KEY },
    { note: 'values with quotes, slashes and non-ASCII', key: { id: 'a"b\\c/ä€😀', kind: 'request' } },
    { note: 'a value of exactly 200 characters', key: { id: 'x'.repeat(200), kind: 'request' } },
  ])('round-trips $note', ({ key }) => {
    // Prepare
    const cursor = encodeCursor(key);

    // Act
    const decoded = decodeCursor(cursor);

    // Assess
    expect(decoded).toEqual(key);
  });

  it('encodes to URL-safe text with no padding', () => {
    // Prepare: a value whose JSON needs the 62nd and 63rd base64 characters and padding
    const key = { id: '\u00ff\u00fe\u00fd?>', kind: 'request' };

    // Act
    const cursor = encodeCursor(key);

    // Assess
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor)).toEqual(key);
  });

  it.each(garbage)('refuses $note with an InvalidInputError naming the cursor', ({ cursor }) => {
    // Prepare: the cursor is the row

    // Act
    const error = thrownBy(() => decodeCursor(cursor));

    // Assess
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ kind: 'invalid', field: 'cursor', message: 'The cursor is not one this API returned.' });
  });

  it('does not let a __proto__ key change the prototype of the decoded key', () => {
    // Prepare
    const cursor = b64url('{"id":"x","__proto__":{"status":"received"}}');

    // Act
    const error = thrownBy(() => decodeCursor(cursor));

    // Assess
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(({} as Record<string, unknown>).status).toBeUndefined();
  });
});

describe('listRequests paging', () => {
  it("hands the decoded cursor to the store and returns the store's next key as a cursor", async () => {
    // Prepare
    const nextKey = { id: '01JZ8Q4W6T3M2K9N5P7R1S0V2Y', kind: 'request' };
    const { store, calls } = fakeStore({ items: [], lastKey: nextKey });
    const query: ListQuery = { limit: 10, cursor: encodeCursor(BY_KIND_KEY) };

    // Act
    const page = await listRequests(store, query, NOW, ZONES);

    // Assess
    expect(calls).toEqual([{ filter: {}, limit: 10, startKey: BY_KIND_KEY }]);
    expect(page.nextCursor).toBeDefined();
    expect(decodeCursor(page.nextCursor!)).toEqual(nextKey);
  });

  it('returns no cursor on the last page', async () => {
    // Prepare
    const { store } = fakeStore({ items: [] });

    // Act
    const page = await listRequests(store, { limit: 10 }, NOW, ZONES);

    // Assess
    expect(page).toEqual({ items: [] });
  });

  it('pages through a status listing with the cursor it returned', async () => {
    // Prepare
    const { store, calls } = fakeStore({ items: [], lastKey: BY_STATUS_KEY });
    const first = await listRequests(store, { limit: 5, status: 'in-progress' }, NOW, ZONES);

    // Act
    await listRequests(store, { limit: 5, status: 'in-progress', cursor: first.nextCursor! }, NOW, ZONES);

    // Assess
    expect(calls[1]).toEqual({ filter: { status: 'in-progress' }, limit: 5, startKey: BY_STATUS_KEY });
  });

  it.each(garbage)('refuses a cursor that is $note before asking the store', async ({ cursor }) => {
    // Prepare
    const { store, calls } = fakeStore();

    // Act
    const result = listRequests(store, { limit: 10, cursor }, NOW, ZONES);

    // Assess
    if (cursor === '') {
      // An empty cursor is treated as none; the HTTP schema refuses it before this point.
      await expect(result).resolves.toEqual({ items: [] });
      return;
    }
    await expect(result).rejects.toBeInstanceOf(InvalidInputError);
    await expect(result).rejects.toMatchObject({ kind: 'invalid', field: 'cursor' });
    expect(calls).toEqual([]);
  });

  it.each([
    { note: 'a status cursor used without a status filter', key: BY_STATUS_KEY, query: { limit: 10 } },
    { note: 'a byKind cursor used with a status filter', key: BY_KIND_KEY, query: { limit: 10, status: 'received' as const } },
  ])('refuses $note', async ({ key, query }) => {
    // Prepare
    const { store, calls } = fakeStore();

    // Act
    const result = listRequests(store, { ...query, cursor: encodeCursor(key) }, NOW, ZONES);

    // Assess
    await expect(result).rejects.toMatchObject({
      kind: 'invalid',
      field: 'cursor',
      message: 'The cursor belongs to a listing with other filters.',
    });
    expect(calls).toEqual([]);
  });
});

/** Cursors that decode but are no key the list indexes return: DynamoDB would refuse them. */
const keyShapeGaps: { note: string; key: Record<string, string>; query: Omit<ListQuery, 'cursor'> }[] = [
  { note: 'an id alone', key: { id: '01JZ8Q4W6T3M2K9N5P7R1S0V2X' }, query: { limit: 10 } },
  { note: 'a kind other than "request"', key: { id: '01JZ8Q4W6T3M2K9N5P7R1S0V2X', kind: 'other' }, query: { limit: 10 } },
  { note: 'an empty id', key: { id: '', kind: 'request' }, query: { limit: 10 } },
  { note: 'a byKind key with a dueAt', key: { ...BY_KIND_KEY, dueAt: '2026-04-30' }, query: { limit: 10 } },
  { note: 'a status key without dueAt', key: { id: BY_STATUS_KEY.id, status: 'received' }, query: { limit: 10, status: 'received' } },
  { note: 'a status key of another status', key: { ...BY_STATUS_KEY, status: 'completed' }, query: { limit: 10, status: 'received' } },
];

describe('listRequests with a cursor of a key shape no index returns', () => {
  it.each(keyShapeGaps)('refuses $note with an InvalidInputError before asking the store', async ({ key, query }) => {
    // Prepare
    const { store, calls } = fakeStore();

    // Act
    const result = listRequests(store, { ...query, cursor: encodeCursor(key) }, NOW, ZONES);

    // Assess
    await expect(result).rejects.toMatchObject({ kind: 'invalid', field: 'cursor' });
    expect(calls).toEqual([]);
  });
});

describe('a bad cursor over HTTP', () => {
  const handler = httpHandler({}, async ({ event }) => {
    const key = decodeCursor(event.queryStringParameters?.cursor ?? '');
    return jsonResult(200, key);
  });

  it.each(garbage.filter((g) => g.cursor.length > 0 && g.cursor.length <= 2000))(
    'answers $note with 400 problem+json naming the cursor',
    async ({ cursor }) => {
      // Prepare
      const event = apiEvent({ httpMethod: 'GET', queryStringParameters: { cursor } });

      // Act
      const { result } = await captureOutput(() => handler(event, lambdaContext()));

      // Assess
      expect(result.statusCode).toBe(400);
      expect(result.headers?.['content-type']).toBe('application/problem+json');
      const problem = JSON.parse(result.body);
      expect(problem).toMatchObject({ status: 400, errors: [{ path: 'cursor' }] });
      expect(result.body).not.toContain(cursor);
    },
  );

  it('answers a good cursor with the key it holds', async () => {
    // Prepare
    const event = apiEvent({ httpMethod: 'GET', queryStringParameters: { cursor: encodeCursor(BY_KIND_KEY) } });

    // Act
    const { result } = await captureOutput(() => handler(event, lambdaContext()));

    // Assess
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body)).toEqual(BY_KIND_KEY);
  });
});
