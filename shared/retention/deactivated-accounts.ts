// Accounts reported deactivated are erased once their grace period has passed: a deletion in every
// system through the built-in connectors, with the retention rules deletion fulfilment applies.
import { sharedDocumentClient } from '../aws/dynamodb.js';
import { type DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { logger } from '../logger.js';
import { subjectHash } from '../subject.js';
import { hasBuiltInConnector, runBuiltInConnector, type ConnectorContext } from '../fulfilment/connectors/connector.js';
import type { DataSystem, Outcome } from '../fulfilment/model.js';
import { planFulfilment } from '../fulfilment/plan.js';
import { accountEntryId, type RetentionEntry, type RetentionLog, type RetentionOutcome, type RetentionSystemOutcome } from './retention-log.js';

const DAY_MS = 24 * 3600 * 1000;

/** A deactivated account as the directory reports it. Never logged. */
export interface DeactivatedAccount {
  accountId: string;
  email: string;
  /** ISO 8601; absent when the directory does not say when. */
  deactivatedAt?: string;
}

export interface DeactivatedAccountSource {
  deactivated(): AsyncIterable<DeactivatedAccount>;
}

/** The company's account directory (a DynamoDB table with `status` and `deactivatedAt` attributes): its deactivated accounts. */
export class DynamoDeactivatedAccounts implements DeactivatedAccountSource {
  private readonly documents: DynamoDBDocumentClient;

  constructor(
    private readonly tableName: string,
    client?: DynamoDBDocumentClient,
  ) {
    this.documents = client ?? sharedDocumentClient();
  }

  async *deactivated(): AsyncGenerator<DeactivatedAccount> {
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await this.documents.send(
        new ScanCommand({
          TableName: this.tableName,
          FilterExpression: '#status = :deactivated',
          ProjectionExpression: 'accountId, email, deactivatedAt',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':deactivated': 'deactivated' },
          ExclusiveStartKey,
        }),
      );
      for (const item of page.Items ?? []) {
        if (typeof item.accountId !== 'string') continue;
        yield {
          accountId: item.accountId,
          email: typeof item.email === 'string' ? item.email : '',
          ...(typeof item.deactivatedAt === 'string' ? { deactivatedAt: item.deactivatedAt } : {}),
        };
      }
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
  }
}

export interface AccountRetentionDeps {
  accounts: DeactivatedAccountSource;
  systems: { list(): Promise<DataSystem[]> };
  connectors: ConnectorContext;
  log: RetentionLog;
  hashKey: () => Promise<Buffer>;
  graceDays: number;
  now: () => Date;
  newRunId: () => string;
}

/** What one run did. Counts only: nothing here names a person. */
export interface AccountRetentionSummary {
  deactivated: number;
  /** Still inside the grace period. */
  waiting: number;
  /** The directory does not say when: left alone. */
  undated: number;
  /** Erased by an earlier run. */
  alreadyErased: number;
  erased: number;
  /** A system failed: the next run tries these again. */
  incomplete: number;
  /** Records erased in all systems. */
  records: number;
}

/** An erasure's outcome: "not applicable" answers only an objection, never a deletion. */
function erasureOutcome(outcome: Outcome): Exclude<RetentionOutcome, 'left-to-system'> {
  if (outcome === 'not-applicable') throw new Error('An erasure has no not-applicable outcome');
  return outcome;
}

/** One account's deletion in every system, as deletion fulfilment plans it. */
async function eraseAccount(
  account: DeactivatedAccount,
  runId: string,
  systems: readonly DataSystem[],
  deps: AccountRetentionDeps,
): Promise<RetentionSystemOutcome[]> {
  const plan = planFulfilment({ requestId: runId, type: 'deletion' }, systems, deps.newRunId);
  const outcomes: RetentionSystemOutcome[] = plan.decided.map(({ systemId, outcome, records }) => ({ systemId, outcome: erasureOutcome(outcome), records }));
  for (const task of plan.tasks) {
    const system = systems.find((s) => s.systemId === task.systemId)!;
    if (!hasBuiltInConnector(system)) {
      outcomes.push({ systemId: system.systemId, outcome: 'left-to-system', records: 0 });
      continue;
    }
    const { outcome, records, error } = await runBuiltInConnector(
      { requestId: runId, system, action: task.action, subject: { email: account.email, accountId: account.accountId } },
      deps.connectors,
    );
    outcomes.push({ systemId: system.systemId, outcome: erasureOutcome(outcome), records, ...(error ? { error } : {}) });
  }
  return outcomes.sort((a, b) => a.systemId.localeCompare(b.systemId));
}

/**
 * Erases every deactivated account whose grace period has passed and that no earlier run erased,
 * in every system of the inventory (records a retention rule keeps stay, as in deletion
 * fulfilment), and logs each erasure. The deletion ledger gets each erasure too, so a backup
 * restore is erased again. Throws only for failures no account can get past (the directory or
 * the inventory unreadable); an account whose erasure fails is counted and tried again next run.
 */
export async function eraseDeactivatedAccounts(deps: AccountRetentionDeps): Promise<AccountRetentionSummary> {
  const summary: AccountRetentionSummary = { deactivated: 0, waiting: 0, undated: 0, alreadyErased: 0, erased: 0, incomplete: 0, records: 0 };
  const now = deps.now();
  const cutoff = now.getTime() - deps.graceDays * DAY_MS;
  const key = await deps.hashKey();
  let systems: DataSystem[] | undefined;
  for await (const account of deps.accounts.deactivated()) {
    summary.deactivated += 1;
    const since = account.deactivatedAt === undefined ? Number.NaN : Date.parse(account.deactivatedAt);
    if (Number.isNaN(since)) {
      summary.undated += 1;
      continue;
    }
    if (since > cutoff) {
      summary.waiting += 1;
      continue;
    }
    const entryId = accountEntryId(subjectHash(key, account.accountId));
    if (await deps.log.get(entryId)) {
      summary.alreadyErased += 1;
      continue;
    }
    systems ??= await deps.systems.list();
    const runId = deps.newRunId();
    let outcomes: RetentionSystemOutcome[];
    try {
      outcomes = await eraseAccount(account, runId, systems, deps);
    } catch (error) {
      // A transient failure in one account must not hold up the others; the next run retries it.
      logger.warn('Erasing a deactivated account failed; the next run retries it', { runId, error: error instanceof Error ? error.name : 'unknown' });
      summary.incomplete += 1;
      continue;
    }
    const erased = outcomes.reduce((sum, o) => sum + (o.outcome === 'done' ? o.records : 0), 0);
    summary.records += erased;
    if (outcomes.some((o) => o.outcome === 'failed')) {
      logger.warn('A deactivated account was erased only in part; the next run retries it', { runId, outcomes });
      summary.incomplete += 1;
      continue;
    }
    const entry: RetentionEntry = {
      entryId,
      kind: 'account',
      runId,
      erasedAt: deps.now().toISOString(),
      accountHash: subjectHash(key, account.accountId),
      systems: outcomes,
      erased,
    };
    await deps.log.putOnce(entry);
    logger.info('Deactivated account erased after its grace period', { runId, erased, outcomes });
    summary.erased += 1;
  }
  return summary;
}
