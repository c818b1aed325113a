// `npm run sweep [-- --near-days 5] [--json]`: runs the deadline sweep once and prints its report:
// open requests per status and the ids of overdue, unacknowledged, near-deadline and newly expired requests. Ids only.
import { LOCAL_OPTIONS, onLocalData, wantsLocal } from './local-command.js';
import { parseArgs } from 'node:util';
import { formatTable } from '../bench/table.js';
import { settings } from '../shared/config.js';
import { redactPersonalData } from '../shared/logger.js';
import type { SweepReport } from '../shared/requests/deadline-sweep.js';

const USAGE = `Usage: npm run sweep -- [--near-days <n>] [--json] [--local [--data-dir <dir>]]
  --near-days <n>    report requests due within n days as near their deadline (default 5, or NEAR_DEADLINE_DAYS)
  --json             print the report as JSON
  --local            run against the local runtime's data: the running \`npm start\` if there is one,
                     else its persisted data (the default when neither AWS_ENDPOINT_URL_DYNAMODB nor
                     AWS_PROFILE / AWS_ACCESS_KEY_ID is set)
  --data-dir <dir>   where that data lives (default: .data/ in the project)
Against AWS it reads REQUESTS_TABLE, AUDIT_TABLE, SENDER_ADDRESS and CONTROLLER (expiry notices are mailed).`;

const { values } = parseArgs({
  options: {
    'near-days': { type: 'string' },
    json: { type: 'boolean', default: false },
    ...LOCAL_OPTIONS,
  },
});
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const nearDays = values['near-days'] === undefined ? undefined : Number(values['near-days']);
if (nearDays !== undefined && !settings.nearDeadlineDays.schema.safeParse(values['near-days']).success) {
  console.error(`--near-days must be a whole number from 0 to 90\n\n${USAGE}`);
  process.exit(2);
}
const local = wantsLocal(values);

function report(result: SweepReport): string {
  const ids = (label: string, list: readonly string[]) => `${label} (${list.length})${list.length ? `:\n  ${list.join('\n  ')}` : ''}`;
  return [
    `Deadline sweep at ${result.sweptAt}; near deadline means due within ${result.nearDeadlineDays} days.`,
    '',
    formatTable(
      [
        { header: 'open status', align: 'left' },
        { header: 'requests', align: 'right' },
      ],
      Object.entries(result.open).map(([status, count]) => [status, String(count)]),
    ),
    '',
    ids('Overdue', result.overdue),
    ids('Acknowledgement overdue (no confirmation of receipt sent in time)', result.acknowledgementOverdue),
    ids('Near deadline', result.nearDeadline),
    ids('Expired now (verification window passed)', result.expired),
    ...(result.deferred.length ? [ids('Changed during the sweep, left for the next one', result.deferred)] : []),
  ].join('\n');
}

async function sweep(): Promise<SweepReport> {
  // Imported only now: the wiring reads the settings the local runtime sets.
  const { sweepDeadlines } = await import('../shared/requests/deadline-sweep.js');
  const { sweepDeps } = await import('../functions/wiring/operator.js');
  const deps = sweepDeps();
  return sweepDeadlines({ ...deps, nearDeadlineDays: nearDays ?? deps.nearDeadlineDays });
}

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
// EMF lines from a command reach no CloudWatch; the scheduled function is what feeds the metrics.
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
let exitCode = 0;
try {
  const result = local ? await onLocalData(values['data-dir'], sweep, { quiet: values.json }) : await sweep();
  console.log(values.json ? JSON.stringify(result, null, 2) : report(result));
} catch (error) {
  console.error(`sweep failed: ${error instanceof Error ? `${error.name}: ${redactPersonalData(error.message)}` : 'unknown error'}`);
  exitCode = 1;
}
process.exit(exitCode);
