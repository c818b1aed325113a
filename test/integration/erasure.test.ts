// An erasure reaches privacy-ops' own copies: through the local runtime, a person's earlier export
// link is refused once their deletion is carried out, and the objects are gone from the local S3.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoAccounts, knowledgeAnswers } from '../../local/demo-data.js';
import { startLocalRuntime, type LocalRuntime } from '../../local/runtime.js';
import { createS3Client } from '../../shared/aws/s3.js';
import { OWN_COPIES_SYSTEM_ID } from '../../shared/fulfilment/own-copies.js';
import { buckets, tables } from '../../shared/resources.js';
import { subjectHashKey } from '../../shared/secrets.js';
import { subjectHash } from '../../shared/subject.js';
import { formPost, newestLink } from '../support/mailbox.js';

const API_KEY = 'erasure-integration-key';
const account = (id: string) => demoAccounts.find((a) => a.accountId === id)!;
const PDF = Buffer.from('%PDF-1.4\n% a signed authorisation\n').toString('base64');

interface RequestView {
  id: string;
  status: string;
}

describe("an erasure reaches privacy-ops' own copies, through the local runtime", () => {
  let runtime: LocalRuntime;
  let documents: DynamoDBDocumentClient;
  let s3: S3Client;

  const api = (path: string, init: RequestInit & { headers?: Record<string, string> } = {}) =>
    fetch(`${runtime.apiUrl}${path}`, { ...init, headers: { 'x-api-key': API_KEY, 'content-type': 'application/json', ...init.headers } });
  const read = async (id: string) => (await (await api(`/v1/requests/${id}`)).json()) as RequestView;
  /** Files a request for a demo customer and verifies it as they would, from the mailbox. */
  const fileAndVerify = async (accountId: string, body: Record<string, unknown>) => {
    const who = account(accountId);
    const response = await api('/v1/requests', {
      method: 'POST',
      body: JSON.stringify({ jurisdiction: who.jurisdiction, subject: { email: who.email }, ...body }),
    });
    expect(response.status).toBe(202);
    const link = await newestLink(runtime, who.email, '/v1/verify/');
    await fetch(link, formPost({ confirm: 'yes' }));
    const identity = await fetch(`${link}/identity`, formPost(knowledgeAnswers(who)));
    expect(identity.status).toBe(200);
    await runtime.workflows.idle();
    return (await response.json()) as RequestView;
  };
  const objectsUnder = async (prefix: string) =>
    ((await s3.send(new ListObjectsV2Command({ Bucket: buckets.data.localName, Prefix: prefix }))).Contents ?? []).map((o) => o.Key);
  const itemsOf = async (table: string, key: string, value: string) =>
    (
      await documents.send(
        new QueryCommand({
          TableName: table,
          KeyConditionExpression: '#k = :v',
          ExpressionAttributeNames: { '#k': key },
          ExpressionAttributeValues: { ':v': value },
          ConsistentRead: true,
        }),
      )
    ).Items ?? [];

  beforeAll(async () => {
    runtime = await startLocalRuntime({ port: 0, memory: true, apiKey: API_KEY, throttling: false });
    documents = DynamoDBDocumentClient.from(new DynamoDBClient({}));
    s3 = createS3Client();
  });

  afterAll(async () => {
    await runtime?.workflows.idle();
    documents?.destroy();
    s3?.destroy();
    await runtime?.stop();
  });

  it('refuses the old export link in her language once her erasure is carried out, and the objects are gone from S3', async () => {
    // Prepare: Anna (German) consents to marketing, has a copy of her data sent through an agent, and downloads it
    const anna = account('acc-1001');
    const hash = subjectHash(await subjectHashKey(), anna.email);
    const consent = await api('/v1/consents', {
      method: 'POST',
      body: JSON.stringify({ subject: { email: anna.email }, purpose: 'marketing', action: 'grant', source: 'web-banner' }),
    });
    const access = await fileAndVerify(anna.accountId, {
      type: 'access',
      agent: { name: 'Verbraucherhilfe', email: 'agent@example.org', permission: { contentType: 'application/pdf', base64: PDF } },
    });
    const exportLink = await newestLink(runtime, anna.email, '/v1/exports/');
    const before = await fetch(exportLink, { redirect: 'manual' });
    const taken = await fetch(exportLink, { ...formPost({ download: 'yes' }), redirect: 'manual' });
    const copiesBefore = [...(await objectsUnder(`exports/${access.id}/`)), ...(await objectsUnder(`agent-permissions/${access.id}/`))];
    const consentsBefore = await itemsOf(tables.consents.localName, 'subjectHash', hash);

    // Act: she asks for erasure and confirms it
    const deletion = await fileAndVerify(anna.accountId, { type: 'deletion' });
    const after = await fetch(exportLink, { redirect: 'manual', headers: { 'accept-language': 'en' } });
    const page = await after.text();
    const takenAfter = await fetch(exportLink, { ...formPost({ download: 'yes' }), redirect: 'manual' });

    // Assess
    expect(consent.status).toBe(201);
    expect((await read(access.id)).status).toBe('completed');
    expect(before.status).toBe(200);
    expect(taken.status).toBe(303);
    expect(copiesBefore).toEqual(expect.arrayContaining([`exports/${access.id}/bundle.zip`, `agent-permissions/${access.id}/permission.pdf`]));
    expect(copiesBefore.filter((key) => key?.includes('/parts/')).length).toBeGreaterThan(0);
    expect(consentsBefore.length).toBeGreaterThan(0);

    expect((await read(deletion.id)).status).toBe('partially-completed');
    expect(after.status).toBe(410);
    expect(after.headers.get('location')).toBeNull();
    expect(takenAfter.status).toBe(410);
    expect(takenAfter.headers.get('location')).toBeNull();
    expect(page).toContain('<html lang="de">');
    expect(page).toContain('Diese Kopie Ihrer Daten gibt es nicht mehr');
    expect(await objectsUnder(`exports/${access.id}/`)).toStrictEqual([]);
    expect(await objectsUnder(`agent-permissions/${access.id}/`)).toStrictEqual([]);
    expect(await itemsOf(tables.consents.localName, 'subjectHash', hash)).toStrictEqual([]);
    // Kept: the keyed-hash suppression entry, and the ledger's record of what was erased here.
    expect((await itemsOf(tables.suppressions.localName, 'subjectHash', hash)).map((s) => s.reason)).toStrictEqual(['erased']);
    const ledger = await itemsOf(tables.ledger.localName, 'systemId', OWN_COPIES_SYSTEM_ID);
    expect(ledger).toContainEqual(
      expect.objectContaining({ requestId: deletion.id, keyKind: 'email', subjectKeyHash: expect.stringMatching(/^[0-9a-f]{64}$/) }),
    );
    expect(JSON.stringify(ledger)).not.toContain(anna.email);
    const trail = (await (await api(`/v1/requests/${deletion.id}/audit`)).json()) as { events: { type: string; data: Record<string, unknown> }[] };
    expect(trail.events).toContainEqual(expect.objectContaining({ type: 'erasure.own-copies-erased', data: expect.objectContaining({ requests: 2 }) }));
  });

  it("leaves another person's export and consents untouched", async () => {
    // Prepare: Olivia has a copy; Jonas is erased
    const olivia = account('acc-3001');
    const jonas = account('acc-1002');
    const oliviaHash = subjectHash(await subjectHashKey(), olivia.email);
    await api('/v1/consents', {
      method: 'POST',
      body: JSON.stringify({ subject: { email: olivia.email }, purpose: 'marketing', action: 'grant', source: 'web-banner' }),
    });
    const access = await fileAndVerify(olivia.accountId, { type: 'access' });
    const link = await newestLink(runtime, olivia.email, '/v1/exports/');

    // Act
    await fileAndVerify(jonas.accountId, { type: 'deletion' });
    const download = await fetch(link, { redirect: 'manual' });

    // Assess
    expect(download.status).toBe(200);
    expect(await objectsUnder(`exports/${access.id}/`)).toContain(`exports/${access.id}/bundle.zip`);
    expect(await itemsOf(tables.consents.localName, 'subjectHash', oliviaHash)).toHaveLength(1);
  });
});
