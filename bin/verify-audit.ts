// `npm run verify-audit -- --request <id> | --since <day>`: verifies audit chains against their keyed
// hashes and the daily anchors, and says where each broken chain breaks. Ids, days and seqs only.
import { LOCAL_OPTIONS, onLocalData, wantsLocal } from './local-command.js';
import { parseArgs } from 'node:util';
import type { AnchorRun } from '../shared/audit/anchor-chains.js';
import type { AuditVerification } from '../shared/audit/verify-audit.js';
import { redactPersonalData } from '../shared/logger.js';

const USAGE = `Usage: npm run verify-audit -- (--request <id> | --since <day>) [--anchor] [--json] [--local [--data-dir <dir>]]
  --request <id>     one request's chain, against every anchor since it was filed and the request's own head
  --since <day>      every chain written to from this UTC day (YYYY-MM-DD) on, against each day's anchor
  --anchor           first run the daily anchoring, which anchors each day since the last anchor up to yesterday
  --json             print the verification as JSON
  --local            run against the local runtime's data: the running \`npm start\` if there is one,
                     else its persisted data (the default when neither AWS_ENDPOINT_URL_DYNAMODB nor
                     AWS_PROFILE / AWS_ACCESS_KEY_ID is set)
  --data-dir <dir>   where that data lives (default: .data/ in the project)
Against AWS it reads REQUESTS_TABLE, AUDIT_TABLE, ANCHORS_BUCKET and AUDIT_KEY_ARN (kms:VerifyMac; --anchor needs kms:GenerateMac).
Exits 0 when everything holds, 1 when a chain or an anchor does not, 2 on a usage error.`;

const { values } = parseArgs({
  options: {
    request: { type: 'string' },
    since: { type: 'string' },
    anchor: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    ...LOCAL_OPTIONS,
  },
});
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
if ((values.request === undefined) === (values.since === undefined)) {
  console.error(`Give either --request or --since\n\n${USAGE}`);
  process.exit(2);
}
const local = wantsLocal(values);

function report(result: AuditVerification, run: AnchorRun | undefined): string {
  const lines: string[] = [];
  if (run) {
    lines.push(
      run.anchored.length
        ? `Anchored ${run.anchored.map((day) => `${day.day} (${day.chains} chains)`).join(', ')}.`
        : 'Anchoring: nothing to anchor, every day up to yesterday has its anchor.',
    );
  }
  lines.push(
    `Anchors ${result.from} to ${result.through}: ${result.anchors.checked} read, ${result.anchors.missing.length} missing, ${result.anchors.broken.length} broken.`,
  );
  if (result.anchors.missing.length) lines.push(`  missing (their writes are checked by keyed hash only): ${result.anchors.missing.join(', ')}`);
  for (const anchor of result.anchors.broken) lines.push(`  BROKEN ${anchor.day}: ${anchor.reason}`);
  lines.push(`Chains checked: ${result.checkedChains}.`);
  for (const chain of result.chains) {
    const anchored = chain.anchoredAt ? `, anchored through event ${chain.anchoredAt.seq} on ${chain.anchoredAt.day}` : ', not anchored yet';
    if (chain.purged) lines.push(`  ${chain.requestId}: past its purge time, not judged`);
    else if (chain.valid) lines.push(`  ${chain.requestId}: holds, ${chain.length} events${anchored}`);
    else lines.push(`  BROKEN ${chain.requestId} at event ${chain.brokenAt}: ${chain.reason}`);
  }
  lines.push(result.valid ? 'The audit trail holds.' : 'The audit trail does NOT hold.');
  return lines.join('\n');
}

async function verify(): Promise<{ result: AuditVerification; run?: AnchorRun }> {
  // Imported only now: the wiring reads the settings the local runtime sets.
  const { verifyAudit } = await import('../shared/audit/verify-audit.js');
  const { anchorChains } = await import('../shared/audit/anchor-chains.js');
  const { anchorDeps, verifyAuditDeps } = await import('../functions/wiring/audit.js');
  const now = new Date();
  const run = values.anchor ? await anchorChains(anchorDeps(now)) : undefined;
  const result = await verifyAudit(verifyAuditDeps(now), values.request !== undefined ? { requestId: values.request } : { since: values.since! });
  return { result, ...(run ? { run } : {}) };
}

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
let exitCode = 0;
try {
  const { result, run } = local ? await onLocalData(values['data-dir'], verify, { quiet: values.json }) : await verify();
  console.log(values.json ? JSON.stringify(run ? { anchoring: run, ...result } : result, null, 2) : report(result, run));
  if (!result.valid) exitCode = 1;
} catch (error) {
  const name = error instanceof Error ? error.name : 'unknown error';
  if (name === 'InvalidInputError' || name === 'NotFoundError') {
    console.error(`${redactPersonalData((error as Error).message)}\n\n${USAGE}`);
    exitCode = 2;
  } else {
    console.error(`verify-audit failed: ${error instanceof Error ? `${name}: ${redactPersonalData(error.message)}` : name}`);
    exitCode = 1;
  }
}
process.exit(exitCode);
