// The campaign simulation: the real campaign workflow definition, walked state by state, whose page
// step runs the real page sender (shared/notifications/campaign.ts) with the real adapters (policy
// store, audience, suppression list, recipient markers, bulk mailer) over simulated DynamoDB and SES,
// on a virtual clock. Around it: Lambda sandboxes (cold starts, concurrency, the function's timeout),
// the distributed Map (one child execution per part, state transitions, history events) and child
// executions killed at random and redriven.
import { DEMO_CONTROLLER } from '../../local/demo-controller.js';
import { SesBulkMailer } from '../../shared/mail/bulk-mailer.js';
import { lambdas } from '../../shared/lambdas.js';
import { logger } from '../../shared/logger.js';
import { DynamoAudience } from '../../shared/notifications/audience.js';
import { type CampaignDeps, campaignStepOutput, completeCampaign, sendCampaignPage } from '../../shared/notifications/campaign.js';
import { campaignDefinition } from '../../shared/notifications/campaign-state-machine.js';
import { MAX_PAGE_SIZE, MAX_SEGMENTS } from '../../shared/notifications/model.js';
import { campaignStatus } from '../../shared/notifications/policies.js';
import { campaignKey, PolicyStore } from '../../shared/notifications/policy-store.js';
import { DynamoRecipientMarkers } from '../../shared/notifications/recipient-markers.js';
import { SuppressionList } from '../../shared/preferences/suppression-list.js';
import { subjectHash } from '../../shared/subject.js';
import { prng } from '../prng.js';
import { DynamoSim, generatedAccount, generatedStatus, type Latencies, SesSim, type SimCounters } from './aws.js';
import { VirtualClock } from './clock.js';

/** The published limit of events in one Standard execution's history. */
export const HISTORY_EVENT_LIMIT = 25_000;

/** Where a run's calls take their time, and how long a sandbox takes to start and stays warm. */
export interface Profile {
  name: string;
  latency: Latencies;
  /** Lambda: the platform's own time per invocation, a cold start's init, and how long an idle sandbox lives. */
  invokeMs: number;
  coldStartMs: number;
  keepWarmSeconds: number;
  /** Step Functions: the time a state transition takes. */
  transitionMs: number;
}

/**
 * In-region AWS: typical published or widely measured figures, not measurements of this stack
 * (docs/scale.md says where they come from and what they change).
 */
export const AWS_PROFILE: Profile = {
  name: 'AWS (in-region)',
  latency: { getItem: 5, putItem: 6, updateItem: 7, scanPage: 60, batchGet: 12, batchWrite: 12, sendBulk: 120 },
  invokeMs: 15,
  coldStartMs: 450,
  keepWarmSeconds: 600,
  transitionMs: 25,
};

/**
 * The local emulators on this machine, from the measured 100,000-account run (bench/RESULTS.md):
 * a page of 500 took 1.0 s of work (76.3 s over 76 pages). The conditional puts dominate it.
 */
export const EMULATOR_PROFILE: Profile = {
  name: 'local emulators',
  latency: { getItem: 8, putItem: 45, updateItem: 10, scanPage: 60, batchGet: 20, batchWrite: 20, sendBulk: 25 },
  invokeMs: 0,
  coldStartMs: 0,
  keepWarmSeconds: Number.POSITIVE_INFINITY,
  transitionMs: 0,
};

export interface Scenario {
  label: string;
  accounts: number;
  /** SES's maximum send rate; the campaign is configured to it (CAMPAIGN_SENDS_PER_SECOND). */
  sendsPerSecond: number;
  /** SES's 24-hour quota; Infinity when it is not below the audience. */
  dailyQuota: number;
  /** CAMPAIGN_SEGMENTS. */
  segments: number;
  /**
   * Parts run in full through the real code (the first ones); the rest are mirrored as the same
   * load on SES, DynamoDB and Lambda. Equal to `segments` runs every recipient.
   */
  sampledParts: number;
  pageSize: number;
  /** The chance that a child execution is killed while a page step runs (then redriven). */
  killRate: number;
  /** Seconds from a kill to the redrive of the child. */
  redriveSeconds: number;
  profile: Profile;
  seed: number;
  /** Seconds of SES burst above the rate (documented assumption). */
  sesBurstSeconds: number;
  /** Seconds of sustained throttling before a hot DynamoDB partition splits; Infinity never. */
  splitAfterSeconds: number;
  /** Stop starting pages after this many seconds (to compare with a run cut off the same way). */
  stopAfterSeconds?: number;
}

export interface SimResult {
  scenario: Scenario;
  completed: boolean;
  /** The campaign's state as the progress route reads it at the end. */
  finalState: string;
  /** From the first page's start to the last notice handed over. */
  finishSeconds: number;
  /**
   * From the first page's start to the end of the slot the pace gives the notices handed over, or
   * the last page's end if later: how the emulator benchmark times its run.
   */
  slotSeconds: number;
  /** What the quota allows: recipients ÷ rate, plus the days the 24-hour quota forces. */
  floorSeconds: number;
  active: number;
  bounced: number;
  /** Accounts of the parts run in full: the duplicates and missed are counted among them. */
  sampledRecipients: number;
  sent: number;
  suppressed: number;
  failed: number;
  reached: number;
  duplicates: number;
  missed: number;
  pages: number;
  sesCalls: number;
  sesThrottles: number;
  stateTransitions: number;
  maxHistoryEvents: number;
  invocations: number;
  coldStarts: number;
  maxConcurrency: number;
  lambdaGbSeconds: number;
  maxPageSeconds: number;
  /** The mean time a page step takes, waits between pages not counted. */
  meanPageSeconds: number;
  timeoutSeconds: number;
  kills: number;
  pauses: number;
  /** Pauses at which the progress route said `paused` and when it resumes. */
  pausesReported: number;
  /** Pauses after which the campaign sent again without anyone acting. */
  resumedByItself: number;
  readUnits: number;
  writeUnits: number;
  dynamoThrottles: number;
  hotPartitions: { id: string; throttles: number; splits: number }[];
  failures: string[];
  wallSeconds: number;
}

const VERSION = 'sim-2026';
const TABLES = { directory: 'accounts', suppressions: 'suppressions', markers: 'campaign-recipients', policies: 'policies' };
const KEY = Buffer.alloc(32, 7);
const START = new Date('2026-05-04T08:00:00.000Z');
const PAGE_FUNCTION = lambdas.sendCampaignPage;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
interface State {
  Type: string;
  Parameters?: { Payload?: Record<string, Json> };
  ResultSelector?: Record<string, string>;
  Retry?: { ErrorEquals: string[]; IntervalSeconds: number; MaxAttempts: number; BackoffRate: number; MaxDelaySeconds?: number; JitterStrategy?: string }[];
  Catch?: { ErrorEquals: string[]; Next: string }[];
  Choices?: { Variable: string; BooleanEquals?: boolean; IsNull?: boolean; Next: string }[];
  Default?: string;
  SecondsPath?: string;
  TimestampPath?: string;
  Next?: string;
  Error?: string;
}

/** `$.a.b` of `data`. */
function at(data: Json, path: string): Json {
  let value: Json = data;
  for (const part of path
    .replace(/^\$\.?/, '')
    .split('.')
    .filter(Boolean))
    value = (value as Record<string, Json> | null)?.[part] ?? null;
  return value;
}

/** A Parameters or ResultSelector template filled from `data`, as Step Functions fills it. */
function fill(template: Record<string, Json> | Record<string, string>, data: Json): Record<string, Json> {
  const out: Record<string, Json> = {};
  for (const [key, value] of Object.entries(template)) {
    if (key.endsWith('.$')) out[key.slice(0, -2)] = at(data, String(value));
    else out[key] = value;
  }
  return out;
}

const matches = (names: readonly string[], error: string) =>
  names.includes(error) || names.includes('States.ALL') || (names.includes('States.TaskFailed') && !error.startsWith('States.'));

/** Runs a whole campaign and says what it took. */
export async function simulateCampaign(scenario: Scenario): Promise<SimResult> {
  const wallStart = performance.now();
  if (scenario.segments < 1 || scenario.segments > MAX_SEGMENTS) throw new RangeError('segments out of range');
  const clock = new VirtualClock(START);
  const random = prng(scenario.seed);
  const counters: SimCounters = { readUnits: 0, writeUnits: 0, dynamoCalls: 0, dynamoThrottles: 0, sesCalls: 0, sesThrottles: 0, sesQuotaRefusals: 0 };

  if (!(scenario.sampledParts >= 1 && scenario.sampledParts <= scenario.segments)) throw new RangeError('sampledParts out of range');
  const weight = scenario.segments / scenario.sampledParts;
  // The accounts of the parts run in full (DynamoDB's segments are equal ranges here).
  const sampledEnd = Math.floor((scenario.sampledParts * scenario.accounts) / scenario.segments);

  // The directory's truth, for the final count and the floor: who is active, who bounced.
  let active = 0;
  let toSendAll = 0;
  const bouncedHashes = new Set<string>();
  const activeFlags = new Uint8Array(sampledEnd);
  let bouncedAll = 0;
  for (let i = 0; i < scenario.accounts; i++) {
    // Only the bounced accounts of the parts run in full need their address built; the rest are counted.
    const account = generatedStatus(i, scenario.seed);
    if (!account.active) continue;
    active++;
    if (account.bounced) bouncedAll++;
    else toSendAll++;
    if (i >= sampledEnd) continue;
    activeFlags[i] = account.bounced ? 2 : 1;
    if (account.bounced) bouncedHashes.add(subjectHash(KEY, generatedAccount(i, scenario.seed).email));
  }
  const deliveries = new Uint8Array(sampledEnd);
  const dynamo = new DynamoSim({
    clock,
    random,
    latency: scenario.profile.latency,
    accounts: scenario.accounts,
    seed: scenario.seed,
    tables: TABLES,
    bouncedHashes,
    counters,
    splitAfterSeconds: scenario.splitAfterSeconds,
    attempts: 3,
    weight,
  });
  const ses = new SesSim({
    clock,
    random,
    latency: scenario.profile.latency,
    maxSendRate: scenario.sendsPerSecond,
    burstSeconds: scenario.sesBurstSeconds,
    dailyQuota: scenario.dailyQuota,
    counters,
    deliveries,
    attempts: 5,
    weight,
  });

  // The version as publishing stored it, with its campaign record.
  dynamo.seed({
    version: VERSION,
    kind: 'policy',
    url: `https://example.com/privacy/${VERSION}`,
    effectiveAt: '2026-06-01T00:00:00.000Z',
    material: true,
    summary: { de: 'Wir nennen neue Empfänger Ihrer Daten.', en: 'We name new recipients of your data.' },
    publishedAt: START.toISOString(),
  });
  dynamo.seed({
    version: campaignKey(VERSION),
    policyVersion: VERSION,
    kind: 'campaign',
    state: 'running',
    total: 0,
    sent: 0,
    suppressed: 0,
    failed: 0,
    startedAt: START.toISOString(),
  });

  // The real adapters over the simulated services, exactly as functions/wiring/policies.ts builds them.
  const store = new PolicyStore(TABLES.policies, dynamo.client);
  const deps: CampaignDeps = {
    policies: store,
    audience: new DynamoAudience(TABLES.directory, dynamo.client),
    suppressions: new SuppressionList(TABLES.suppressions, async () => KEY, dynamo.client, clock.sleep),
    markers: new DynamoRecipientMarkers(TABLES.markers, clock.now, dynamo.client, clock.sleep),
    mailer: new SesBulkMailer({ from: 'privacy@example.com', client: ses.client }),
    hashKey: async () => KEY,
    controller: DEMO_CONTROLLER,
    settings: { sendsPerSecond: scenario.sendsPerSecond, pageSize: Math.min(scenario.pageSize, MAX_PAGE_SIZE) },
    now: clock.now,
  };

  // Lambda: sandboxes of the page function, each free from some instant on.
  const sandboxes: { freeAt: number }[] = [];
  const stats = {
    pages: 0,
    transitions: 0,
    invocations: 0,
    coldStarts: 0,
    busy: 0,
    maxConcurrency: 0,
    gbSeconds: 0,
    maxPageMs: 0,
    pageMs: 0,
    kills: 0,
    pauses: 0,
    pausesReported: 0,
    resumedByItself: 0,
    maxEvents: 0,
    lastHandedAt: START.getTime(),
    firstPageAt: Number.NaN,
    scheduleEnd: START.getTime(),
  };
  const failures: string[] = [];
  const memoryGb = (PAGE_FUNCTION.memorySize ?? 128) / 1024;
  const timeoutMs = (PAGE_FUNCTION.timeoutSeconds ?? 3) * 1000;
  const pendingResumes = new Set<number>();

  /** One invocation of the page function: a warm sandbox if one is idle, a cold start if not. */
  async function invokePage(payload: Record<string, Json>): Promise<Json> {
    const now = clock.time;
    const warm = sandboxes.findIndex((s) => s.freeAt <= now && now - s.freeAt <= scenario.profile.keepWarmSeconds * 1000);
    let sandbox = warm >= 0 ? sandboxes[warm]! : undefined;
    if (!sandbox) {
      const stale = sandboxes.findIndex((s) => s.freeAt <= now);
      if (stale >= 0) sandboxes.splice(stale, 1);
      sandbox = { freeAt: Number.POSITIVE_INFINITY };
      sandboxes.push(sandbox);
      stats.coldStarts++;
      await clock.sleep(scenario.profile.coldStartMs);
    }
    sandbox.freeAt = Number.POSITIVE_INFINITY;
    stats.invocations++;
    stats.busy++;
    stats.maxConcurrency = Math.max(stats.maxConcurrency, Math.round(stats.busy * weight));
    const started = clock.time;
    await clock.sleep(scenario.profile.invokeMs);
    if (Number.isNaN(stats.firstPageAt)) stats.firstPageAt = started;
    try {
      const input = payload as unknown as { version: string; segment: number; segments: number; cursor: string | null; pace: null };
      const page = await sendCampaignPage(input, deps);
      stats.pages++;
      if (page.sent + page.failed > 0) stats.lastHandedAt = clock.time;
      if (page.pace.handed > 0) {
        const due = Date.parse(page.pace.since) + (page.pace.handed / (scenario.sendsPerSecond / scenario.segments)) * 1000;
        stats.scheduleEnd = Math.max(stats.scheduleEnd, due);
      }
      if (pendingResumes.has(input.segment) && page.sent > 0) {
        pendingResumes.delete(input.segment);
        stats.resumedByItself++;
      }
      if (page.pausedUntil) {
        stats.pauses++;
        pendingResumes.add(input.segment);
        // What GET /v1/policies/{version}/campaign answers now.
        const status = await campaignStatus(store, VERSION, clock.now());
        if (status.state === 'paused' && status.pausedUntil !== null && Date.parse(status.pausedUntil) >= Date.parse(page.pausedUntil)) stats.pausesReported++;
      }
      return campaignStepOutput(input, page) as unknown as Json;
    } finally {
      const took = clock.time - started;
      stats.maxPageMs = Math.max(stats.maxPageMs, took);
      stats.pageMs += took;
      stats.gbSeconds += (memoryGb * Math.max(1, Math.ceil(took))) / 1000;
      stats.busy--;
      sandbox.freeAt = clock.time;
    }
  }

  const definition = campaignDefinition() as unknown as {
    States: Record<string, State & { ItemProcessor?: { StartAt: string; States: Record<string, State> } }>;
  };
  const processor = definition.States['Send to every part of the directory']!.ItemProcessor!;

  /** One child execution of the distributed Map, state by state; killed at random and redriven. */
  async function child(segment: number): Promise<boolean> {
    let name = processor.StartAt;
    let data: Json = { version: VERSION, segment, segments: scenario.segments, cursor: null, pace: null };
    let events = 2;
    const step = async () => {
      stats.transitions++;
      await clock.sleep(scenario.profile.transitionMs);
    };
    for (;;) {
      const state = processor.States[name]!;
      await step();
      if (state.Type === 'Task') {
        const payload = fill(state.Parameters!.Payload!, data);
        let outcome: { ok: true; value: Json } | { ok: false; error: string } | undefined;
        const attempts = new Map<number, number>();
        for (;;) {
          if (scenario.stopAfterSeconds !== undefined && clock.time - START.getTime() >= scenario.stopAfterSeconds * 1000) return false;
          events += 5;
          const killed = random() < scenario.killRate;
          try {
            const value = await invokePage(payload);
            outcome = { ok: true, value };
          } catch (error) {
            outcome = { ok: false, error: error instanceof Error ? error.name : 'Error' };
          }
          if (killed) {
            // The execution was stopped while the function ran: the function still ran to its end,
            // its answer is lost, and the redrive runs the same state again with the same input.
            stats.kills++;
            await clock.sleep(scenario.redriveSeconds * 1000);
            events += 2;
            continue;
          }
          if (outcome.ok) break;
          const error = outcome.error;
          const index = (state.Retry ?? []).findIndex((r) => matches(r.ErrorEquals, error));
          const retrier = index >= 0 ? state.Retry![index]! : undefined;
          const tries = attempts.get(index) ?? 0;
          if (!retrier || tries >= retrier.MaxAttempts) break;
          attempts.set(index, tries + 1);
          const delay = Math.min(retrier.IntervalSeconds * retrier.BackoffRate ** tries, retrier.MaxDelaySeconds ?? Number.POSITIVE_INFINITY);
          await clock.sleep((retrier.JitterStrategy === 'FULL' ? random() * delay : delay) * 1000);
        }
        if (!outcome.ok) {
          failures.push(`part ${segment}: ${outcome.error}`);
          const handler = (state.Catch ?? []).find((c) => matches(c.ErrorEquals, outcome.error));
          if (!handler) return false;
          name = handler.Next;
          continue;
        }
        data = fill(state.ResultSelector!, { Payload: outcome.value });
        name = state.Next!;
      } else if (state.Type === 'Choice') {
        events += 2;
        const choice = state.Choices!.find((c) => {
          const value = at(data, c.Variable);
          if (c.IsNull !== undefined) return (value === null) === c.IsNull;
          return value === c.BooleanEquals;
        });
        name = choice ? choice.Next : state.Default!;
      } else if (state.Type === 'Wait') {
        events += 2;
        if (state.TimestampPath) await clock.until(Date.parse(String(at(data, state.TimestampPath))));
        else await clock.sleep(Number(at(data, state.SecondsPath!)) * 1000);
        name = state.Next!;
      } else {
        events += 2;
        stats.maxEvents = Math.max(stats.maxEvents, events);
        if (events > HISTORY_EVENT_LIMIT) failures.push(`part ${segment}: history of ${events} events passes the limit of ${HISTORY_EVENT_LIMIT}`);
        return state.Type === 'Succeed' && events <= HISTORY_EVENT_LIMIT;
      }
    }
  }

  const previousLevel = logger.getLevelName();
  logger.setLogLevel('WARN');
  let completed = false;
  try {
    completed = await clock.run(
      (async () => {
        stats.transitions += 2; // the Map state, and its end
        const parts = await Promise.all(Array.from({ length: scenario.sampledParts }, (_, segment) => child(segment)));
        if (!parts.every(Boolean)) return false;
        stats.transitions++;
        await completeCampaign(VERSION, { policies: store, now: clock.now });
        return true;
      })(),
    );
  } finally {
    logger.setLogLevel(previousLevel);
  }

  let duplicates = 0;
  let missed = 0;
  for (let i = 0; i < sampledEnd; i++) {
    if (deliveries[i]! > 1) duplicates++;
    if (activeFlags[i] === 1 && deliveries[i] === 0) missed++;
  }
  const status = await clock.run(campaignStatus(store, VERSION, clock.now()));
  const days = Number.isFinite(scenario.dailyQuota) ? Math.ceil(toSendAll / scenario.dailyQuota) - 1 : 0;
  const floorSeconds = days * 86_400 + (toSendAll - days * (Number.isFinite(scenario.dailyQuota) ? scenario.dailyQuota : 0)) / scenario.sendsPerSecond;
  const finishSeconds = (stats.lastHandedAt - (Number.isNaN(stats.firstPageAt) ? START.getTime() : stats.firstPageAt)) / 1000;
  return {
    scenario,
    completed,
    finalState: status.state,
    finishSeconds,
    slotSeconds: (Math.max(stats.lastHandedAt, stats.scheduleEnd) - (Number.isNaN(stats.firstPageAt) ? START.getTime() : stats.firstPageAt)) / 1000,
    floorSeconds,
    active,
    bounced: bouncedAll,
    sampledRecipients: sampledEnd,
    sent: status.sent * weight,
    suppressed: status.suppressed * weight,
    failed: status.failed * weight,
    reached: status.total * weight,
    duplicates,
    missed: completed ? missed : Number.NaN,
    pages: stats.pages * weight,
    sesCalls: counters.sesCalls,
    sesThrottles: counters.sesThrottles,
    stateTransitions: (stats.transitions - 3) * weight + 3,
    maxHistoryEvents: stats.maxEvents,
    invocations: stats.invocations * weight + (completed ? 1 : 0),
    coldStarts: stats.coldStarts * weight,
    maxConcurrency: stats.maxConcurrency,
    lambdaGbSeconds: stats.gbSeconds * weight,
    maxPageSeconds: stats.maxPageMs / 1000,
    meanPageSeconds: stats.pageMs / Math.max(1, stats.invocations) / 1000,
    timeoutSeconds: timeoutMs / 1000,
    kills: stats.kills * weight,
    pauses: stats.pauses,
    pausesReported: stats.pausesReported,
    resumedByItself: stats.resumedByItself,
    readUnits: counters.readUnits,
    writeUnits: counters.writeUnits,
    dynamoThrottles: counters.dynamoThrottles,
    hotPartitions: dynamo.hotPartitions(),
    failures,
    wallSeconds: (performance.now() - wallStart) / 1000,
  };
}

/** `profile` with every call `factor` times as slow: the emulators on a busier or idler machine. */
export function slower(profile: Profile, factor: number): Profile {
  const latency = Object.fromEntries(Object.entries(profile.latency).map(([call, ms]) => [call, ms * factor])) as unknown as Latencies;
  return { ...profile, name: `${profile.name} × ${factor.toFixed(2)}`, latency };
}
