// `npm run retention [-- --grace-days 30]`: runs the account retention once, as the daily scheduled
// function does: deactivated accounts past their grace period are erased in every system. Prints counts only.
import { LOCAL_OPTIONS, onLocalData, wantsLocal } from './local-command.js';
import { parseArgs } from 'node:util';
import { formatTable } from '../bench/table.js';
import { AccountGraceDays, settings } from '../shared/config.js';
import { redactPersonalData } from '../shared/logger.js';
import type { AccountRetentionSummary } from '../shared/retention/deactivated-accounts.js';

const USAGE = `Usage: npm run retention -- [--grace-days <n>] [--local [--data-dir <dir>]]
  --grace-days <n>   erase accounts deactivated at least n days ago (default 30, or ACCOUNT_GRACE_DAYS)
  --local            run against the local runtime's data: the running \`npm start\` if there is one,
                     else its persisted data (the default when neither AWS_ENDPOINT_URL_DYNAMODB nor
                     AWS_PROFILE / AWS_ACCESS_KEY_ID is set)
  --data-dir <dir>   where that data lives (default: .data/ in the project)
Against AWS it reads ACCOUNT_DIRECTORY_TABLE, SYSTEMS_TABLE, LEDGER_TABLE, RETENTION_LOG_TABLE and SUBJECT_HASH_SECRET_ARN.`;

const { values } = parseArgs({
  options: {
    'grace-days': { type: 'string' },
    ...LOCAL_OPTIONS,
  },
});
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
if (values['grace-days'] !== undefined) {
  if (!/^\d+$/.test(values['grace-days']) || !AccountGraceDays.safeParse(values['grace-days']).success) {
    console.error(`--grace-days must be a whole number from 1 to 3650\n\n${USAGE}`);
    process.exit(2);
  }
  process.env[settings.accountGraceDays.envVar] = values['grace-days'];
}
const local = wantsLocal(values);

function report(summary: AccountRetentionSummary, graceDays: number): string {
  return [
    `Account retention: deactivated accounts are erased ${graceDays} days after deactivation.`,
    '',
    formatTable(
      [
        { header: 'deactivated accounts', align: 'left' },
        { header: 'count', align: 'right' },
      ],
      [
        ['found in the directory', String(summary.deactivated)],
        ['still in their grace period', String(summary.waiting)],
        ['without a deactivation date (left alone)', String(summary.undated)],
        ['erased by an earlier run', String(summary.alreadyErased)],
        ['erased now', String(summary.erased)],
        ['not erased completely (retried next run)', String(summary.incomplete)],
      ],
    ),
    '',
    `Records erased: ${summary.records}. Invoices and other data under a retention rule stay until their rule ends.`,
  ].join('\n');
}

async function run(): Promise<{ summary: AccountRetentionSummary; graceDays: number }> {
  // Imported only now: the wiring reads the settings the local runtime sets.
  const { eraseDeactivatedAccounts } = await import('../shared/retention/deactivated-accounts.js');
  const { accountRetentionDeps } = await import('../functions/wiring/retention.js');
  const deps = accountRetentionDeps();
  return { summary: await eraseDeactivatedAccounts(deps), graceDays: deps.graceDays };
}

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
let exitCode = 0;
try {
  const result = local ? await onLocalData(values['data-dir'], run) : await run();
  console.log(report(result.summary, result.graceDays));
  if (result.summary.incomplete > 0) exitCode = 1;
} catch (error) {
  console.error(`retention failed: ${error instanceof Error ? `${error.name}: ${redactPersonalData(error.message)}` : 'unknown error'}`);
  exitCode = 1;
}
process.exit(exitCode);
