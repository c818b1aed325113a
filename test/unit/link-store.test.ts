import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { afterEach, describe, expect, it } from 'vitest';
import { EXPORT_LINKS } from '../../shared/fulfilment/export-links.js';
import { DynamoLinkStore, type LinkKind, type LinkPurpose, type NewLink } from '../../shared/links/link-store.js';
import { UNSUBSCRIBE_LINKS } from '../../shared/preferences/unsubscribe.js';
import { VERIFY_LINKS } from '../../shared/verification/verify-request.js';

const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-central-1' }));
const documents = mockClient(DynamoDBDocumentClient);

const HASH = 'h'.repeat(64);
const VALID_UNTIL = '2026-12-02T10:00:00.000Z';
const KEY = 'exports/01JEXPORT00000000000000000/bundle.zip';

const store = <P extends LinkPurpose>(kind: LinkKind<P>) => new DynamoLinkStore({ tableName: 'tokens', ...kind, client });

const verifyLink: NewLink<'verify'> = { tokenHash: HASH, requestId: 'r1', validUntil: VALID_UNTIL };
const exportLink: NewLink<'export'> = { tokenHash: HASH, requestId: 'r1', key: KEY, locale: 'de', validUntil: VALID_UNTIL };
const unsubscribeLink: NewLink<'unsubscribe'> = {
  tokenHash: HASH,
  subjectHash: 's'.repeat(64),
  locale: 'de',
  maskedEmail: 'l•••@example.net',
  issuedAt: '2026-11-25T10:00:00.000Z',
  validUntil: VALID_UNTIL,
};

afterEach(() => {
  documents.reset();
});

describe('DynamoLinkStore', () => {
  it.each([
    {
      note: 'a verification link 30 days past its end, so an expired link still gets its page',
      kind: VERIFY_LINKS,
      link: verifyLink,
      deletableAt: '2027-01-01T10:00:00.000Z',
    },
    { note: 'an export link a day past its end, so the subject sees "expired"', kind: EXPORT_LINKS, link: exportLink, deletableAt: '2026-12-03T10:00:00.000Z' },
    { note: 'an unsubscribe link as soon as it ends', kind: UNSUBSCRIBE_LINKS, link: unsubscribeLink, deletableAt: VALID_UNTIL },
  ] as const)('writes a new link under its hash with its purpose, keeping $note', async ({ kind, link, deletableAt }) => {
    // Prepare
    documents.on(PutCommand).resolves({});

    // Act
    await store<LinkPurpose>(kind).put(link);

    // Assess
    expect(documents).toReceiveCommandTimes(PutCommand, 1);
    expect(documents).toReceiveCommandWith(PutCommand, {
      TableName: 'tokens',
      Item: { ...link, purpose: kind.purpose, expiresAt: Date.parse(deletableAt) / 1000 },
      ConditionExpression: 'attribute_not_exists(#key)',
      ExpressionAttributeNames: { '#key': 'tokenHash' },
    });
  });

  it.each([
    {
      note: 'until keepUntil when that is later (a status page that outlives its confirmation link)',
      keepUntil: '2027-04-05T00:00:00.000Z',
      deletableAt: '2027-04-05T00:00:00.000Z',
    },
    { note: "its purpose's period when keepUntil is earlier", keepUntil: '2026-12-05T00:00:00.000Z', deletableAt: '2027-01-01T10:00:00.000Z' },
  ])('keeps a link $note, and stores no keepUntil', async ({ keepUntil, deletableAt }) => {
    // Prepare
    documents.on(PutCommand).resolves({});

    // Act
    await store(VERIFY_LINKS).put({ ...verifyLink, keepUntil });

    // Assess
    expect(documents).toReceiveCommandWith(PutCommand, { Item: { ...verifyLink, purpose: 'verify', expiresAt: Date.parse(deletableAt) / 1000 } });
  });

  it('stores the purpose of the store, whatever the caller passes', async () => {
    // Prepare
    documents.on(PutCommand).resolves({});

    // Act
    await store(EXPORT_LINKS).put({ ...exportLink, purpose: 'verify' } as NewLink<'export'>);

    // Assess
    expect(documents).toReceiveCommandWith(PutCommand, { Item: expect.objectContaining({ purpose: 'export' }) });
  });

  it('refuses a token hash another link holds', async () => {
    // Prepare
    const held = { ...verifyLink, requestId: 'r2', purpose: 'verify', expiresAt: 1 };
    documents.on(PutCommand).rejects(new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {}, Item: marshall(held) }));

    // Act
    const putting = store(VERIFY_LINKS).put(verifyLink);

    // Assess
    await expect(putting).rejects.toBeInstanceOf(ConditionalCheckFailedException);
  });

  it('counts a retried put whose first attempt landed as done', async () => {
    // Prepare
    const landed = { ...verifyLink, purpose: 'verify', expiresAt: Date.parse('2027-01-01T10:00:00.000Z') / 1000 };
    documents.on(PutCommand).rejects(new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {}, Item: marshall(landed) }));

    // Act
    const putting = store(VERIFY_LINKS).put(verifyLink);

    // Assess
    await expect(putting).resolves.toBeUndefined();
  });

  it.each([
    { kind: VERIFY_LINKS, item: { ...verifyLink, purpose: 'verify', expiresAt: 1 } },
    { kind: EXPORT_LINKS, item: { ...exportLink, purpose: 'export', expiresAt: 1 } },
    { kind: UNSUBSCRIBE_LINKS, item: { ...unsubscribeLink, purpose: 'unsubscribe', expiresAt: 1 } },
  ] as const)('reads a $kind.purpose link consistently, expired or not', async ({ kind, item }) => {
    // Prepare
    documents.on(GetCommand).resolves({ Item: { ...item, validUntil: '2000-01-01T00:00:00.000Z' } });

    // Act
    const link = await store<LinkPurpose>(kind).get(HASH);

    // Assess
    expect(link).toStrictEqual({ ...item, validUntil: '2000-01-01T00:00:00.000Z' });
    expect(documents).toReceiveCommandWith(GetCommand, { TableName: 'tokens', Key: { tokenHash: HASH }, ConsistentRead: true });
  });

  it.each([
    { kind: VERIFY_LINKS, other: 'export' },
    { kind: VERIFY_LINKS, other: 'unsubscribe' },
    { kind: EXPORT_LINKS, other: 'verify' },
    { kind: EXPORT_LINKS, other: 'unsubscribe' },
    { kind: UNSUBSCRIBE_LINKS, other: 'verify' },
    { kind: UNSUBSCRIBE_LINKS, other: 'export' },
  ] as const)('answers a $other link under the same hash as no $kind.purpose link, so one kind of token never opens another', async ({ kind, other }) => {
    // Prepare
    documents.on(GetCommand).resolves({ Item: { tokenHash: HASH, purpose: other, requestId: 'r1', validUntil: VALID_UNTIL, expiresAt: 1 } });

    // Act
    const link = await store<LinkPurpose>(kind).get(HASH);

    // Assess
    expect(link).toBeUndefined();
  });

  it('answers an unknown hash as no link', async () => {
    // Prepare
    documents.on(GetCommand).resolves({});

    // Act
    const link = await store(EXPORT_LINKS).get(HASH);

    // Assess
    expect(link).toBeUndefined();
  });

  it('rethrows what DynamoDB fails with', async () => {
    // Prepare
    documents.on(GetCommand).rejects(new Error('Throttled'));

    // Act
    const reading = store(VERIFY_LINKS).get(HASH);

    // Assess
    await expect(reading).rejects.toThrow('Throttled');
  });
});
