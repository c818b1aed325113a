// Simulated AWS services for the campaign simulation, behind the same SDK `send` the real adapters
// call: DynamoDB (the account directory generated on the fly, the suppression list, the recipient
// markers, the policy and campaign items) with per-partition throughput, and SES v2 SendBulkEmail
// with a maximum send rate and a rolling 24-hour quota. Errors are the SDK's own classes with the
// messages the services send; the SDK's standard retry (attempts, backoff with full jitter) is
// played on the virtual clock, since the real client's retry middleware is not in the path.
import { ConditionalCheckFailedException, ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, BatchWriteCommand, type DynamoDBDocumentClient, GetCommand, PutCommand, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { type SESv2Client, SendBulkEmailCommand, type SendBulkEmailCommandInput, TooManyRequestsException } from '@aws-sdk/client-sesv2';
import type { VirtualClock } from './clock.js';

/** Milliseconds each call takes when nothing throttles it. */
export interface Latencies {
  getItem: number;
  putItem: number;
  updateItem: number;
  /** One Scan page of up to 500 accounts. */
  scanPage: number;
  /** One BatchGetItem of up to 100 keys. */
  batchGet: number;
  /** One BatchWriteItem of up to 25 items. */
  batchWrite: number;
  /** One SendBulkEmail call of up to 50 destinations. */
  sendBulk: number;
}

/** Published per-partition limits of DynamoDB. */
export const PARTITION_WCU = 1000;
export const PARTITION_RCU = 3000;

/** The SDK's standard retry of a throttled call: exponential backoff from 500 ms, full jitter, at most 20 s. */
const SDK_THROTTLE_BASE_MS = 500;
const SDK_MAX_BACKOFF_MS = 20_000;

/**
 * How long the mirrored parts' load is averaged over: their calls run out of step with the part
 * run in full, so they drain a limit as a steady stream at its recent rate, not in its bursts.
 */
const MIRROR_SMOOTHING_SECONDS = 30;

/**
 * A token bucket that refills continuously; `take` says whether there was enough. With `weight`
 * above 1 each call stands for that many parts' calls (a mirrored campaign): the call itself takes
 * its own units, and the other parts drain the bucket beside it at the rate the part run in full has
 * lately taken (an average over MIRROR_SMOOTHING_SECONDS), since their calls come out of step with
 * its own. Charging all parts' units in one burst would make them march in step forever, and refuse
 * calls no single part makes (a page's 500 claims times 64 parts on one partition at once).
 */
export class Bucket {
  private tokens: number;
  private at: number;
  private hotSince: number | undefined;
  private lastThrottle = Number.NEGATIVE_INFINITY;
  /** Units a second the part run in full has lately taken (an exponentially weighted average). */
  private recentRate = 0;
  /** Times the bucket was split to twice its rate (DynamoDB's split for heat). */
  splits = 0;
  throttles = 0;
  /** Units taken, the mirrored parts' included. */
  used = 0;

  constructor(
    private rate: number,
    private readonly burst: number,
    private readonly clock: VirtualClock,
    /** Seconds of sustained throttling after which the partition splits; Infinity never. */
    private readonly splitAfterSeconds = Number.POSITIVE_INFINITY,
    /** Parts each call stands for: 1 when every part runs in full. */
    private readonly weight = 1,
  ) {
    this.tokens = burst;
    this.at = clock.time;
  }

  /** Takes `own` units for the call, and its mirrored parts' beside it; false (a throttle) when there are not enough. */
  take(own: number): boolean {
    const now = this.clock.time;
    const seconds = (now - this.at) / 1000;
    this.at = now;
    if (seconds > 0 && this.weight > 1) {
      // The other parts' steady drain over the interval, the average decaying as it goes.
      const decay = Math.exp(-seconds / MIRROR_SMOOTHING_SECONDS);
      const drained = (this.weight - 1) * this.recentRate * MIRROR_SMOOTHING_SECONDS * (1 - decay);
      this.recentRate *= decay;
      this.tokens -= drained;
      this.used += drained;
    }
    this.tokens = Math.min(Math.max(this.burst, this.rate), this.tokens + seconds * this.rate);
    // Throttled mirrored parts would retry, not fall ever further behind: the debt is at most a burst.
    this.tokens = Math.max(this.tokens, -Math.max(this.burst, this.rate));
    if (this.tokens >= own) {
      this.tokens -= own;
      this.used += own;
      if (this.weight > 1) this.recentRate += own / MIRROR_SMOOTHING_SECONDS;
      if (now - this.lastThrottle > 10_000) this.hotSince = undefined;
      return true;
    }
    this.throttles++;
    if (now - this.lastThrottle > 10_000 || this.hotSince === undefined) this.hotSince = now;
    this.lastThrottle = now;
    if (now - this.hotSince >= this.splitAfterSeconds * 1000) {
      this.rate *= 2;
      this.splits++;
      this.hotSince = now;
    }
    return false;
  }
}

/** What the SDK would do around a call: retry throttles and server faults with backoff, `attempts` in all. */
async function withSdkRetry<T>(
  clock: VirtualClock,
  random: () => number,
  attempts: number,
  call: () => Promise<T>,
  isThrottle: (error: unknown) => boolean,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (!isThrottle(error) || attempt >= attempts) throw error;
      await clock.sleep(random() * Math.min(SDK_MAX_BACKOFF_MS, SDK_THROTTLE_BASE_MS * 2 ** attempt));
    }
  }
}

/** A 64-bit-ish key of a hex hash (its first 13 digits), stored in an open-addressing table: 10 million markers in 128 MB. */
class HashSet {
  private table: Float64Array;
  private mask: number;
  size = 0;

  constructor(capacityPow2: number) {
    this.table = new Float64Array(capacityPow2);
    this.mask = capacityPow2 - 1;
  }

  private static key(hex: string): number {
    return Number.parseInt(hex.slice(0, 13), 16) + 1;
  }

  private slot(key: number): number {
    return (Math.imul((key % 0x7fffffff) | 0, 0x9e3779b1) ^ Math.floor(key / 0x100000000)) & this.mask;
  }

  /** Adds `hex`; false when it was there. */
  add(hex: string): boolean {
    const key = HashSet.key(hex);
    let i = this.slot(key);
    let tombstone = -1;
    for (;;) {
      const held = this.table[i]!;
      if (held === 0) break;
      if (held === key) return false;
      if (held === -1 && tombstone < 0) tombstone = i;
      i = (i + 1) & this.mask;
    }
    this.table[tombstone >= 0 ? tombstone : i] = key;
    this.size++;
    if (this.size * 10 > this.table.length * 7) throw new Error('The simulated marker table is full');
    return true;
  }

  delete(hex: string): void {
    const key = HashSet.key(hex);
    let i = this.slot(key);
    for (;;) {
      const held = this.table[i]!;
      if (held === 0) return;
      if (held === key) {
        this.table[i] = -1;
        this.size--;
        return;
      }
      i = (i + 1) & this.mask;
    }
  }
}

/** One account of the generated directory; the same index always gives the same account. */
export interface GeneratedAccount {
  email: string;
  locale: 'de' | 'en';
  active: boolean;
  bounced: boolean;
}

/** Shares of the generated directory, as the emulator benchmark seeds it. */
export const DIRECTORY_SHARES = { deactivated: 0.05, german: 0.55, bounced: 0.005 };

/** A number in [0, 1) from an integer, well mixed (a 32-bit finaliser). */
function unit(n: number): number {
  let h = n | 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) / 4294967296;
}

/** Whether account `index` is active, and whether its address bounced, without building the account. */
export function generatedStatus(index: number, seed: number): { active: boolean; bounced: boolean } {
  const active = unit(index * 3 + seed) >= DIRECTORY_SHARES.deactivated;
  return { active, bounced: active && unit(index * 3 + 2 + seed * 13) < DIRECTORY_SHARES.bounced };
}

/** Account `index` of a directory generated from `seed`: nothing is stored. */
export function generatedAccount(index: number, seed: number): GeneratedAccount {
  return {
    email: `u${index}@example.com`,
    locale: unit(index * 3 + 1 + seed * 7) < DIRECTORY_SHARES.german ? 'de' : 'en',
    ...generatedStatus(index, seed),
  };
}

export const accountIndex = (email: string): number => Number(email.slice(1, email.indexOf('@')));

export interface SimCounters {
  readUnits: number;
  writeUnits: number;
  dynamoCalls: number;
  dynamoThrottles: number;
  sesCalls: number;
  sesThrottles: number;
  sesQuotaRefusals: number;
}

export interface DynamoSimOptions {
  clock: VirtualClock;
  random: () => number;
  latency: Latencies;
  accounts: number;
  seed: number;
  tables: { directory: string; suppressions: string; markers: string; policies: string };
  /** Hashes of the bounced addresses, as the suppression list holds them. */
  bouncedHashes: ReadonlySet<string>;
  counters: SimCounters;
  /** Seconds of sustained throttling before a hot partition splits (DynamoDB's split for heat). */
  splitAfterSeconds: number;
  /** Attempts the SDK makes (the document client's default: 3). */
  attempts: number;
  /**
   * Parts of the campaign each simulated call stands for: the parts not run in full are mirrored as
   * the same load on every shared limit (1 when every part runs in full).
   */
  weight: number;
}

/** DynamoDB as the campaign uses it, one `send` for every table. */
export class DynamoSim {
  private readonly markers: HashSet;
  private readonly items = new Map<string, Record<string, unknown>>();
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly options: DynamoSimOptions) {
    let capacity = 1024;
    while (capacity < options.accounts * 1.6) capacity *= 2;
    this.markers = new HashSet(capacity);
  }

  /** The document client the real adapters are handed. */
  get client(): DynamoDBDocumentClient {
    return { send: (command: unknown) => this.send(command) } as unknown as DynamoDBDocumentClient;
  }

  /** Markers claimed and not given back. */
  get markerCount(): number {
    return this.markers.size;
  }

  /** The bucket of one partition: the markers of a campaign share one partition key (the version). */
  partition(table: string, key: string, units: 'read' | 'write'): Bucket {
    const id = `${table}|${key}|${units}`;
    let bucket = this.buckets.get(id);
    if (!bucket) {
      const rate = units === 'write' ? PARTITION_WCU : PARTITION_RCU;
      bucket = new Bucket(rate, rate, this.options.clock, this.options.splitAfterSeconds, this.options.weight);
      this.buckets.set(id, bucket);
    }
    return bucket;
  }

  /** Every partition that throttled, with how often and how far it split. */
  hotPartitions(): { id: string; throttles: number; splits: number }[] {
    return [...this.buckets.entries()].filter(([, b]) => b.throttles > 0).map(([id, b]) => ({ id, throttles: b.throttles, splits: b.splits }));
  }

  private async send(command: unknown): Promise<unknown> {
    const { clock, random, attempts } = this.options;
    return withSdkRetry(
      clock,
      random,
      attempts,
      () => this.once(command),
      (error) => error instanceof ProvisionedThroughputExceededException,
    );
  }

  private consume(bucket: Bucket, ownUnits: number, kind: 'read' | 'write'): void {
    const units = ownUnits * this.options.weight;
    this.options.counters.dynamoCalls += this.options.weight;
    if (!bucket.take(ownUnits)) {
      this.options.counters.dynamoThrottles++;
      throw new ProvisionedThroughputExceededException({
        message:
          'The level of configured provisioned throughput for the table was exceeded. Consider increasing your provisioning level with the UpdateTable API.',
        $metadata: { httpStatusCode: 400 },
      });
    }
    if (kind === 'read') this.options.counters.readUnits += units;
    else this.options.counters.writeUnits += units;
  }

  private async once(command: unknown): Promise<unknown> {
    const { clock, latency, tables } = this.options;
    if (command instanceof ScanCommand) {
      const input = command.input;
      const limit = input.Limit ?? 500;
      const of = input.TotalSegments ?? 1;
      const segment = input.Segment ?? 0;
      const from = Math.floor((segment * this.options.accounts) / of);
      const to = Math.floor(((segment + 1) * this.options.accounts) / of);
      const start = input.ExclusiveStartKey ? Number(String(input.ExclusiveStartKey.accountId).slice(1)) + 1 : from;
      const end = Math.min(to, start + limit);
      // About 100 bytes an account, eventually consistent: half a unit per 4 KB read.
      this.consume(this.partition(tables.directory, 'all', 'read'), Math.ceil(((end - start) * 100) / 4096) / 2, 'read');
      await clock.sleep(latency.scanPage);
      const items: Record<string, unknown>[] = [];
      for (let i = start; i < end; i++) {
        const account = generatedAccount(i, this.options.seed);
        if (account.active) items.push({ email: account.email, locale: account.locale, status: 'active' });
      }
      // As DynamoDB does, a page that reached its limit hands back a key even when nothing follows.
      const more = end < to || (end > start && end - start === limit);
      return { Items: items, ...(more ? { LastEvaluatedKey: { accountId: `u${end - 1}` } } : {}) };
    }
    if (command instanceof BatchGetCommand) {
      const request = command.input.RequestItems![tables.suppressions]!;
      const keys = (request.Keys ?? []) as { subjectHash: string }[];
      // Each key is read on its own, found or not: a unit strongly consistent, half a unit eventually
      // consistent (items under 4 KB); the list is small enough for one partition.
      this.consume(this.partition(tables.suppressions, 'all', 'read'), keys.length * (request.ConsistentRead ? 1 : 0.5), 'read');
      await clock.sleep(latency.batchGet);
      const found = keys.filter((k) => this.options.bouncedHashes.has(k.subjectHash)).map((k) => ({ subjectHash: k.subjectHash, reason: 'bounce' }));
      return { Responses: { [tables.suppressions]: found } };
    }
    if (command instanceof PutCommand) {
      const item = command.input.Item!;
      this.consume(this.partition(tables.markers, String(item.version), 'write'), 1, 'write');
      await clock.sleep(latency.putItem);
      if (!this.markers.add(String(item.subjectHash))) {
        throw new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: { httpStatusCode: 400 } });
      }
      return {};
    }
    if (command instanceof BatchWriteCommand) {
      const requests = command.input.RequestItems![tables.markers] ?? [];
      const perPartition = new Map<string, number>();
      for (const request of requests) {
        const key = String(request.DeleteRequest!.Key!.version);
        perPartition.set(key, (perPartition.get(key) ?? 0) + 1);
      }
      for (const [key, units] of perPartition) this.consume(this.partition(tables.markers, key, 'write'), units, 'write');
      await clock.sleep(latency.batchWrite);
      for (const request of requests) this.markers.delete(String(request.DeleteRequest!.Key!.subjectHash));
      return {};
    }
    if (command instanceof GetCommand) {
      const key = String(command.input.Key!.version);
      this.consume(this.partition(tables.policies, key, 'read'), 1, 'read');
      await clock.sleep(latency.getItem);
      const item = this.items.get(key);
      return item ? { Item: structuredClone(item) } : {};
    }
    if (command instanceof UpdateCommand) {
      const input = command.input;
      const key = String(input.Key!.version);
      this.consume(this.partition(tables.policies, key, 'write'), 1, 'write');
      await clock.sleep(latency.updateItem);
      const item = this.items.get(key);
      if (!item) throw new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: { httpStatusCode: 400 } });
      applyUpdate(item, input.UpdateExpression ?? '', input.ExpressionAttributeNames ?? {}, input.ExpressionAttributeValues ?? {});
      return { Attributes: structuredClone(item) };
    }
    throw new Error(`The simulated DynamoDB does not answer ${(command as object).constructor.name}`);
  }

  /** Puts an item of the policies table directly, as publishing would have. */
  seed(item: Record<string, unknown>): void {
    this.items.set(String(item.version), structuredClone(item));
  }
}

/** The update expressions the policy store writes: ADD counters, SET and REMOVE plain attributes. */
function applyUpdate(item: Record<string, unknown>, expression: string, names: Record<string, string>, values: Record<string, unknown>): void {
  const name = (token: string) => (token.startsWith('#') ? names[token]! : token);
  for (const clause of expression.split(/\s(?=ADD |SET |REMOVE )/)) {
    const [verb, ...rest] = clause.trim().split(' ');
    const parts = rest
      .join(' ')
      .split(',')
      .map((p) => p.trim());
    for (const part of parts) {
      if (verb === 'ADD') {
        const [field, value] = part.split(' ');
        item[name(field!)] = Number(item[name(field!)] ?? 0) + Number(values[value!]);
      } else if (verb === 'SET') {
        const [field, value] = part.split(' = ').map((t) => t.trim());
        item[name(field!)] = values[value!];
      } else if (verb === 'REMOVE') delete item[name(part)];
    }
  }
}

export interface SesSimOptions {
  clock: VirtualClock;
  random: () => number;
  latency: Latencies;
  /** Recipients a second SES accepts. */
  maxSendRate: number;
  /** Seconds of the rate SES lets through in a burst (at least one call of 50). */
  burstSeconds: number;
  /** Recipients in any 24 hours; Infinity for none. */
  dailyQuota: number;
  counters: SimCounters;
  /** One count per account index: how often it was handed over. */
  deliveries: Uint8Array;
  /** Attempts the SDK makes (the bulk mailer's client: 5). */
  attempts: number;
  /** Parts each simulated call stands for (see DynamoSimOptions.weight). */
  weight: number;
}

const DAY_MS = 24 * 3600 * 1000;

/** SES v2 SendBulkEmail with an account's maximum send rate and rolling 24-hour quota. */
export class SesSim {
  private readonly rate: Bucket;
  /** Recipients accepted per second, oldest first, over the last 24 hours. */
  private readonly window: { second: number; count: number }[] = [];
  private windowSum = 0;
  accepted = 0;

  constructor(private readonly options: SesSimOptions) {
    this.rate = new Bucket(
      options.maxSendRate,
      Math.max(50, options.maxSendRate * options.burstSeconds),
      options.clock,
      Number.POSITIVE_INFINITY,
      options.weight,
    );
  }

  get client(): SESv2Client {
    return { send: (command: unknown) => this.send(command) } as unknown as SESv2Client;
  }

  /** Recipients SES counts against the quota now. */
  sentLast24Hours(): number {
    this.expire();
    return this.windowSum;
  }

  private expire(): void {
    const oldest = Math.floor((this.options.clock.time - DAY_MS) / 1000);
    while (this.window.length > 0 && this.window[0]!.second <= oldest) this.windowSum -= this.window.shift()!.count;
  }

  private async send(command: unknown): Promise<unknown> {
    if (!(command instanceof SendBulkEmailCommand)) throw new Error('The simulated SES answers SendBulkEmail only');
    const { clock, random, attempts } = this.options;
    return withSdkRetry(
      clock,
      random,
      attempts,
      () => this.once(command.input),
      (error) => error instanceof TooManyRequestsException,
    );
  }

  private async once(input: SendBulkEmailCommandInput): Promise<unknown> {
    const { clock, latency, counters } = this.options;
    const entries = input.BulkEmailEntries ?? [];
    const weight = this.options.weight;
    counters.sesCalls += weight;
    await clock.sleep(latency.sendBulk);
    this.expire();
    // Room for this call's own destinations, the mirrored parts sending as many beside it.
    const room = Math.floor((this.options.dailyQuota - this.windowSum) / weight);
    if (room <= 0) {
      counters.sesQuotaRefusals++;
      throw new TooManyRequestsException({ message: 'Daily message quota exceeded.', $metadata: { httpStatusCode: 429 } });
    }
    if (!this.rate.take(entries.length)) {
      counters.sesThrottles++;
      throw new TooManyRequestsException({ message: 'Maximum sending rate exceeded.', $metadata: { httpStatusCode: 429 } });
    }
    const second = Math.floor(clock.time / 1000);
    let taken = 0;
    const results = entries.map((entry, index) => {
      if (taken >= room) return { Status: 'ACCOUNT_DAILY_QUOTA_EXCEEDED', Error: 'Daily message quota exceeded.' };
      taken++;
      const to = entry.Destination!.ToAddresses![0]!;
      const slot = accountIndex(to);
      this.options.deliveries[slot] = Math.min(255, this.options.deliveries[slot]! + 1);
      return { Status: 'SUCCESS', MessageId: `sim-${second}-${index}` };
    });
    if (taken < entries.length) counters.sesQuotaRefusals++;
    const last = this.window.at(-1);
    if (last && last.second === second) last.count += taken * weight;
    else this.window.push({ second, count: taken * weight });
    this.windowSum += taken * weight;
    this.accepted += taken * weight;
    return { BulkEmailEntryResults: results, $metadata: {} };
  }
}
