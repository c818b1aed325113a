// `npm run report-backfill [-- --json]`: counts the requests filed before the report aggregates were
// kept, each once (a mark on the request in the same transaction), so it may run again at any time;
// and marks open requests written before the console's queue index for it.
import { parseArgs } from 'node:util';
import { redactPersonalData } from '../shared/logger.js';
import type { BackfillResult } from '../shared/reports/backfill.js';
import { LOCAL_OPTIONS, onLocalData, wantsLocal } from './local-command.js';

const USAGE = `Usage: npm run report-backfill -- [--json] [--local [--data-dir <dir>]]
  --json             print the result as JSON
  --local            run against the local runtime's data: the running \`npm start\` if there is one,
                     else its persisted data (the default when neither AWS_ENDPOINT_URL_DYNAMODB nor
                     AWS_PROFILE / AWS_ACCESS_KEY_ID is set)
  --data-dir <dir>   where that data lives (default: .data/ in the project)
Against AWS it reads REQUESTS_TABLE and AUDIT_TABLE; it needs read and write on the requests table.`;

const { values } = parseArgs({ options: { json: { type: 'boolean', default: false }, ...LOCAL_OPTIONS } });
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}

async function backfill(): Promise<BackfillResult> {
  // Imported only now: the wiring reads the settings the local runtime sets.
  const { backfillAggregates } = await import('../shared/reports/backfill.js');
  const { requestStore } = await import('../functions/wiring/requests.js');
  return backfillAggregates(requestStore());
}

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
let exitCode = 0;
try {
  const result = wantsLocal(values) ? await onLocalData(values['data-dir'], backfill, { quiet: values.json }) : await backfill();
  console.log(
    values.json
      ? JSON.stringify(result, null, 2)
      : [
          `Read ${result.read} requests: counted ${result.counted} now, ${result.already} were counted already; ${result.queued} open ones marked for the console's queue.`,
          ...(result.skipped.length ? [`Written meanwhile, left for the next run (${result.skipped.length}):`, ...result.skipped.map((id) => `  ${id}`)] : []),
        ].join('\n'),
  );
  if (result.skipped.length) exitCode = 1;
} catch (error) {
  console.error(`report-backfill failed: ${error instanceof Error ? `${error.name}: ${redactPersonalData(error.message)}` : 'unknown error'}`);
  exitCode = 1;
}
process.exit(exitCode);
