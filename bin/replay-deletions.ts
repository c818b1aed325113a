// `npm run replay-deletions -- --since 2026-01-01 [--local]`: after a backup restore, erases again
// what the deletion ledger says was erased since that date. Prints counts, never identifiers.
import { LOCAL_OPTIONS, onLocalData, wantsLocal } from './local-command.js';
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { formatTable } from '../bench/table.js';
import { createS3Client } from '../shared/aws/s3.js';
import { tableName } from '../shared/config.js';
import { redactPersonalData } from '../shared/logger.js';
import { DeletionLedger } from '../shared/fulfilment/deletion-ledger.js';
import type { DataSystem } from '../shared/fulfilment/model.js';
import { replayDeletions, type ReplayCount } from '../shared/fulfilment/replay-deletions.js';
import { subjectHashKey } from '../shared/secrets.js';

const USAGE = `Usage: npm run replay-deletions -- --since <date> [--local [--data-dir <dir>]]
  --since <date>     replay erasures made at or after this date (e.g. 2026-01-01)
  --local            run against the local runtime's persisted data (the default when neither
                     AWS_ENDPOINT_URL_DYNAMODB nor AWS_PROFILE / AWS_ACCESS_KEY_ID is set)
  --data-dir <dir>   where that data lives (default: .data/ in the project)
Against AWS it reads SYSTEMS_TABLE, LEDGER_TABLE and SUBJECT_HASH_SECRET_ARN.`;

const { values } = parseArgs({
  options: {
    since: { type: 'string' },
    ...LOCAL_OPTIONS,
  },
});
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
if (!values.since || !/^\d{4}-\d{2}-\d{2}/.test(values.since) || Number.isNaN(Date.parse(values.since))) {
  console.error(`--since must be a date such as 2026-01-01\n\n${USAGE}`);
  process.exit(2);
}
const since = new Date(values.since).toISOString();
const local = wantsLocal(values);

async function readSystems(documents: DynamoDBDocumentClient): Promise<DataSystem[]> {
  const systems: DataSystem[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await documents.send(new ScanCommand({ TableName: tableName('systems'), ExclusiveStartKey }));
    systems.push(...((page.Items ?? []) as DataSystem[]));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return systems.sort((a, b) => a.systemId.localeCompare(b.systemId));
}

function report(systems: readonly DataSystem[], counts: readonly ReplayCount[]): string {
  const rows = counts.map((count) => {
    const kind = systems.find((system) => system.systemId === count.systemId)?.connector.kind ?? '';
    return [count.systemId, kind, String(count.entries), String(count.checked), String(count.erased), count.error ?? ''];
  });
  const skipped = systems.filter((system) => !counts.some((count) => count.systemId === system.systemId));
  const table = formatTable(
    [
      { header: 'system', align: 'left' },
      { header: 'connector', align: 'left' },
      { header: 'ledger entries', align: 'right' },
      { header: 'checked', align: 'right' },
      { header: 'erased', align: 'right' },
      { header: 'error', align: 'left' },
    ],
    rows,
  );
  const note = skipped.length
    ? `\nNot replayed (no built-in connector; re-apply by hand or through the system): ${skipped.map((s) => `${s.systemId} (${s.connector.kind})`).join(', ')}`
    : '';
  return `${table}${note}`;
}

async function replay(): Promise<ReplayCount[]> {
  // Clients are made only now: the local runtime sets the endpoints they read.
  const documents = DynamoDBDocumentClient.from(new DynamoDBClient({}));
  const s3 = createS3Client();
  try {
    const systems = await readSystems(documents);
    const counts = await replayDeletions({
      since,
      systems,
      ledger: new DeletionLedger({ tableName: tableName('ledger'), client: documents }),
      documents,
      s3,
      hashKey: await subjectHashKey(),
    });
    console.log(`Replayed the deletion ledger since ${since}:\n`);
    console.log(report(systems, counts));
    return counts;
  } finally {
    documents.destroy();
    s3.destroy();
  }
}

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
let exitCode = 0;
try {
  if (local) await onLocalData(values['data-dir'], replay);
  else await replay();
} catch (error) {
  console.error(`replay-deletions failed: ${error instanceof Error ? `${error.name}: ${redactPersonalData(error.message)}` : 'unknown error'}`);
  exitCode = 1;
}
process.exit(exitCode);
