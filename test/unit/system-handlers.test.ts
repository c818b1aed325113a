import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, ScanCommand, type PutCommandInput } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { handler as getSystem } from '../../functions/fulfilment/get-system.handler.js';
import { handler as listSystems } from '../../functions/fulfilment/list-systems.handler.js';
import { handler as putSystem } from '../../functions/fulfilment/put-system.handler.js';
import { SecretBox } from '../../shared/fulfilment/secret-box.js';
import type { StoredSystem } from '../../shared/fulfilment/system-store.js';
import { demoSystems } from '../../local/demo-data.js';
import { apiEvent, lambdaContext } from '../support/lambda.js';

const documents = mockClient(DynamoDBDocumentClient);
const TABLE = 'systems-under-test';
const KEY = 'h'.repeat(43);

beforeAll(() => {
  process.env.SYSTEMS_TABLE = TABLE;
  process.env.SYSTEM_SECRETS_KEY = KEY;
});

afterEach(() => {
  documents.reset();
});

const validBody = () => ({
  name: 'Support desk',
  owner: 'Support',
  description: 'Tickets and their messages.',
  categories: ['contact data', 'correspondence'],
  connector: { kind: 'webhook', url: 'https://support.example.com/privacy-hook' },
  actions: ['export', 'delete'],
  purposes: ['support'],
  retention: [{ category: 'tickets', keepFor: 'P6M', legalBasis: 'Art. 17(3)(e) GDPR (legal claims)' }],
});

const stored = (overrides: Partial<StoredSystem> = {}): StoredSystem => ({
  systemId: 'support-desk',
  name: 'Support desk',
  owner: 'Support',
  categories: ['contact data'],
  connector: { kind: 'webhook', url: 'https://support.example.com/privacy-hook' },
  actions: ['export', 'delete'],
  purposes: ['support'],
  retention: [],
  sellsOrShares: false,
  marketingRecipients: [],
  createdAt: '2026-01-10T08:00:00.000Z',
  updatedAt: '2026-01-10T08:00:00.000Z',
  version: 2,
  sealedSecret: new SecretBox(Buffer.from(KEY)).seal('the-stored-signing-secret', 'support-desk'),
  secretIssuedAt: '2026-01-10T08:00:00.000Z',
  ...overrides,
});

const put = (body: unknown, systemId = 'support-desk', headers: Record<string, string> = { 'Content-Type': 'application/json' }) =>
  putSystem(
    apiEvent({
      httpMethod: 'PUT',
      path: `/v1/systems/${systemId}`,
      resource: '/v1/systems/{systemId}',
      pathParameters: { systemId },
      headers,
      body: typeof body === 'string' ? body : JSON.stringify(body),
    }),
    lambdaContext(),
  );

const get = (systemId: string) => getSystem(apiEvent({ httpMethod: 'GET', path: `/v1/systems/${systemId}`, pathParameters: { systemId } }), lambdaContext());

const putItem = () => (documents.commandCalls(PutCommand)[0]!.args[0].input as PutCommandInput).Item as StoredSystem;

interface Problem {
  type: string;
  status: number;
  detail: string;
  errors?: { path: string; message: string }[];
}

describe('PUT /v1/systems/{systemId}', () => {
  it('registers a new webhook system with 201, a location, and its signing secret shown this once', async () => {
    // Prepare
    documents.on(GetCommand).resolves({});
    documents.on(PutCommand).resolves({});

    // Act
    const result = await put(validBody());

    // Assess
    expect(result.statusCode).toBe(201);
    expect(result.headers).toMatchObject({ location: '/v1/systems/support-desk', 'content-type': 'application/json; charset=utf-8' });
    const body = JSON.parse(result.body);
    expect(body).toMatchObject({
      systemId: 'support-desk',
      connector: { kind: 'webhook', url: 'https://support.example.com/privacy-hook', secretSet: true, secretIssuedAt: body.createdAt },
      sellsOrShares: false,
      marketingRecipients: [],
      links: { self: '/v1/systems/support-desk' },
    });
    expect(body.signingSecret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(body.signingSecret, 'base64url')).toHaveLength(32);
    expect(body).not.toHaveProperty('sealedSecret');
    expect(body).not.toHaveProperty('version');
    expect(documents).toReceiveCommandWith(PutCommand, { TableName: TABLE, ConditionExpression: 'attribute_not_exists(systemId)' });
    expect(JSON.stringify(putItem())).not.toContain(body.signingSecret);
    expect(new SecretBox(Buffer.from(KEY)).open(putItem().sealedSecret!, 'support-desk')).toBe(body.signingSecret);
  });

  it.each([
    { note: 'a name and a German name beside it', names: { name: 'Support desk', names: { de: 'Kundensupport' } }, name: 'Support desk' },
    { note: 'names in both languages and no other name', names: { names: { de: 'Kundensupport', en: 'Support desk' } }, name: 'Support desk' },
    { note: 'a German name only', names: { names: { de: 'Kundensupport' } }, name: 'Kundensupport' },
  ])('registers a system with $note, and names it that way where no language is chosen', async ({ names, name }) => {
    // Prepare
    documents.on(GetCommand).resolves({});
    documents.on(PutCommand).resolves({});
    const { name: _name, ...rest } = validBody();
    const retention = [{ category: 'tickets', keepFor: 'P1Y', legalBasis: 'HGB', legalBases: { de: 'Handelsgesetzbuch' } }];
    const objection = { effect: 'not-applicable', reason: 'A contract', reasons: { de: 'Ein Vertrag' } };

    // Act
    const result = await put({ ...rest, ...names, retention, objection, purposes: ['support'] });

    // Assess
    expect(result.statusCode).toBe(201);
    const body = JSON.parse(result.body);
    expect(body.name).toBe(name);
    expect(body.names).toEqual(names.names);
    expect(body.retention).toEqual(retention);
    expect(body.objection).toEqual(objection);
    expect(putItem()).toMatchObject({ name, names: names.names, retention, objection });
  });

  it.each([
    { note: 'neither a name nor names', change: { name: undefined }, field: 'name' },
    { note: 'names in no language', change: { names: {} }, field: 'names' },
    { note: 'names in another language', change: { names: { fr: 'Assistance' } }, field: 'names.fr' },
    { note: 'a blank German name', change: { names: { de: ' ' } }, field: 'names.de' },
    {
      note: 'legal bases in no language',
      change: { retention: [{ category: 'x', keepFor: 'P1Y', legalBasis: 'HGB', legalBases: {} }] },
      field: 'retention[0].legalBases',
    },
  ])('refuses $note with 400 naming $field', async ({ change, field }) => {
    // Act
    const result = await put({ ...validBody(), ...change });

    // Assess
    expect(result.statusCode).toBe(400);
    expect(JSON.parse(result.body).errors.map((e: { path: string }) => e.path)).toContain(field);
  });

  it('updates a registered system with 200, keeping its secret hidden', async () => {
    // Prepare
    documents.on(GetCommand).resolves({ Item: stored() });
    documents.on(PutCommand).resolves({});

    // Act
    const result = await put({ ...validBody(), owner: 'Customer Care' });

    // Assess
    expect(result.statusCode).toBe(200);
    expect(result.headers?.location).toBe('/v1/systems/support-desk');
    const body = JSON.parse(result.body);
    expect(body).toMatchObject({ owner: 'Customer Care', createdAt: '2026-01-10T08:00:00.000Z', connector: { secretSet: true } });
    expect(body).not.toHaveProperty('signingSecret');
    expect(result.body).not.toContain(stored().sealedSecret);
    expect(documents).toReceiveCommandWith(PutCommand, { ConditionExpression: 'version = :version', ExpressionAttributeValues: { ':version': 2 } });
  });

  it.each([
    { note: 'no rule: stop, as before systems declared one', objection: undefined, shown: { effect: 'stop' } },
    { note: 'delete', objection: { effect: 'delete' }, shown: { effect: 'delete' } },
    {
      note: 'not applicable, with its reason',
      objection: { effect: 'not-applicable', reason: 'Tickets answer your own questions (Art. 6(1)(b) GDPR).' },
      shown: { effect: 'not-applicable', reason: 'Tickets answer your own questions (Art. 6(1)(b) GDPR).' },
    },
  ])('stores and shows what an objection does in the system: $note', async ({ objection, shown }) => {
    // Prepare
    documents.on(GetCommand).resolves({});
    documents.on(PutCommand).resolves({});

    // Act
    const result = await put({ ...validBody(), ...(objection ? { objection } : {}) });

    // Assess
    expect(result.statusCode).toBe(201);
    expect(JSON.parse(result.body).objection).toEqual(shown);
    expect(putItem().objection).toEqual(objection);
  });

  it('rotates the signing secret on rotateSecret: true and shows the new one once', async () => {
    // Prepare
    documents.on(GetCommand).resolves({ Item: stored() });
    documents.on(PutCommand).resolves({});

    // Act
    const result = await put({ ...validBody(), rotateSecret: true });

    // Assess
    expect(result.statusCode).toBe(200);
    const { signingSecret } = JSON.parse(result.body);
    expect(signingSecret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(new SecretBox(Buffer.from(KEY)).open(putItem().sealedSecret!, 'support-desk')).toBe(signingSecret);
  });

  it.each(['http://localhost:9000/hook', 'http://127.0.0.1/hook', 'https://hooks.example.com:8443/privacy?team=support'])(
    'accepts the webhook URL %s',
    async (url) => {
      // Prepare
      documents.on(GetCommand).resolves({});
      documents.on(PutCommand).resolves({});

      // Act
      const result = await put({ ...validBody(), connector: { kind: 'webhook', url } });

      // Assess
      expect(result.statusCode).toBe(201);
      expect(JSON.parse(result.body).connector.url).toBe(url);
    },
  );

  it.each(demoSystems.map(({ systemId, ...body }) => ({ systemId, body })))('accepts the demo registration of $systemId', async ({ systemId, body }) => {
    // Prepare
    documents.on(GetCommand).resolves({});
    documents.on(PutCommand).resolves({});

    // Act
    const result = await put(body, systemId);

    // Assess
    expect(result.statusCode).toBe(201);
    expect(JSON.parse(result.body)).toMatchObject({ ...body, systemId });
  });

  describe('bad input', () => {
    const body = validBody();
    const dynamo = { kind: 'dynamodb', table: 'demo-crm-profiles', keyAttribute: 'accountId', subjectKey: 'accountId' };
    const s3 = { kind: 's3', bucket: 'demo-company-data', prefix: 'chat-transcripts/{accountId}/', subjectKey: 'accountId' };
    const without = (key: keyof ReturnType<typeof validBody>) => Object.fromEntries(Object.entries(body).filter(([k]) => k !== key));
    const retention = (rule: Record<string, unknown>) => ({ ...body, retention: [{ ...body.retention[0], ...rule }] });

    const cases: { note: string; body: unknown; field: string; systemId?: string }[] = [
      { note: 'a missing name', body: without('name'), field: 'name' },
      { note: 'a blank name', body: { ...body, name: '   ' }, field: 'name' },
      { note: 'an owner that is not a string', body: { ...body, owner: 42 }, field: 'owner' },
      { note: 'a description over 2000 characters', body: { ...body, description: 'd'.repeat(2001) }, field: 'description' },
      { note: 'no categories', body: { ...body, categories: [] }, field: 'categories' },
      { note: '51 categories', body: { ...body, categories: Array.from({ length: 51 }, (_, i) => `category ${i}`) }, field: 'categories' },
      { note: 'a repeated category', body: { ...body, categories: ['contact data', 'contact data'] }, field: 'categories' },
      { note: 'an empty category', body: { ...body, categories: ['contact data', ''] }, field: 'categories[1]' },
      {
        note: 'a category text for a category not registered',
        body: { ...body, categoryNames: { 'payment data': { de: 'Zahlungsdaten' } } },
        field: 'categoryNames.payment data',
      },
      { note: 'a category text in no language', body: { ...body, categoryNames: { 'contact data': {} } }, field: 'categoryNames.contact data' },
      {
        note: 'a category text in an unknown language',
        body: { ...body, categoryNames: { 'contact data': { fr: 'coordonnées' } } },
        field: 'categoryNames.contact data.fr',
      },
      {
        note: 'a purpose text for a purpose not registered',
        body: { ...body, purposeNames: { marketing: { de: 'Werbung' } } },
        field: 'purposeNames.marketing',
      },
      { note: 'a blank purpose text', body: { ...body, purposeNames: { support: { de: '  ' } } }, field: 'purposeNames.support.de' },
      { note: 'descriptions in no language', body: { ...body, descriptions: {} }, field: 'descriptions' },
      { note: 'a description text over 2000 characters', body: { ...body, descriptions: { de: 'd'.repeat(2001) } }, field: 'descriptions.de' },
      { note: 'a kept category text in no language', body: retention({ categoryNames: {} }), field: 'retention[0].categoryNames' },
      { note: 'a missing connector', body: without('connector'), field: 'connector' },
      { note: 'an unknown connector kind', body: { ...body, connector: { kind: 'ftp', url: 'ftp://files.example.com' } }, field: 'connector.kind' },
      { note: 'a DynamoDB connector without a table', body: { ...body, connector: { ...dynamo, table: undefined } }, field: 'connector.table' },
      { note: 'a DynamoDB table name with spaces', body: { ...body, connector: { ...dynamo, table: 'crm profiles' } }, field: 'connector.table' },
      { note: 'an unknown subject key', body: { ...body, connector: { ...dynamo, subjectKey: 'phone' } }, field: 'connector.subjectKey' },
      { note: 'an unknown connector field', body: { ...body, connector: { ...dynamo, region: 'eu-west-1' } }, field: 'connector.region' },
      { note: 'an S3 connector without a prefix', body: { ...body, connector: { ...s3, prefix: undefined } }, field: 'connector.prefix' },
      { note: 'an S3 prefix without the subject placeholder', body: { ...body, connector: { ...s3, prefix: 'chat-transcripts/' } }, field: 'connector.prefix' },
      { note: 'an S3 prefix with the other placeholder', body: { ...body, connector: { ...s3, prefix: 'chat/{email}/' } }, field: 'connector.prefix' },
      { note: 'a bad bucket name', body: { ...body, connector: { ...s3, bucket: 'Demo_Bucket' } }, field: 'connector.bucket' },
      {
        note: 'a plain-http webhook on another host',
        body: { ...body, connector: { kind: 'webhook', url: 'http://hooks.example.com/privacy' } },
        field: 'connector.url',
      },
      {
        note: 'a plain-http webhook on a look-alike host',
        body: { ...body, connector: { kind: 'webhook', url: 'http://localhost.hooks.example.com/' } },
        field: 'connector.url',
      },
      {
        note: 'a webhook with another scheme',
        body: { ...body, connector: { kind: 'webhook', url: 'ftp://hooks.example.com/privacy' } },
        field: 'connector.url',
      },
      {
        note: 'a webhook URL with credentials',
        body: { ...body, connector: { kind: 'webhook', url: 'https://admin:pw@hooks.example.com/' } },
        field: 'connector.url',
      },
      { note: 'a webhook URL that is no URL', body: { ...body, connector: { kind: 'webhook', url: 'hooks.example.com/privacy' } }, field: 'connector.url' },
      { note: 'a manual connector without instructions', body: { ...body, connector: { kind: 'manual' } }, field: 'connector.instructions' },
      { note: 'an unknown action', body: { ...body, actions: ['export', 'archive'] }, field: 'actions[1]' },
      { note: 'a repeated action', body: { ...body, actions: ['export', 'delete', 'export'] }, field: 'actions' },
      { note: 'a purpose with spaces', body: { ...body, purposes: ['direct marketing'] }, field: 'purposes[0]' },
      { note: 'purposes that are no list', body: { ...body, purposes: 'support' }, field: 'purposes' },
      { note: 'missing retention', body: without('retention'), field: 'retention' },
      { note: 'a duration in words', body: retention({ keepFor: 'ten years' }), field: 'retention[0].keepFor' },
      { note: 'a duration without units', body: retention({ keepFor: 'P' }), field: 'retention[0].keepFor' },
      { note: 'a duration with an empty time part', body: retention({ keepFor: 'P1YT' }), field: 'retention[0].keepFor' },
      { note: 'a duration without its P', body: retention({ keepFor: '10Y' }), field: 'retention[0].keepFor' },
      { note: 'a fractional duration', body: retention({ keepFor: 'P1.5Y' }), field: 'retention[0].keepFor' },
      { note: 'a duration in lower case', body: retention({ keepFor: 'p10y' }), field: 'retention[0].keepFor' },
      { note: 'a rule without a legal basis', body: retention({ legalBasis: undefined }), field: 'retention[0].legalBasis' },
      { note: 'an unknown rule field', body: retention({ until: '2030-01-01' }), field: 'retention[0].until' },
      { note: 'sellsOrShares as a string', body: { ...body, sellsOrShares: 'yes' }, field: 'sellsOrShares' },
      { note: 'marketingRecipients as a string', body: { ...body, marketingRecipients: 'Example Partner Media Ltd.' }, field: 'marketingRecipients' },
      { note: 'recipients as a string', body: { ...body, recipients: 'Payment provider' }, field: 'recipients' },
      { note: 'a blank recipient', body: { ...body, recipients: ['  '] }, field: 'recipients[0]' },
      { note: 'an unknown objection effect', body: { ...body, objection: { effect: 'ignore' } }, field: 'objection.effect' },
      { note: 'not-applicable without a reason', body: { ...body, objection: { effect: 'not-applicable' } }, field: 'objection.reason' },
      { note: 'not-applicable with a blank reason', body: { ...body, objection: { effect: 'not-applicable', reason: '  ' } }, field: 'objection.reason' },
      { note: 'a reason over 500 characters', body: { ...body, objection: { effect: 'not-applicable', reason: 'r'.repeat(501) } }, field: 'objection.reason' },
      { note: 'a reason beside stop', body: { ...body, objection: { effect: 'stop', reason: 'why' } }, field: 'objection.reason' },
      {
        note: 'a marketing system where an objection would not apply',
        body: { ...body, purposes: ['support', 'marketing'], objection: { effect: 'not-applicable', reason: 'we like mail' } },
        field: 'objection.effect',
      },
      {
        note: 'deleting on objection in a system that can neither delete nor anonymise',
        body: { ...body, actions: ['export'], retention: [], objection: { effect: 'delete' } },
        field: 'objection.effect',
      },
      { note: 'an unknown field', body: { ...body, priority: 'high' }, field: 'priority' },
      { note: 'a systemId in the body', body: { ...body, systemId: 'other' }, field: 'systemId' },
      { note: 'rotateSecret for a non-webhook', body: { ...body, connector: dynamo, rotateSecret: true }, field: 'rotateSecret' },
      { note: 'rotateSecret as a string', body: { ...body, rotateSecret: 'true' }, field: 'rotateSecret' },
      { note: 'a JSON array', body: [], field: '(body)' },
      { note: 'an upper-case system id in the path', body, field: 'systemId', systemId: 'Support-Desk' },
      { note: 'a system id starting with "-"', body, field: 'systemId', systemId: '-support' },
      { note: 'a one-character system id', body, field: 'systemId', systemId: 's' },
    ];

    it.each(cases)('answers $note with 400 problem+json naming $field', async ({ body: sent, field, systemId }) => {
      // Prepare: the case is the row

      // Act
      const result = await put(sent, systemId);

      // Assess
      expect(result.statusCode).toBe(400);
      expect(result.headers?.['content-type']).toBe('application/problem+json');
      const problem = JSON.parse(result.body) as Problem;
      expect(problem).toMatchObject({ status: 400, type: 'urn:privacy-ops:problem:validation-failed' });
      expect(problem.errors?.map((e) => e.path)).toContain(field);
      expect(documents.calls()).toHaveLength(0);
    });

    it('does not echo a refused value', async () => {
      // Act
      const result = await put({ ...body, connector: { kind: 'webhook', url: 'http://internal-billing.corp.example/secret-path' } });

      // Assess
      expect(result.statusCode).toBe(400);
      expect(result.body).not.toContain('internal-billing');
    });

    it('answers malformed JSON with 400', async () => {
      // Act
      const result = await put('{"name": "Support desk",');

      // Assess
      expect(result.statusCode).toBe(400);
      expect(JSON.parse(result.body).detail).toMatch(/not well-formed JSON/);
    });

    it('answers a body over 64 KiB with 413 before reading anything', async () => {
      // Act
      const result = await put({ ...body, description: 'x'.repeat(70_000) });

      // Assess
      expect(result.statusCode).toBe(413);
      expect(result.headers?.['content-type']).toBe('application/problem+json');
      expect(documents.calls()).toHaveLength(0);
    });

    it('answers a body that is not JSON with 415', async () => {
      // Act
      const result = await put('name=Support+desk', 'support-desk', { 'Content-Type': 'application/x-www-form-urlencoded' });

      // Assess
      expect(result.statusCode).toBe(415);
      expect(result.headers?.['content-type']).toBe('application/problem+json');
    });
  });

  it('answers a registration that lost a race with 409 problem+json', async () => {
    // Prepare
    documents.on(GetCommand).resolves({ Item: stored() });
    documents.on(PutCommand).rejects(new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} }));

    // Act
    const result = await put({ ...validBody(), owner: 'Customer Care' });

    // Assess
    expect(result.statusCode).toBe(409);
    expect(result.headers?.['content-type']).toBe('application/problem+json');
    expect(JSON.parse(result.body)).toMatchObject({ status: 409, detail: expect.stringMatching(/^System support-desk was changed by someone else/) });
  });

  it('answers a failing table with a 500 that names only the correlation id', async () => {
    // Prepare
    documents.on(GetCommand).rejects(new Error('connection reset by table systems-under-test'));

    // Act
    const result = await put(validBody());

    // Assess
    expect(result.statusCode).toBe(500);
    expect(result.body).not.toContain('systems-under-test');
    expect(JSON.parse(result.body)).toMatchObject({ status: 500, correlationId: 'gateway-request-id-0001' });
  });
});

describe('GET /v1/systems/{systemId}', () => {
  it("shows the system without its secret or the secret's ciphertext", async () => {
    // Prepare
    documents.on(GetCommand).resolves({ Item: stored() });

    // Act
    const result = await get('support-desk');

    // Assess
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body)).toEqual({
      systemId: 'support-desk',
      name: 'Support desk',
      owner: 'Support',
      categories: ['contact data'],
      connector: { kind: 'webhook', url: 'https://support.example.com/privacy-hook', secretSet: true, secretIssuedAt: '2026-01-10T08:00:00.000Z' },
      actions: ['export', 'delete'],
      purposes: ['support'],
      objection: { effect: 'stop' },
      retention: [],
      sellsOrShares: false,
      marketingRecipients: [],
      recipients: [],
      createdAt: '2026-01-10T08:00:00.000Z',
      updatedAt: '2026-01-10T08:00:00.000Z',
      links: { self: '/v1/systems/support-desk' },
    });
    expect(result.body).not.toContain('the-stored-signing-secret');
    expect(result.body).not.toContain(stored().sealedSecret);
    expect(documents).toReceiveCommandWith(GetCommand, { TableName: TABLE, Key: { systemId: 'support-desk' } });
  });

  it('answers an unknown system with 404 problem+json', async () => {
    // Prepare
    documents.on(GetCommand).resolves({});

    // Act
    const result = await get('no-such-system');

    // Assess
    expect(result.statusCode).toBe(404);
    expect(result.headers?.['content-type']).toBe('application/problem+json');
    expect(JSON.parse(result.body)).toMatchObject({ status: 404, type: 'urn:privacy-ops:problem:not-found' });
  });

  it('answers an id no system can have with 404 without reading the table', async () => {
    // Act
    const result = await get('Not A System');

    // Assess
    expect(result.statusCode).toBe(404);
    expect(documents.calls()).toHaveLength(0);
  });
});

describe('GET /v1/systems', () => {
  it('lists every system in id order, none with its secret', async () => {
    // Prepare
    documents
      .on(ScanCommand)
      .resolvesOnce({
        Items: [
          stored(),
          stored({ systemId: 'billing', connector: { kind: 'manual', instructions: 'Ask Finance.' }, sealedSecret: undefined, secretIssuedAt: undefined }),
        ],
        LastEvaluatedKey: { systemId: 'billing' },
      })
      .resolvesOnce({ Items: [] });

    // Act
    const result = await listSystems(apiEvent({ httpMethod: 'GET', path: '/v1/systems' }), lambdaContext());

    // Assess
    expect(result.statusCode).toBe(200);
    const body = JSON.parse(result.body) as { items: { systemId: string; connector: unknown }[] };
    expect(body.items.map((s) => s.systemId)).toEqual(['billing', 'support-desk']);
    expect(body.items[0]!.connector).toEqual({ kind: 'manual', instructions: 'Ask Finance.' });
    expect(result.body).not.toContain('sealedSecret');
    expect(result.body).not.toContain(stored().sealedSecret);
    expect(documents).toReceiveCommandTimes(ScanCommand, 2);
  });

  it('answers an empty inventory with no items', async () => {
    // Prepare
    documents.on(ScanCommand).resolves({});

    // Act
    const result = await listSystems(apiEvent({ httpMethod: 'GET', path: '/v1/systems' }), lambdaContext());

    // Assess
    expect(JSON.parse(result.body)).toEqual({ items: [] });
  });
});
