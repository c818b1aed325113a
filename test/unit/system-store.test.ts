import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, ScanCommand, type PutCommandInput } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConflictError, InvalidInputError } from '../../shared/errors.js';
import type { DataSystem } from '../../shared/fulfilment/model.js';
import { registerSystem, type SystemRegistration } from '../../shared/fulfilment/register-system.js';
import { SecretBox, SecretBoxError } from '../../shared/fulfilment/secret-box.js';
import { SystemStore, type StoredSystem } from '../../shared/fulfilment/system-store.js';
import { demoSystems } from '../../local/demo-data.js';
import { registerDemoSystems } from '../../local/seed-systems.js';

const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-central-1' }));
const documents = mockClient(DynamoDBDocumentClient);
const keyMaterial = Buffer.from('s'.repeat(43), 'utf8');
const secretKey = async () => keyMaterial;
const TABLE = 'systems';

const SECRET = 'c2lnbmluZy1zZWNyZXQtb2YtdGhlLWJpbGxpbmctaG9vaw';
const T0 = '2026-03-01T10:00:00.000Z';
const T1 = '2026-03-02T11:00:00.000Z';

const profile = (overrides: Partial<SystemRegistration> = {}): SystemRegistration => ({
  name: 'Billing',
  owner: 'Finance',
  categories: ['payment data'],
  connector: { kind: 'dynamodb', table: 'invoices', keyAttribute: 'accountId', subjectKey: 'accountId' },
  actions: ['export', 'delete'],
  purposes: ['contract'],
  retention: [{ category: 'invoices', keepFor: 'P10Y', legalBasis: '§ 147 AO' }],
  sellsOrShares: false,
  marketingRecipients: [],
  ...overrides,
});

const system = (overrides: Partial<DataSystem> = {}): DataSystem => {
  const { rotateSecret: _rotate, ...rest } = profile();
  return { systemId: 'billing', ...rest, name: 'Billing', createdAt: T1, updatedAt: T1, ...overrides };
};

const webhook = { kind: 'webhook' as const, url: 'https://hooks.example.com/privacy' };

const conditionFailed = () => new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });

/** The item of the n-th PutCommand the mock received. */
const putItem = (n = 0) => (documents.commandCalls(PutCommand)[n]!.args[0].input as PutCommandInput).Item as StoredSystem;

/** A table in memory behind the mocked client, honouring the two conditions the store writes with. */
function fakeTable(initial: StoredSystem[] = []) {
  const items = new Map(initial.map((item) => [item.systemId, structuredClone(item)]));
  documents.on(GetCommand).callsFake((input: { Key: { systemId: string } }) => {
    const item = items.get(input.Key.systemId);
    return { ...(item ? { Item: structuredClone(item) } : {}) };
  });
  documents.on(PutCommand).callsFake((input: PutCommandInput) => {
    const item = input.Item as StoredSystem;
    const existing = items.get(item.systemId);
    const expected = input.ExpressionAttributeValues?.[':version'];
    if (input.ConditionExpression === 'attribute_not_exists(systemId)' ? existing : existing?.version !== expected) throw conditionFailed();
    items.set(item.systemId, structuredClone(item));
    return {};
  });
  return items;
}

afterEach(() => {
  documents.reset();
});

describe('SystemStore', () => {
  describe('put', () => {
    it('creates a system at version 1, only if no system has its id', async () => {
      // Prepare
      documents.on(PutCommand).resolves({});
      const store = new SystemStore({ tableName: TABLE, secretKey, client });

      // Act
      const stored = await store.put(system(), { secret: 'drop' });

      // Assess
      expect(stored).toEqual({ ...system(), version: 1 });
      expect(documents).toReceiveCommandTimes(PutCommand, 1);
      expect(documents).toReceiveCommandWith(PutCommand, {
        TableName: TABLE,
        Item: { ...system(), version: 1 },
        ConditionExpression: 'attribute_not_exists(systemId)',
      });
      expect(documents.commandCalls(PutCommand)[0]!.args[0].input.ExpressionAttributeValues).toBeUndefined();
    });

    it('replaces a system only at the version it was read, keeping its first createdAt', async () => {
      // Prepare
      documents.on(PutCommand).resolves({});
      const store = new SystemStore({ tableName: TABLE, secretKey, client });
      const previous: StoredSystem = { ...system({ createdAt: T0, updatedAt: T0 }), version: 4 };

      // Act
      const stored = await store.put(system({ name: 'Billing and payments', createdAt: T1 }), { previous, secret: 'drop' });

      // Assess
      expect(stored).toMatchObject({ name: 'Billing and payments', createdAt: T0, updatedAt: T1, version: 5 });
      expect(documents).toReceiveCommandWith(PutCommand, {
        TableName: TABLE,
        Item: expect.objectContaining({ createdAt: T0, version: 5 }),
        ConditionExpression: 'version = :version',
        ExpressionAttributeValues: { ':version': 4 },
      });
    });

    it('seals an issued secret, so the item holds no plaintext secret, and it opens for that system only', async () => {
      // Prepare
      documents.on(PutCommand).resolves({});
      const store = new SystemStore({ tableName: TABLE, secretKey, client });

      // Act
      await store.put(system({ connector: webhook }), { secret: { issue: SECRET } });

      // Assess
      const item = putItem();
      expect(JSON.stringify(item)).not.toContain(SECRET);
      expect(JSON.stringify(item)).not.toContain(Buffer.from(SECRET, 'base64url').toString('base64'));
      expect(item.sealedSecret).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
      expect(item.secretIssuedAt).toBe(T1);
      const box = new SecretBox(keyMaterial);
      expect(box.open(item.sealedSecret!, 'billing')).toBe(SECRET);
      expect(() => box.open(item.sealedSecret!, 'newsletter')).toThrow(SecretBoxError);
    });

    it('keeps the sealed secret it read without reading the key', async () => {
      // Prepare
      documents.on(PutCommand).resolves({});
      const readKey = vi.fn(secretKey);
      const store = new SystemStore({ tableName: TABLE, secretKey: readKey, client });
      const previous: StoredSystem = { ...system({ connector: webhook, createdAt: T0 }), version: 2, sealedSecret: 'v1.a.b.c', secretIssuedAt: T0 };

      // Act
      await store.put(system({ connector: { ...webhook, url: 'https://hooks.example.com/v2' } }), { previous, secret: 'keep' });

      // Assess
      expect(putItem()).toMatchObject({ sealedSecret: 'v1.a.b.c', secretIssuedAt: T0, version: 3 });
      expect(readKey).not.toHaveBeenCalled();
    });

    it('drops the secret when told to, e.g. when a system moves away from a webhook', async () => {
      // Prepare
      documents.on(PutCommand).resolves({});
      const store = new SystemStore({ tableName: TABLE, secretKey, client });
      const previous: StoredSystem = { ...system({ connector: webhook }), version: 1, sealedSecret: 'v1.a.b.c', secretIssuedAt: T0 };

      // Act
      const stored = await store.put(system({ connector: { kind: 'manual', instructions: 'Ask Finance.' } }), { previous, secret: 'drop' });

      // Assess
      expect(putItem()).not.toHaveProperty('sealedSecret');
      expect(putItem()).not.toHaveProperty('secretIssuedAt');
      expect(stored).not.toHaveProperty('sealedSecret');
    });

    it('refuses to keep a secret the system does not have, and writes nothing', async () => {
      // Prepare
      const store = new SystemStore({ tableName: TABLE, secretKey, client });

      // Act
      const put = store.put(system({ connector: webhook }), { secret: 'keep' });

      // Assess
      await expect(put).rejects.toThrow(/no signing secret to keep/);
      expect(documents).toReceiveCommandTimes(PutCommand, 0);
    });

    it('turns a failed version check into a ConflictError that names the system', async () => {
      // Prepare
      const failure = conditionFailed();
      documents.on(PutCommand).rejects(failure);
      const store = new SystemStore({ tableName: TABLE, secretKey, client });

      // Act
      const error = await store.put(system(), { previous: { ...system(), version: 1 }, secret: 'drop' }).catch((e: unknown) => e);

      // Assess
      expect(error).toBeInstanceOf(ConflictError);
      expect((error as ConflictError).message).toMatch(/^System billing was changed by someone else/);
      expect((error as ConflictError).cause).toBe(failure);
    });

    it('passes on any other failure as it is', async () => {
      // Prepare
      const failure = new Error('ProvisionedThroughputExceededException');
      documents.on(PutCommand).rejects(failure);
      const store = new SystemStore({ tableName: TABLE, secretKey, client });

      // Act
      const put = store.put(system(), { secret: 'drop' });

      // Assess
      await expect(put).rejects.toBe(failure);
    });
  });

  describe('get', () => {
    it('reads one system consistently by its id', async () => {
      // Prepare
      documents.on(GetCommand).resolves({ Item: { ...system(), version: 1 } });
      const store = new SystemStore({ tableName: TABLE, secretKey, client });

      // Act
      const found = await store.get('billing');

      // Assess
      expect(found).toEqual({ ...system(), version: 1 });
      expect(documents).toReceiveCommandWith(GetCommand, { TableName: TABLE, Key: { systemId: 'billing' }, ConsistentRead: true });
    });

    it('answers undefined for an unknown id', async () => {
      // Prepare
      documents.on(GetCommand).resolves({});
      const store = new SystemStore({ tableName: TABLE, secretKey, client });

      // Act
      const found = await store.get('nothing-here');

      // Assess
      expect(found).toBeUndefined();
    });
  });

  describe('list', () => {
    it('reads every page of the table and orders the systems by id', async () => {
      // Prepare
      documents
        .on(ScanCommand)
        .resolvesOnce({ Items: [{ systemId: 'newsletter' }, { systemId: 'billing' }], LastEvaluatedKey: { systemId: 'billing' } })
        .resolvesOnce({ Items: [{ systemId: 'crm-profiles' }] });
      const store = new SystemStore({ tableName: TABLE, secretKey, client });

      // Act
      const systems = await store.list();

      // Assess
      expect(systems.map((s) => s.systemId)).toEqual(['billing', 'crm-profiles', 'newsletter']);
      expect(documents).toReceiveCommandTimes(ScanCommand, 2);
      expect(documents).toReceiveNthCommandWith(ScanCommand, 1, { TableName: TABLE, ConsistentRead: true, ExclusiveStartKey: undefined });
      expect(documents).toReceiveNthCommandWith(ScanCommand, 2, { TableName: TABLE, ConsistentRead: true, ExclusiveStartKey: { systemId: 'billing' } });
    });
  });

  describe('signingSecret', () => {
    it('opens the sealed secret of a webhook system', async () => {
      // Prepare
      const sealedSecret = new SecretBox(keyMaterial).seal(SECRET, 'billing');
      documents.on(GetCommand).resolves({ Item: { ...system({ connector: webhook }), version: 1, sealedSecret } });
      const store = new SystemStore({ tableName: TABLE, secretKey, client });

      // Act
      const secret = await store.signingSecret('billing');

      // Assess
      expect(secret).toBe(SECRET);
    });

    it.each([
      { note: 'an unknown system', item: undefined },
      { note: 'a system without a secret', item: { ...system(), version: 1 } },
    ])('answers undefined for $note', async ({ item }) => {
      // Prepare
      documents.on(GetCommand).resolves(item ? { Item: item } : {});
      const store = new SystemStore({ tableName: TABLE, secretKey, client });

      // Act
      const secret = await store.signingSecret('billing');

      // Assess
      expect(secret).toBeUndefined();
    });

    it('throws SecretBoxError when the stored value was moved from another system', async () => {
      // Prepare
      const sealedSecret = new SecretBox(keyMaterial).seal(SECRET, 'newsletter');
      documents.on(GetCommand).resolves({ Item: { ...system({ connector: webhook }), version: 1, sealedSecret } });
      const store = new SystemStore({ tableName: TABLE, secretKey, client });

      // Act
      const secret = store.signingSecret('billing');

      // Assess
      await expect(secret).rejects.toBeInstanceOf(SecretBoxError);
    });

    it('reads the key again after a failed read instead of remembering the failure', async () => {
      // Prepare
      const sealedSecret = new SecretBox(keyMaterial).seal(SECRET, 'billing');
      documents.on(GetCommand).resolves({ Item: { ...system({ connector: webhook }), version: 1, sealedSecret } });
      const readKey = vi.fn<() => Promise<Buffer>>().mockRejectedValueOnce(new Error('secrets manager unavailable')).mockResolvedValue(keyMaterial);
      const store = new SystemStore({ tableName: TABLE, secretKey: readKey, client });

      // Act
      const first = store.signingSecret('billing');
      await expect(first).rejects.toThrow('secrets manager unavailable');
      const second = await store.signingSecret('billing');

      // Assess
      expect(second).toBe(SECRET);
      expect(readKey).toHaveBeenCalledTimes(2);
    });
  });
});

describe('registerSystem', () => {
  const deps = (now = T1, secrets: string[] = [SECRET]) => ({
    store: new SystemStore({ tableName: TABLE, secretKey, client }),
    now: () => new Date(now),
    newSecret: vi.fn(() => secrets.shift() ?? 'another-secret'),
  });

  it('creates a new system with createdAt and updatedAt both now', async () => {
    // Prepare
    const items = fakeTable();

    // Act
    const outcome = await registerSystem('billing', profile(), deps());

    // Assess
    expect(outcome).toEqual({ created: true, system: { ...system(), version: 1 } });
    expect(items.get('billing')).toEqual({ ...system(), version: 1 });
  });

  it('issues a webhook system a signing secret on creation and returns it, stored only sealed', async () => {
    // Prepare
    const items = fakeTable();

    // Act
    const outcome = await registerSystem('billing', profile({ connector: webhook }), deps());

    // Assess
    expect(outcome).toMatchObject({ created: true, signingSecret: SECRET });
    expect(JSON.stringify(items.get('billing'))).not.toContain(SECRET);
    expect(await new SystemStore({ tableName: TABLE, secretKey, client }).signingSecret('billing')).toBe(SECRET);
  });

  it('updates a registered system, keeping createdAt and moving updatedAt', async () => {
    // Prepare
    const items = fakeTable([{ ...system({ createdAt: T0, updatedAt: T0 }), version: 1 }]);

    // Act
    const outcome = await registerSystem('billing', profile({ owner: 'Accounting' }), deps(T1));

    // Assess
    expect(outcome.created).toBe(false);
    expect(items.get('billing')).toMatchObject({ owner: 'Accounting', createdAt: T0, updatedAt: T1, version: 2 });
  });

  it('writes nothing when the registration says what is already stored', async () => {
    // Prepare
    const stored: StoredSystem = { ...system({ createdAt: T0, updatedAt: T0 }), version: 3 };
    fakeTable([stored]);

    // Act
    const outcome = await registerSystem('billing', profile(), deps(T1));

    // Assess
    expect(outcome).toEqual({ created: false, system: stored });
    expect(documents).toReceiveCommandTimes(PutCommand, 0);
  });

  it("keeps a webhook's secret across an update and does not show it again", async () => {
    // Prepare
    const items = fakeTable();
    const first = deps(T0, [SECRET]);
    await registerSystem('billing', profile({ connector: webhook }), first);
    const sealed = items.get('billing')!.sealedSecret;

    // Act
    const outcome = await registerSystem('billing', profile({ connector: webhook, owner: 'Accounting' }), deps(T1, ['never-used']));

    // Assess
    expect(outcome).not.toHaveProperty('signingSecret');
    expect(items.get('billing')).toMatchObject({ owner: 'Accounting', sealedSecret: sealed, secretIssuedAt: T0, version: 2 });
  });

  it("rotates a webhook's secret on request even when nothing else changed, and returns the new one", async () => {
    // Prepare
    const items = fakeTable();
    await registerSystem('billing', profile({ connector: webhook }), deps(T0, [SECRET]));
    const sealed = items.get('billing')!.sealedSecret;

    // Act
    const outcome = await registerSystem('billing', profile({ connector: webhook, rotateSecret: true }), deps(T1, ['rotated-secret']));

    // Assess
    expect(outcome).toMatchObject({ created: false, signingSecret: 'rotated-secret' });
    expect(items.get('billing')!.sealedSecret).not.toBe(sealed);
    expect(items.get('billing')).toMatchObject({ secretIssuedAt: T1, version: 2 });
    expect(items.get('billing')).not.toHaveProperty('rotateSecret');
    expect(await new SystemStore({ tableName: TABLE, secretKey, client }).signingSecret('billing')).toBe('rotated-secret');
  });

  it('drops the secret when a webhook system moves to another connector', async () => {
    // Prepare
    const items = fakeTable();
    await registerSystem('billing', profile({ connector: webhook }), deps(T0));

    // Act
    await registerSystem('billing', profile({ connector: { kind: 'manual', instructions: 'Ask Finance.' } }), deps(T1));

    // Assess
    expect(items.get('billing')).not.toHaveProperty('sealedSecret');
    expect(await new SystemStore({ tableName: TABLE, secretKey, client }).signingSecret('billing')).toBeUndefined();
  });

  it('issues a secret to a system that becomes a webhook', async () => {
    // Prepare
    fakeTable([{ ...system({ createdAt: T0, updatedAt: T0 }), version: 1 }]);

    // Act
    const outcome = await registerSystem('billing', profile({ connector: webhook }), deps(T1, ['first-secret']));

    // Assess
    expect(outcome).toMatchObject({ created: false, signingSecret: 'first-secret' });
  });

  it.each(['-billing', 'B', 'Billing', 'billing_2', 'a'.repeat(64), ''])('refuses the system id %j, naming systemId, before reading', async (systemId) => {
    // Prepare
    fakeTable();

    // Act
    const error = await registerSystem(systemId, profile(), deps()).catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).field).toBe('systemId');
    expect(documents.calls()).toHaveLength(0);
  });

  it("gives the slower of two concurrent registrations a ConflictError and keeps the faster one's write", async () => {
    // Prepare
    const items = fakeTable([{ ...system({ createdAt: T0, updatedAt: T0 }), version: 1 }]);

    // Act
    const outcomes = await Promise.allSettled([
      registerSystem('billing', profile({ owner: 'Team A' }), deps()),
      registerSystem('billing', profile({ owner: 'Team B' }), deps()),
    ]);

    // Assess
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected']);
    expect((outcomes[1] as PromiseRejectedResult).reason).toBeInstanceOf(ConflictError);
    expect(items.get('billing')).toMatchObject({ owner: 'Team A', version: 2 });
  });
});

describe('registerDemoSystems', () => {
  it('registers every demo system once, and a second run writes nothing', async () => {
    // Prepare
    const items = fakeTable();
    const store = new SystemStore({ tableName: TABLE, secretKey, client });

    // Act
    const first = await registerDemoSystems(store, () => new Date(T0));
    const writesAfterFirst = documents.commandCalls(PutCommand).length;
    const second = await registerDemoSystems(store, () => new Date(T1));

    // Assess
    expect(first.map((s) => s.systemId)).toEqual(demoSystems.map((s) => s.systemId));
    expect(writesAfterFirst).toBe(demoSystems.length);
    expect(documents.commandCalls(PutCommand)).toHaveLength(demoSystems.length);
    expect(second).toEqual(first);
    for (const demo of demoSystems) expect(items.get(demo.systemId)).toEqual({ ...demo, createdAt: T0, updatedAt: T0, version: 1 });
  });
});
