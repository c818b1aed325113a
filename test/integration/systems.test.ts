// The data inventory against the local DynamoDB emulator: store, registration use case and demo seeding.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConflictError } from '../../shared/errors.js';
import { newSigningSecret, registerSystem, type SystemRegistration } from '../../shared/fulfilment/register-system.js';
import { SystemStore } from '../../shared/fulfilment/system-store.js';
import { systemView } from '../../shared/fulfilment/system-view.js';
import { tables } from '../../shared/resources.js';
import { systemSecretsKey } from '../../shared/secrets.js';
import { demoSystems } from '../../local/demo-data.js';
import { startLocalRuntime, type LocalRuntime } from '../../local/runtime.js';
import { registerDemoSystems } from '../../local/seed-systems.js';

const partnerPortal = (overrides: Partial<SystemRegistration> = {}): SystemRegistration => ({
  name: 'Partner portal',
  owner: 'Partnerships',
  categories: ['contact data'],
  connector: { kind: 'webhook', url: 'http://127.0.0.1:9/privacy-hook' },
  actions: ['export', 'delete'],
  purposes: ['marketing'],
  retention: [],
  sellsOrShares: true,
  marketingRecipients: ['Example Partner Media Ltd.'],
  ...overrides,
});

describe('the data inventory on the local DynamoDB emulator', () => {
  let runtime: LocalRuntime;
  let documents: DynamoDBDocumentClient;
  let store: SystemStore;
  const deps = () => ({ store, now: () => new Date(), newSecret: newSigningSecret });
  const rawItem = async (systemId: string) =>
    (await documents.send(new GetCommand({ TableName: tables.systems.localName, Key: { systemId }, ConsistentRead: true }))).Item;

  beforeAll(async () => {
    runtime = await startLocalRuntime({ port: 0, memory: true });
    documents = DynamoDBDocumentClient.from(new DynamoDBClient({}));
    store = new SystemStore({ tableName: tables.systems.localName, secretKey: systemSecretsKey });
  });

  afterAll(async () => {
    documents?.destroy();
    await runtime?.stop();
  });

  describe('registerDemoSystems', () => {
    it('registers every demo system, each readable as registered', async () => {
      // Act
      const registered = await registerDemoSystems(store);
      const listed = await store.list();

      // Assess
      expect(registered.map((s) => s.systemId)).toEqual(demoSystems.map((s) => s.systemId));
      expect(listed.map((s) => s.systemId)).toEqual(expect.arrayContaining(demoSystems.map((s) => s.systemId)));
      for (const demo of demoSystems) {
        const stored = await store.get(demo.systemId);
        expect(stored).toMatchObject({ ...demo, version: 1 });
        expect(stored?.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
        expect(stored).not.toHaveProperty('sealedSecret');
      }
    });

    it('changes nothing when run again', async () => {
      // Prepare
      const before = await store.list();

      // Act
      await registerDemoSystems(store);
      const after = await store.list();

      // Assess
      expect(after).toEqual(before);
    });
  });

  describe("a webhook system's signing secret", () => {
    it('is issued on registration, stored only sealed, and opens to the same secret', async () => {
      // Act
      const { signingSecret, created } = await registerSystem('partner-portal', partnerPortal(), deps());
      const item = await rawItem('partner-portal');

      // Assess
      expect(created).toBe(true);
      expect(signingSecret).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(JSON.stringify(item)).not.toContain(signingSecret);
      expect(item?.sealedSecret).toMatch(/^v1\.[\w-]{16}\.[\w-]{22}\.[\w-]+$/);
      expect(await store.signingSecret('partner-portal')).toBe(signingSecret);
      expect(JSON.stringify(systemView((await store.get('partner-portal'))!))).not.toContain(item?.sealedSecret);
    });

    it('survives an update, and is replaced on rotation', async () => {
      // Prepare
      const issued = await store.signingSecret('partner-portal');

      // Act
      const update = await registerSystem('partner-portal', partnerPortal({ owner: 'Alliances' }), deps());
      const kept = await store.signingSecret('partner-portal');
      const rotation = await registerSystem('partner-portal', partnerPortal({ owner: 'Alliances', rotateSecret: true }), deps());
      const rotated = await store.signingSecret('partner-portal');

      // Assess
      expect(update).toMatchObject({ created: false, system: { owner: 'Alliances', version: 2 } });
      expect(update).not.toHaveProperty('signingSecret');
      expect(kept).toBe(issued);
      expect(rotation.signingSecret).toBe(rotated);
      expect(rotated).not.toBe(issued);
      expect(rotation.system.version).toBe(3);
    });

    it('is dropped when the system stops being a webhook', async () => {
      // Act
      await registerSystem('partner-portal', partnerPortal({ connector: { kind: 'manual', instructions: 'Email the partner desk.' } }), deps());
      const item = await rawItem('partner-portal');

      // Assess
      expect(item).not.toHaveProperty('sealedSecret');
      expect(item).not.toHaveProperty('secretIssuedAt');
      expect(await store.signingSecret('partner-portal')).toBeUndefined();
    });
  });

  describe('concurrent writes', () => {
    it('lets one of two writers holding the same version through and gives the other a ConflictError', async () => {
      // Prepare
      await registerSystem('race-track', partnerPortal({ connector: { kind: 'manual', instructions: 'By hand.' } }), deps());
      const read = (await store.get('race-track'))!;
      const now = new Date().toISOString();
      const write = (owner: string) => store.put({ ...read, owner, updatedAt: now }, { previous: read, secret: 'drop' });

      // Act
      const first = await write('Team A');
      const second = await write('Team B').catch((error: unknown) => error);

      // Assess
      expect(first.version).toBe(read.version + 1);
      expect(second).toBeInstanceOf(ConflictError);
      expect(await store.get('race-track')).toMatchObject({ owner: 'Team A', version: read.version + 1 });
    });

    it('refuses a second creation of the same id', async () => {
      // Prepare
      const now = new Date().toISOString();
      const system = {
        systemId: 'created-twice',
        ...partnerPortal({ connector: { kind: 'manual', instructions: 'By hand.' } }),
        name: 'Partner portal',
        createdAt: now,
        updatedAt: now,
      };
      await store.put(system, { secret: 'drop' });

      // Act
      const again = store.put({ ...system, owner: 'Someone else' }, { secret: 'drop' });

      // Assess
      await expect(again).rejects.toBeInstanceOf(ConflictError);
      expect(await store.get('created-twice')).toMatchObject({ owner: 'Partnerships', version: 1 });
    });
  });
});
