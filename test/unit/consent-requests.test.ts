import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { afterEach, describe, expect, it } from 'vitest';
import { REQUEST_TYPES, type RequestType } from '../../shared/domain/request-model.js';
import { carryingRequests, choicesOfRequest, type CarryingRequest, type ChoiceInput } from '../../shared/preferences/consent-requests.js';
import { currentConsents, type ConsentEvent } from '../../shared/preferences/consent-state.js';
import { DynamoConsentStore } from '../../shared/preferences/consent-store.js';
import { recordRequestChoices } from '../../shared/preferences/consents.js';

const SERVED = { servedPurposes: new Set(['marketing', 'analytics']) };

describe('carryingRequests', () => {
  it.each([
    { note: 'a grant', choice: { purpose: 'marketing', current: 'granted', decides: true, gpc: false }, requests: [] },
    {
      note: 'a withdrawn purpose systems serve',
      choice: { purpose: 'analytics', current: 'withdrawn', decides: true, gpc: false },
      requests: [{ type: 'consent-withdrawal', jurisdiction: 'gdpr', purposes: ['analytics'] }],
    },
    {
      note: 'an objected purpose systems serve, in the named law',
      choice: { purpose: 'marketing', current: 'objected', decides: true, gpc: false, jurisdiction: 'ccpa' },
      requests: [{ type: 'objection', jurisdiction: 'ccpa', purposes: ['marketing'] }],
    },
    {
      note: 'a marketing opt-out',
      choice: { purpose: 'marketing', current: 'opted-out', decides: true, gpc: false },
      requests: [{ type: 'marketing-opt-out', jurisdiction: 'gdpr' }],
    },
    {
      note: 'an opt-out of another purpose systems serve',
      choice: { purpose: 'analytics', current: 'opted-out', decides: true, gpc: false },
      requests: [{ type: 'objection', jurisdiction: 'gdpr', purposes: ['analytics'] }],
    },
    { note: 'a withdrawn purpose no system serves', choice: { purpose: 'surveys', current: 'withdrawn', decides: true, gpc: false }, requests: [] },
    { note: 'a back-dated withdrawal a later grant outweighs', choice: { purpose: 'analytics', current: 'granted', decides: false, gpc: false }, requests: [] },
    {
      note: 'a withdrawal of sale',
      choice: { purpose: 'sale', current: 'withdrawn', decides: true, gpc: false },
      requests: [{ type: 'sale-opt-out', jurisdiction: 'ccpa' }],
    },
    {
      note: 'an opt-out of sharing in the named law',
      choice: { purpose: 'sharing', current: 'opted-out', decides: true, gpc: false, jurisdiction: 'gdpr' },
      requests: [{ type: 'sale-opt-out', jurisdiction: 'gdpr' }],
    },
    {
      note: 'a GPC grant of sale',
      choice: { purpose: 'sale', current: 'opted-out', decides: true, gpc: true },
      requests: [{ type: 'sale-opt-out', jurisdiction: 'ccpa' }],
    },
    {
      note: 'a GPC grant of analytics',
      choice: { purpose: 'analytics', current: 'granted', decides: true, gpc: true },
      requests: [{ type: 'sale-opt-out', jurisdiction: 'ccpa' }],
    },
    {
      note: 'a GPC signal with a marketing withdrawal',
      choice: { purpose: 'marketing', current: 'withdrawn', decides: true, gpc: true },
      requests: [
        { type: 'sale-opt-out', jurisdiction: 'ccpa' },
        { type: 'consent-withdrawal', jurisdiction: 'gdpr', purposes: ['marketing'] },
      ],
    },
    {
      note: 'a GPC signal with an outweighed event',
      choice: { purpose: 'analytics', current: 'granted', decides: false, gpc: true },
      requests: [{ type: 'sale-opt-out', jurisdiction: 'ccpa' }],
    },
  ] satisfies { note: string; choice: ChoiceInput; requests: CarryingRequest[] }[])(
    'answers $note with the requests that carry it out',
    ({ choice, requests }) => {
      // Prepare: the choice is the row

      // Act
      const carrying = carryingRequests(choice, SERVED);

      // Assess
      expect(carrying).toStrictEqual(requests);
    },
  );

  it.each([
    { note: 'an objection to it files nothing (filing would refuse it)', current: 'objected', requests: [] },
    {
      note: 'a withdrawal of it still files its request',
      current: 'withdrawn',
      requests: [{ type: 'consent-withdrawal', jurisdiction: 'gdpr', purposes: ['contract'] }],
    },
  ] satisfies { note: string; current: ChoiceInput['current']; requests: CarryingRequest[] }[])(
    'for a purpose served only where an objection does not apply, $note',
    ({ current, requests }) => {
      // Prepare
      const inventory = { servedPurposes: new Set(['contract', 'marketing']), objectionPurposes: new Set(['marketing']) };

      // Act
      const carrying = carryingRequests({ purpose: 'contract', current, decides: true, gpc: false }, inventory);

      // Assess
      expect(carrying).toStrictEqual(requests);
    },
  );
});

describe('choicesOfRequest', () => {
  const expected: Record<RequestType, ReturnType<typeof choicesOfRequest>> = {
    access: [],
    portability: [],
    deletion: [],
    'third-party-disclosure': [],
    objection: [
      { purpose: 'analytics', action: 'object' },
      { purpose: 'marketing', action: 'object' },
    ],
    'consent-withdrawal': [
      { purpose: 'analytics', action: 'withdraw' },
      { purpose: 'marketing', action: 'withdraw' },
    ],
    'sale-opt-out': [{ purpose: 'sale-and-sharing', action: 'opt-out' }],
    'sale-opt-in': [{ purpose: 'sale-and-sharing', action: 'grant' }],
    'marketing-opt-out': [{ purpose: 'marketing', action: 'opt-out' }],
  };

  it.each(REQUEST_TYPES.map((type) => ({ type })))('writes what a carried-out $type request chose', ({ type }) => {
    // Prepare
    const request = { type, scope: { purposes: ['analytics', 'marketing'] } };

    // Act
    const choices = choicesOfRequest(request, ['marketing']);

    // Assess
    expect(choices).toStrictEqual(expected[type]);
  });

  it('stops the default purposes of a withdrawal or objection that names none', () => {
    // Prepare
    const request = { type: 'objection' as const };

    // Act
    const choices = choicesOfRequest(request, ['marketing']);

    // Assess
    expect(choices).toStrictEqual([{ purpose: 'marketing', action: 'object' }]);
  });
});

describe('recordRequestChoices', () => {
  const documents = mockClient(DynamoDBDocumentClient);
  const store = new DynamoConsentStore('consents', DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-central-1' })));
  const request = {
    id: '01JZREQUEST0000000000000000',
    type: 'consent-withdrawal' as const,
    subjectHash: 'hash-1',
    receivedAt: '2026-11-20T08:00:00.000Z',
    scope: { purposes: ['marketing'] },
  };
  const now = () => new Date('2026-11-25T10:00:00.000Z');

  afterEach(() => {
    documents.reset();
  });

  it('writes the choice with the request as source, from the time the person asked, so the register stops saying granted', async () => {
    // Prepare
    documents.on(PutCommand).resolves({});
    const grant: ConsentEvent = {
      eventId: '01JZGRANT',
      purpose: 'marketing',
      action: 'grant',
      source: 'web-banner',
      at: '2026-01-01T00:00:00.000Z',
      recordedAt: '2026-01-01T00:00:00.000Z',
      gpc: false,
    };

    // Act
    const choices = await recordRequestChoices(request, ['marketing'], { store, now });

    // Assess
    expect(choices).toStrictEqual([{ purpose: 'marketing', action: 'withdraw' }]);
    const written = documents.commandCalls(PutCommand)[0]!.args[0].input.Item as ConsentEvent;
    expect(written).toStrictEqual({
      subjectHash: 'hash-1',
      entry: `2026-11-20T08:00:00.000Z#${request.id}-0`,
      eventId: `${request.id}-0`,
      purpose: 'marketing',
      action: 'withdraw',
      source: `request:${request.id}`,
      at: request.receivedAt,
      recordedAt: '2026-11-25T10:00:00.000Z',
      gpc: false,
    });
    expect(currentConsents([grant, written]).marketing?.state).toBe('withdrawn');
  });

  it('adds nothing when written again (a retried step), and rethrows other failures', async () => {
    // Prepare
    documents
      .on(PutCommand)
      .rejectsOnce(new ConditionalCheckFailedException({ message: 'exists', $metadata: {} }))
      .rejectsOnce(new Error('throttled'));

    // Act
    const again = await recordRequestChoices(request, ['marketing'], { store, now });
    const failing = recordRequestChoices(request, ['marketing'], { store, now });

    // Assess
    expect(again).toHaveLength(1);
    await expect(failing).rejects.toThrow('throttled');
    expect(documents).toReceiveCommandWith(PutCommand, { ConditionExpression: 'attribute_not_exists(entry)' });
  });

  it('writes nothing for a request that changes no choice', async () => {
    // Prepare: nothing

    // Act
    const choices = await recordRequestChoices({ ...request, type: 'access' }, ['marketing'], { store, now });

    // Assess
    expect(choices).toStrictEqual([]);
    expect(documents.calls()).toHaveLength(0);
  });
});
