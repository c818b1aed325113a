// Seeds the emulators with the demo company; writing the same records again changes nothing.
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { demoAccounts, demoAudienceEntry, demoBucket, demoRecordsFor, demoTables } from './demo-data.js';

async function putAll(documents: DynamoDBDocumentClient, table: string, items: Record<string, unknown>[]) {
  for (let i = 0; i < items.length; i += 25) {
    let pending = { [table]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) };
    while (pending[table]?.length) {
      const result = await documents.send(new BatchWriteCommand({ RequestItems: pending }));
      pending = { [table]: result.UnprocessedItems?.[table] ?? [] } as typeof pending;
    }
  }
}

/** Writes the demo accounts and each demo system's records for them. Returns what it wrote. */
export async function seedDemoData(dynamo: DynamoDBClient, s3: S3Client) {
  const documents = DynamoDBDocumentClient.from(dynamo);
  const records = demoAccounts.map(demoRecordsFor);
  await putAll(documents, demoTables.accounts.localName, demoAccounts as unknown as Record<string, unknown>[]);
  await putAll(
    documents,
    demoTables.profiles.localName,
    records.map((r) => r.profile),
  );
  await putAll(
    documents,
    demoTables.invoices.localName,
    records.flatMap((r) => r.invoices),
  );
  await putAll(
    documents,
    demoTables.tickets.localName,
    records.flatMap((r) => r.tickets),
  );
  await putAll(
    documents,
    demoTables.newsletter.localName,
    records.flatMap((r) => r.newsletter),
  );
  const objects = records.flatMap((r) => Object.entries(r.objects));
  for (const [key, body] of objects) {
    await s3.send(new PutObjectCommand({ Bucket: demoBucket, Key: key, Body: JSON.stringify(body), ContentType: 'application/json' }));
  }
  return { accounts: demoAccounts.length, objects: objects.length };
}

/** Puts each demo account's advertising-audience entry into the demo bucket (`npm start -- --ad-audiences`). */
export async function seedAdAudiences(s3: S3Client): Promise<number> {
  for (const [key, body] of demoAccounts.map(demoAudienceEntry)) {
    await s3.send(new PutObjectCommand({ Bucket: demoBucket, Key: key, Body: JSON.stringify(body), ContentType: 'application/json' }));
  }
  return demoAccounts.length;
}
