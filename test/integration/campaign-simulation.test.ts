// The campaign simulation (bench/sim/) held to the real thing where the two overlap: a small campaign
// run page by page against the local emulators, waiting what each page says as the workflow would,
// and the same campaign simulated with the emulators' latencies (scaled to how long a page took on
// this machine just now, the one figure fitted), agree on pages, SES calls and the time the pace
// gives within 10%. `npm run bench -- campaign-scale` checks it at 100,000.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emulatorScenario, GOAL_AGREEMENT, gap } from '../../bench/campaign-scale.js';
import { generatedAccount } from '../../bench/sim/aws.js';
import { EMULATOR_PROFILE, simulateCampaign, slower } from '../../bench/sim/campaign-sim.js';
import { DEMO_CONTROLLER } from '../../local/demo-controller.js';
import { createTables } from '../../local/provision.js';
import { startLocalRuntime, type LocalRuntime } from '../../local/runtime.js';
import { mapConcurrent } from '../../shared/concurrency.js';
import { SesBulkMailer } from '../../shared/mail/bulk-mailer.js';
import { DynamoAudience } from '../../shared/notifications/audience.js';
import { type Pace, sendCampaignPage } from '../../shared/notifications/campaign.js';
import { publishPolicy } from '../../shared/notifications/policies.js';
import { PolicyStore } from '../../shared/notifications/policy-store.js';
import { DynamoRecipientMarkers } from '../../shared/notifications/recipient-markers.js';
import { SuppressionList } from '../../shared/preferences/suppression-list.js';
import { tables, type TableSpec } from '../../shared/resources.js';
import { subjectHashKey } from '../../shared/secrets.js';
import { subjectHash } from '../../shared/subject.js';

const ACCOUNTS = 1000;
/** Slow enough that the pace, not the emulators' speed on a busy machine, sets the time. */
const RATE = 100;
const DIRECTORY: TableSpec = {
  description: 'A scratch account directory for the simulation check',
  envVar: 'SIMULATION_CHECK_ACCOUNTS',
  localName: 'simulation-check-accounts',
  partitionKey: { name: 'accountId', type: 'S' },
};

describe('the campaign simulation against the local emulators', () => {
  let runtime: LocalRuntime;
  let documents: DynamoDBDocumentClient;
  let ses: SESv2Client;

  beforeAll(async () => {
    runtime = await startLocalRuntime({ port: 0, memory: true });
    const dynamo = new DynamoDBClient({});
    documents = DynamoDBDocumentClient.from(dynamo, { marshallOptions: { removeUndefinedValues: true } });
    ses = new SESv2Client({});
    await createTables(dynamo, [DIRECTORY]);
  });

  afterAll(async () => {
    documents?.destroy();
    ses?.destroy();
    await runtime?.stop();
  });

  it(`agrees with a ${ACCOUNTS}-account campaign at ${RATE}/s on pages, SES calls and time within ${GOAL_AGREEMENT * 100}%`, async () => {
    // Prepare: the simulation's own generated directory, seeded into DynamoDB Local
    const key = await subjectHashKey();
    const accounts = Array.from({ length: ACCOUNTS }, (_, i) => ({ i, ...generatedAccount(i, 42) }));
    const writes = (table: string, items: Record<string, unknown>[]) => {
      const batches: Record<string, unknown>[][] = [];
      for (let i = 0; i < items.length; i += 25) batches.push(items.slice(i, i + 25));
      return mapConcurrent(batches, 8, (batch) =>
        documents.send(new BatchWriteCommand({ RequestItems: { [table]: batch.map((Item) => ({ PutRequest: { Item } })) } })),
      );
    };
    await writes(
      DIRECTORY.localName,
      accounts.map((a) => ({ accountId: `u${a.i}`, email: a.email, locale: a.locale, status: a.active ? 'active' : 'deactivated' })),
    );
    await writes(
      tables.suppressions.localName,
      accounts.filter((a) => a.bounced).map((a) => ({ subjectHash: subjectHash(key, a.email), reason: 'bounce', at: new Date().toISOString() })),
    );
    const store = new PolicyStore(tables.policies.localName, documents);
    await publishPolicy(
      {
        version: 'sim-check',
        url: 'https://example.com/privacy/sim-check',
        effectiveAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
        material: true,
        summary: { de: 'Wir nennen neue Empfänger Ihrer Daten.', en: 'We name new recipients of your data.' },
      },
      { store, campaigns: { start: async () => ({ executionId: 'check' }) }, now: () => new Date() },
    );
    const deps = {
      policies: store,
      audience: new DynamoAudience(DIRECTORY.localName, documents),
      suppressions: new SuppressionList(tables.suppressions.localName, subjectHashKey, documents),
      markers: new DynamoRecipientMarkers(tables.campaignRecipients.localName, () => new Date(), documents),
      mailer: new SesBulkMailer({ from: 'privacy@example.com', client: ses }),
      hashKey: subjectHashKey,
      controller: DEMO_CONTROLLER,
      settings: { sendsPerSecond: RATE, pageSize: 500 },
      now: () => new Date(),
    };

    // Act: the pages as the workflow runs them, then the simulation of the same campaign
    const measured = { pages: 0, calls: 0, seconds: 0, busy: 0 };
    const started = performance.now();
    const startedAt = Date.now();
    let cursor: string | null = null;
    let pace: Pace | null = null;
    do {
      const pageStarted = performance.now();
      const page = await sendCampaignPage({ version: 'sim-check', cursor, pace }, deps);
      measured.busy += (performance.now() - pageStarted) / 1000;
      measured.pages++;
      measured.calls += page.calls;
      // As the emulator benchmark times it: the end of the slot the pace gives what was handed over,
      // or the last page's end if later.
      const slotEnd = (Date.parse(page.pace.since) + (page.pace.handed / RATE) * 1000 - startedAt) / 1000;
      if (page.sent > 0) measured.seconds = Math.max((performance.now() - started) / 1000, slotEnd);
      cursor = page.nextCursor ?? null;
      pace = page.pace;
      if (cursor) await new Promise((resolve) => setTimeout(resolve, page.waitSeconds * 1000));
    } while (cursor);
    // The emulators' speed on this machine now: their latencies scaled to the pages' measured work.
    const probe = await simulateCampaign(emulatorScenario(ACCOUNTS, RATE));
    const profile = slower(EMULATOR_PROFILE, measured.busy / measured.pages / probe.meanPageSeconds);
    const simulated = await simulateCampaign(emulatorScenario(ACCOUNTS, RATE, undefined, profile));

    // Assess
    expect(simulated.completed).toBe(true);
    expect(simulated.duplicates).toBe(0);
    expect(simulated.missed).toBe(0);
    expect({ pages: gap(simulated.pages, measured.pages), calls: gap(simulated.sesCalls, measured.calls) }).toEqual({ pages: 0, calls: expect.any(Number) });
    expect(gap(simulated.sesCalls, measured.calls), `${simulated.sesCalls} simulated, ${measured.calls} measured`).toBeLessThanOrEqual(GOAL_AGREEMENT);
    expect(gap(simulated.slotSeconds, measured.seconds), `${simulated.slotSeconds} s simulated, ${measured.seconds} s measured`).toBeLessThanOrEqual(
      GOAL_AGREEMENT,
    );
    // On an idle machine the whole file takes well under 30 s; the allowance is for a busy one.
  }, 120_000);
});
