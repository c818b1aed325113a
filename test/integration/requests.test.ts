// Request intake end to end, as a calling system meets it: the local runtime, real emulators, HTTP.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isFiledUnder, REQUEST_TYPES, JURISDICTIONS, type RequestType, type Jurisdiction } from '../../shared/domain/request-model.js';
import { tables } from '../../shared/resources.js';
import { startLocalRuntime, type LocalRuntime } from '../../local/runtime.js';

const API_KEY = 'requests-integration-key';
const DAY_MS = 24 * 3600 * 1000;

/** Every subject this suite files for: the log scan at the end looks for each of these strings. */
const personalData = new Set<string>();
function subject(label: string, name = `Person ${label}`): { email: string; name: string } {
  const email = `subject.${label}@example.com`;
  personalData.add(email);
  personalData.add(name);
  return { email, name };
}

/** Hand-computed: receipt (10:00 local) and the deadline the law gives, far enough apart to pick one in the last year. */
const DUE_DATES: Record<Jurisdiction, { receivedAt: string; dueAt: string; note: string }[]> = {
  gdpr: [
    { receivedAt: '2026-01-31T09:00:00Z', dueAt: '2026-03-02', note: '28 Feb is a Saturday' },
    { receivedAt: '2026-03-31T08:00:00Z', dueAt: '2026-04-30', note: 'April has 30 days' },
    { receivedAt: '2026-08-31T08:00:00Z', dueAt: '2026-09-30', note: 'September has 30 days' },
    { receivedAt: '2026-11-26T09:00:00Z', dueAt: '2026-12-28', note: '26 Dec: holiday and Saturday, then Sunday' },
    { receivedAt: '2027-02-26T09:00:00Z', dueAt: '2027-03-30', note: 'Good Friday, weekend, Easter Monday' },
    { receivedAt: '2027-06-30T08:00:00Z', dueAt: '2027-07-30', note: 'a Friday' },
    { receivedAt: '2027-09-03T08:00:00Z', dueAt: '2027-10-04', note: 'Unity Day on a Sunday' },
    { receivedAt: '2027-11-25T09:00:00Z', dueAt: '2027-12-27', note: 'Christmas on the weekend' },
    { receivedAt: '2028-01-31T09:00:00Z', dueAt: '2028-02-29', note: 'leap year' },
    { receivedAt: '2028-06-30T08:00:00Z', dueAt: '2028-07-31', note: '30 Jul is a Sunday' },
    { receivedAt: '2028-10-31T09:00:00Z', dueAt: '2028-11-30', note: 'November has 30 days' },
  ],
  ccpa: [
    { receivedAt: '2026-02-01T18:00:00Z', dueAt: '2026-03-18', note: '45 calendar days' },
    { receivedAt: '2026-06-01T18:00:00Z', dueAt: '2026-07-16', note: '45 calendar days' },
    { receivedAt: '2026-11-20T18:00:00Z', dueAt: '2027-01-04', note: '45 calendar days across the year' },
    { receivedAt: '2027-03-01T18:00:00Z', dueAt: '2027-04-15', note: '45 calendar days' },
    { receivedAt: '2027-08-01T18:00:00Z', dueAt: '2027-09-15', note: '45 calendar days' },
    { receivedAt: '2028-01-01T18:00:00Z', dueAt: '2028-02-15', note: '45 calendar days' },
    { receivedAt: '2028-05-01T18:00:00Z', dueAt: '2028-06-15', note: '45 calendar days' },
    { receivedAt: '2028-09-01T18:00:00Z', dueAt: '2028-10-16', note: '45 calendar days' },
  ],
};

/** The newest hand-computed case that lies in the past year (receivedAt may be at most a year old). */
function recentCase(jurisdiction: Jurisdiction) {
  const now = Date.now();
  const inWindow = DUE_DATES[jurisdiction].filter((c) => {
    const at = Date.parse(c.receivedAt);
    return at < now - DAY_MS && at > now - 360 * DAY_MS;
  });
  const chosen = inWindow.at(-1);
  if (!chosen) throw new Error(`Add a ${jurisdiction} case for the year before ${new Date(now).toISOString()}`);
  return chosen;
}

/** Requests carried out with no verification: opt-outs and withdrawals under both laws, and an objection to direct marketing (every one filed here names no scope). */
const needsNoVerification = (_jurisdiction: Jurisdiction, type: RequestType) =>
  ['sale-opt-out', 'consent-withdrawal', 'marketing-opt-out', 'objection'].includes(type);

/** The status a request takes right after intake. */
const statusAfterIntake = (jurisdiction: Jurisdiction, type: RequestType) => (needsNoVerification(jurisdiction, type) ? 'verified' : 'awaiting-verification');

interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: { path: string; message: string }[];
}

describe('request intake through the local runtime', () => {
  let runtime: LocalRuntime;
  let documents: DynamoDBDocumentClient;
  const accessLog: string[] = [];
  const output: string[] = [];
  const restores: (() => void)[] = [];

  const api = (path: string, init: RequestInit & { headers?: Record<string, string> } = {}) =>
    fetch(`${runtime.apiUrl}${path}`, { ...init, headers: { 'x-api-key': API_KEY, ...init.headers } });
  const post = (body: unknown, headers: Record<string, string> = {}) =>
    api('/v1/requests', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  beforeAll(async () => {
    // Everything written while this suite runs is kept for the log scan at the end.
    for (const stream of [process.stdout, process.stderr]) {
      const original = stream.write.bind(stream);
      stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
        output.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString());
        return original(chunk as never, ...(rest as []));
      }) as typeof stream.write;
      restores.push(() => {
        stream.write = original;
      });
    }
    runtime = await startLocalRuntime({ port: 0, memory: true, apiKey: API_KEY, accessLog: (line) => accessLog.push(line) });
    documents = DynamoDBDocumentClient.from(new DynamoDBClient({}));
  });

  afterAll(async () => {
    documents?.destroy();
    await runtime?.workflows.idle();
    await runtime?.stop();
    for (const restore of restores) restore();
  });

  describe('filing every type in both jurisdictions', () => {
    // Every type each law files (a GDPR sale opt-in is refused with 422, tested on its own).
    const cases = JURISDICTIONS.flatMap((jurisdiction) =>
      REQUEST_TYPES.filter((type) => isFiledUnder(type, jurisdiction)).map((type) => ({ jurisdiction, type })),
    );
    const filed = new Map<string, string>();

    it.each(cases)('files $type under $jurisdiction and reads it back', async ({ jurisdiction, type }) => {
      // Prepare
      const who = subject(`${jurisdiction}-${type}`);
      const due = recentCase(jurisdiction);

      // Act
      const response = await post({ type, jurisdiction, subject: who, receivedAt: due.receivedAt });
      const created = (await response.json()) as Record<string, unknown> & { id: string; links: { self: string; audit: string } };
      const read = await api(`/v1/requests/${created.id}`);

      // Assess
      expect(response.status).toBe(202);
      expect(response.headers.get('location')).toBe(`/v1/requests/${created.id}`);
      expect(created).toMatchObject({
        type,
        jurisdiction,
        status: statusAfterIntake(jurisdiction, type),
        receivedAt: new Date(due.receivedAt).toISOString(),
        extended: false,
        overdue: expect.any(Boolean),
        links: { self: `/v1/requests/${created.id}`, audit: `/v1/requests/${created.id}/audit` },
      });
      expect(created.id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
      expect(JSON.stringify(created)).not.toContain(who.email);
      expect(JSON.stringify(created)).not.toContain(who.name);
      if (jurisdiction === 'ccpa' && ['access', 'portability', 'deletion'].includes(type)) expect(created.acknowledgeBy).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      else expect(created.acknowledgeBy).toBeUndefined();
      expect(read.status).toBe(200);
      const stored = (await read.json()) as Record<string, unknown>;
      if (created.status === 'verified') {
        // Verified at intake, it is being carried out already: its status may have moved on when it is read.
        const moving = ['status', 'updatedAt', 'fulfilment'];
        const without = (view: Record<string, unknown>) => Object.fromEntries(Object.entries(view).filter(([key]) => !moving.includes(key)));
        expect(without(stored)).toEqual(without(created));
        expect(['verified', 'in-progress', 'completed', 'partially-completed']).toContain(stored.status);
      } else {
        expect(stored).toEqual(created);
      }
      filed.set(`${jurisdiction}/${type}`, created.id);
    });

    it.each(JURISDICTIONS)('sets dueAt by the %s rules for a receivedAt given in the body', async (jurisdiction) => {
      // Prepare
      const due = recentCase(jurisdiction);
      const type = 'access';

      // Act
      const response = await api(`/v1/requests/${filed.get(`${jurisdiction}/${type}`)}`);

      // Assess
      expect(await response.json()).toMatchObject({ dueAt: due.dueAt, receivedAt: new Date(due.receivedAt).toISOString() });
    });

    it('lists them, filters by type and status, and pages through all of them without repeats', async () => {
      // Prepare
      const seen: string[] = [];
      let cursor: string | undefined;

      // Act
      do {
        const page = await api(`/v1/requests?limit=5${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
        expect(page.status).toBe(200);
        const body = (await page.json()) as { items: { id: string }[]; nextCursor?: string };
        expect(body.items.length).toBeLessThanOrEqual(5);
        seen.push(...body.items.map((i) => i.id));
        cursor = body.nextCursor;
      } while (cursor);
      const deletions = (await (await api('/v1/requests?type=deletion')).json()) as { items: { id: string; type: string }[] };
      const waiting = (await (await api('/v1/requests?status=awaiting-verification&limit=100')).json()) as { items: { id: string; status: string }[] };

      // Assess
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen).toEqual(expect.arrayContaining([...filed.values()]));
      expect(deletions.items.map((i) => i.id).sort()).toEqual([filed.get('gdpr/deletion'), filed.get('ccpa/deletion')].sort());
      const needVerification = [...filed.entries()]
        .filter(([key]) => !needsNoVerification(key.split('/')[0] as Jurisdiction, key.split('/')[1] as RequestType))
        .map(([, id]) => id);
      expect(waiting.items.map((i) => i.id).sort()).toEqual(needVerification.sort());
    });

    it('lists only overdue requests with overdue=true', async () => {
      // Prepare: the chosen receipts are recent enough that a CCPA 45-day answer may or may not be due

      // Act
      const response = await api('/v1/requests?overdue=true&limit=100');
      const body = (await response.json()) as { items: { id: string; overdue: boolean; dueAt: string; acknowledgementOverdue?: boolean }[] };

      // Assess
      expect(response.status).toBe(200);
      const today = new Date().toISOString().slice(0, 10);
      for (const item of body.items) {
        expect(item.overdue).toBe(true);
        expect(item.dueAt < today || item.acknowledgementOverdue === true).toBe(true);
      }
    });
  });

  describe('duplicates', () => {
    it('returns the open request with duplicateOf and records the repeat in its audit chain', async () => {
      // Prepare
      const who = subject('duplicate');
      const first = (await (await post({ type: 'deletion', jurisdiction: 'gdpr', subject: who })).json()) as { id: string };

      // Act
      const again = await post({ type: 'deletion', jurisdiction: 'gdpr', subject: { ...who, email: who.email.toUpperCase() } });
      const body = (await again.json()) as { id: string; duplicateOf: string };
      const audit = (await (await api(`/v1/requests/${first.id}/audit`)).json()) as { events: { type: string }[]; verification: { valid: boolean } };

      // Assess
      expect(again.status).toBe(200);
      expect(body).toMatchObject({ id: first.id, duplicateOf: first.id });
      expect(audit.events.map((e) => e.type)).toContain('request.duplicate-received');
      expect(audit.verification.valid).toBe(true);
    });

    it('files a new request for another type or jurisdiction from the same subject', async () => {
      // Prepare
      const who = subject('duplicate-other');
      const first = (await (await post({ type: 'deletion', jurisdiction: 'gdpr', subject: who })).json()) as { id: string };

      // Act
      const otherType = await post({ type: 'access', jurisdiction: 'gdpr', subject: who });
      const otherLaw = await post({ type: 'deletion', jurisdiction: 'ccpa', subject: who });

      // Assess
      expect(otherType.status).toBe(202);
      expect(otherLaw.status).toBe(202);
      expect(((await otherType.json()) as { id: string }).id).not.toBe(first.id);
    });
  });

  describe('idempotency', () => {
    it('turns 50 concurrent sends of one Idempotency-Key into one request', async () => {
      // Prepare
      const who = subject('idempotent');
      const body = { type: 'objection', jurisdiction: 'gdpr', subject: who, scope: { purposes: ['marketing'] } };
      const key = 'idem-50-concurrent';

      // Act
      const responses = await Promise.all(Array.from({ length: 50 }, () => post(body, { 'idempotency-key': key })));
      const statuses = responses.map((r) => r.status);
      const answers = (await Promise.all(responses.map((r) => r.json()))) as { id?: string }[];
      const retry = await post(body, { 'idempotency-key': key });
      const stored = await documents.send(
        new ScanCommand({
          TableName: tables.requests.localName,
          FilterExpression: '#kind = :kind AND #subject.#email = :email',
          ExpressionAttributeNames: { '#kind': 'kind', '#subject': 'subject', '#email': 'email' },
          ExpressionAttributeValues: { ':kind': 'request', ':email': who.email },
        }),
      );

      // Assess
      expect(statuses.every((s) => s === 202 || s === 409)).toBe(true);
      const accepted = answers.filter((_, i) => statuses[i] === 202);
      expect(accepted.length).toBeGreaterThanOrEqual(1);
      expect(new Set(accepted.map((a) => a.id)).size).toBe(1);
      expect(retry.status).toBe(202);
      expect(((await retry.json()) as { id: string }).id).toBe(accepted[0]!.id);
      expect(stored.Items).toHaveLength(1);
    });

    it('refuses the same key with a different body with 422', async () => {
      // Prepare
      const who = subject('idempotent-mismatch');
      const key = 'idem-mismatch';
      await post({ type: 'objection', jurisdiction: 'gdpr', subject: who }, { 'idempotency-key': key });

      // Act
      const response = await post({ type: 'access', jurisdiction: 'gdpr', subject: who }, { 'idempotency-key': key });

      // Assess
      expect(response.status).toBe(422);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
    });
  });

  describe('the audit chain', () => {
    it('verifies as filed, and fails to verify once a stored event is edited', async () => {
      // Prepare
      const who = subject('tamper');
      const { id } = (await (await post({ type: 'access', jurisdiction: 'gdpr', subject: who })).json()) as { id: string };
      const before = (await (await api(`/v1/requests/${id}/audit`)).json()) as { verification: { valid: boolean; length: number } };

      // Act
      await documents.send(
        new UpdateCommand({
          TableName: tables.audit.localName,
          Key: { requestId: id, seq: 1 },
          UpdateExpression: 'SET #data.#type = :type',
          ExpressionAttributeNames: { '#data': 'data', '#type': 'type' },
          ExpressionAttributeValues: { ':type': 'sale-opt-out' },
        }),
      );
      const after = await api(`/v1/requests/${id}/audit`);

      // Assess
      expect(before.verification).toMatchObject({ valid: true, length: 3 });
      expect(after.status).toBe(200);
      expect(((await after.json()) as { verification: unknown }).verification).toMatchObject({ valid: false, brokenAt: 1 });
    });
  });

  describe('bad input', () => {
    const valid = () => ({ type: 'access', jurisdiction: 'gdpr', subject: subject('bad-input') });
    const inAYear = new Date(Date.now() + 365 * DAY_MS).toISOString();
    const longAgo = new Date(Date.now() - 400 * DAY_MS).toISOString();
    const pdf = Buffer.from('%PDF-1.7\nsigned permission\n%%EOF').toString('base64');
    const agent = (permission: unknown) => ({ ...valid(), agent: { name: 'Agent Smith', email: 'agent@example.com', permission } });

    const cases: { note: string; send: () => Promise<Response>; status: number; field?: string }[] = [
      { note: 'malformed JSON', send: () => post('{"type": "access",'), status: 400 },
      { note: 'a JSON array', send: () => post('[]'), status: 400 },
      { note: 'an empty body', send: () => post(''), status: 400 },
      { note: 'a wrong type for type', send: () => post({ ...valid(), type: 7 }), status: 400, field: 'type' },
      { note: 'an unknown request type', send: () => post({ ...valid(), type: 'erase-everything' }), status: 400, field: 'type' },
      { note: 'an unknown jurisdiction', send: () => post({ ...valid(), jurisdiction: 'lgpd' }), status: 400, field: 'jurisdiction' },
      { note: 'a missing subject', send: () => post({ type: 'access', jurisdiction: 'gdpr' }), status: 400, field: 'subject' },
      { note: 'a missing email', send: () => post({ ...valid(), subject: { name: 'No Mail' } }), status: 400, field: 'subject.email' },
      { note: 'an invalid email', send: () => post({ ...valid(), subject: { email: 'not-an-email' } }), status: 400, field: 'subject.email' },
      { note: 'a future receivedAt', send: () => post({ ...valid(), receivedAt: inAYear }), status: 400, field: 'receivedAt' },
      { note: 'a receivedAt over a year ago', send: () => post({ ...valid(), receivedAt: longAgo }), status: 400, field: 'receivedAt' },
      { note: 'a receivedAt without a zone', send: () => post({ ...valid(), receivedAt: '2026-03-01T10:00:00' }), status: 400, field: 'receivedAt' },
      { note: 'an unknown field', send: () => post({ ...valid(), priority: 'high' }), status: 400, field: 'priority' },
      { note: 'an unknown locale', send: () => post({ ...valid(), subject: { email: 'x@example.com', locale: 'fr' } }), status: 400, field: 'subject.locale' },
      { note: 'a bad access depth', send: () => post({ ...valid(), scope: { access: 'everything' } }), status: 400, field: 'scope.access' },
      {
        note: 'a permission document of a refused kind',
        send: () => post(agent({ contentType: 'text/html', base64: pdf })),
        status: 400,
        field: 'agent.permission.contentType',
      },
      {
        note: 'a permission document that is not base64',
        send: () => post(agent({ contentType: 'application/pdf', base64: '***' })),
        status: 400,
        field: 'agent.permission.base64',
      },
      {
        note: 'a permission document whose bytes are not a PDF',
        send: () => post(agent({ contentType: 'application/pdf', base64: Buffer.from('<html>').toString('base64') })),
        status: 400,
      },
      { note: 'an oversized body', send: () => post({ ...valid(), details: 'x'.repeat(4_000_000) }), status: 413 },
      {
        note: 'a form body',
        send: () => api('/v1/requests', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'type=access' }),
        status: 415,
      },
      { note: 'no api key', send: () => fetch(`${runtime.apiUrl}/v1/requests`), status: 401 },
      { note: 'an unknown id', send: () => api('/v1/requests/01J0000000000000000000000Z'), status: 404 },
      { note: 'an unknown id for the audit', send: () => api('/v1/requests/not-a-ulid/audit'), status: 404 },
      { note: 'a bad cursor', send: () => api('/v1/requests?cursor=not-a-cursor'), status: 400, field: 'cursor' },
      {
        note: 'a cursor of the wrong shape',
        send: () => api(`/v1/requests?cursor=${Buffer.from('{"id":1}').toString('base64url')}`),
        status: 400,
        field: 'cursor',
      },
      { note: 'a bad status filter', send: () => api('/v1/requests?status=lost'), status: 400, field: 'status' },
      { note: 'a bad limit', send: () => api('/v1/requests?limit=1000'), status: 400, field: 'limit' },
      { note: 'a bad overdue flag', send: () => api('/v1/requests?overdue=maybe'), status: 400, field: 'overdue' },
      { note: 'an unknown query parameter', send: () => api('/v1/requests?sort=asc'), status: 400, field: 'sort' },
      { note: 'a method the route does not have', send: () => api('/v1/requests/01J0000000000000000000000Z', { method: 'DELETE' }), status: 405 },
    ];

    it.each(cases)('answers $note with $status problem+json', async ({ send, status, field }) => {
      // Prepare: the case is the row

      // Act
      const response = await send();
      const problem = (await response.json()) as Problem;

      // Assess
      expect(response.status).toBe(status);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      expect(problem).toMatchObject({ status, title: expect.any(String), type: expect.any(String) });
      if (field) expect(problem.errors?.map((e) => e.path)).toContain(field);
    });

    it('writes nothing for a refused filing', async () => {
      // Prepare
      const who = subject('refused');

      // Act
      await post({ type: 'access', jurisdiction: 'gdpr', subject: who, receivedAt: inAYear });
      await post({
        type: 'access',
        jurisdiction: 'gdpr',
        subject: who,
        agent: { name: 'A', email: 'agent@example.com', permission: { contentType: 'application/pdf', base64: Buffer.from('<html>').toString('base64') } },
      });
      const stored = await documents.send(
        new ScanCommand({
          TableName: tables.requests.localName,
          FilterExpression: '#subject.#email = :email',
          ExpressionAttributeNames: { '#subject': 'subject', '#email': 'email' },
          ExpressionAttributeValues: { ':email': who.email },
        }),
      );

      // Assess
      expect(stored.Items).toEqual([]);
    });
  });

  describe('log hygiene', () => {
    it('never wrote a subject email, name or address to a log during this suite', () => {
      // Prepare
      const logs = [...output, ...accessLog].join('\n').toLowerCase();

      // Act
      const found = [...personalData].filter((value) => logs.includes(value.toLowerCase()));

      // Assess
      expect(personalData.size).toBeGreaterThan(30);
      expect(output.join('')).toContain('"level"');
      expect(found).toEqual([]);
    });
  });
});
