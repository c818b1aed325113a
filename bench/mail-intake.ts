// Email intake: how the rules read the labelled corpus (test/fixtures/mail), and what taking in a
// 25 MB mail costs. The corpus figures are the rules alone; the large mail is stored in the local S3
// emulator and taken in by the intake function in a fresh child process (parse, understand, file,
// answer), whose RSS is sampled every 20 ms, so neither the emulators nor the mail's making count.
// Run alone with `npx tsx bench/mail-intake.ts`.
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { startLocalRuntime } from '../local/runtime.js';
import { createS3Client } from '../shared/aws/s3.js';
import { sesRawKey } from '../shared/intake/ses-receipt.js';
import { buckets } from '../shared/resources.js';
import { classifyCorpus, largeMail, type CorpusFigures } from '../test/support/mail-corpus.js';
import { measureInChildProcess } from './child.js';
import { goalLine, type GoalResult, type SectionReport } from './goals.js';
import { formatTable } from './table.js';

/** The goals of issue 17: nothing filed wrongly, at most a tenth of the corpus to a person. */
export const GOAL_WRONGLY_FILED = 0;
export const GOAL_TRIAGE_SHARE = 0.1;
/** Size of the large mail, in MB. */
export const LARGE_MAIL_MB = 25;

const MB = 1_000_000;
const SAMPLE_MS = 20;
const RESULT_MARKER = 'bench:mail-intake=';
const THIS_FILE = fileURLToPath(import.meta.url);

/** What the child measured while the intake function took the large mail in. */
interface ChildMeasurement {
  baselineRss: number;
  peakRss: number;
  maxRss: number;
  seconds: number;
  outcome: string;
  requests: number;
}

export interface MailIntakeResult {
  corpus: CorpusFigures;
  large: ChildMeasurement & { bytes: number };
}

/** Reads the corpus with the rules, then takes the large mail in through a fresh local runtime. */
export async function measureMailIntake(): Promise<MailIntakeResult> {
  const corpus = await classifyCorpus();
  const runtime = await startLocalRuntime({ port: 0, memory: true, scheduleEveryMs: 0, accessLog: () => undefined });
  try {
    const raw = largeMail(LARGE_MAIL_MB);
    const messageId = `bench-${randomUUID()}`;
    const s3 = createS3Client();
    await s3.send(new PutObjectCommand({ Bucket: buckets.data.localName, Key: sesRawKey(messageId), Body: raw, ContentType: 'message/rfc822' }));
    s3.destroy();
    console.error(`bench: taking in a ${(raw.byteLength / MB).toFixed(1)} MB mail in a child process`);
    const measured = await measureInChildProcess<ChildMeasurement>(THIS_FILE, [messageId], {
      marker: RESULT_MARKER,
      label: 'mail intake',
      nodeArgs: ['--expose-gc'],
    });
    return { corpus, large: { ...measured, bytes: raw.byteLength } };
  } finally {
    await runtime.stop();
  }
}

const percent = (part: number, whole: number) => `${((100 * part) / whole).toFixed(1)}%`;
const mb = (bytes: number) => (bytes / MB).toFixed(1);

/** The figures as the bench prints them: the corpus table, the large mail's table, and the goal lines. */
export function formatMailIntake(result: MailIntakeResult): SectionReport {
  const { corpus, large } = result;
  const goals: GoalResult[] = [
    {
      name: `mail intake, corpus of ${corpus.mails} mails: wrongly filed`,
      goal: `${GOAL_WRONGLY_FILED}`,
      measured: String(corpus.wronglyFiled),
      met: corpus.wronglyFiled <= GOAL_WRONGLY_FILED,
    },
    {
      name: `mail intake, corpus of ${corpus.mails} mails: share to a person (triage)`,
      goal: `≤ ${GOAL_TRIAGE_SHARE * 100}%`,
      measured: percent(corpus.toTriage, corpus.mails),
      met: corpus.toTriage <= GOAL_TRIAGE_SHARE * corpus.mails,
    },
  ];
  const columns = [
    { header: 'metric', align: 'left' as const },
    { header: 'value', align: 'right' as const },
  ];
  const text = [
    `Mail intake: the labelled corpus read by the rules, and a ${LARGE_MAIL_MB} MB mail taken in by the intake function, node ${process.version}`,
    formatTable(columns, [
      ['mails in the corpus', String(corpus.mails)],
      ['filed correctly', `${corpus.filedCorrectly} (${percent(corpus.filedCorrectly, corpus.mails)})`],
      ['to a person (triage, replies that ask)', `${corpus.toTriage} (${percent(corpus.toTriage, corpus.mails)})`],
      ['filed wrongly', `${corpus.wronglyFiled} (${percent(corpus.wronglyFiled, corpus.mails)})`],
      ['any outcome other than its label', corpus.mismatches.length ? corpus.mismatches.join(', ') : 'none'],
    ]),
    formatTable(columns, [
      ['large mail (MB)', mb(large.bytes)],
      ['outcome', `${large.outcome}, ${large.requests} request(s)`],
      ['parse and file (s)', large.seconds.toFixed(2)],
      ['baseline RSS (MB)', mb(large.baselineRss)],
      [`peak RSS, sampled every ${SAMPLE_MS} ms (MB)`, mb(large.peakRss)],
      ['peak RSS, OS high-water mark (MB)', mb(large.maxRss)],
      ['peak RSS − baseline (MB)', mb(large.peakRss - large.baselineRss)],
    ]),
    ...goals.map(goalLine),
  ].join('\n');
  return { text, goals };
}

/** The child: loads the intake function, settles, then takes the mail in while sampling its own RSS. */
async function child(messageId: string): Promise<void> {
  const { handler } = (await import('../functions/intake/receive-mail.handler.js')) as { handler: (event: unknown, context: unknown) => Promise<unknown> };
  const { tableName } = await import('../shared/config.js');
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  await new Promise((settle) => setTimeout(settle, 200));
  gc?.();
  const baselineRss = process.memoryUsage().rss;
  let peakRss = baselineRss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, SAMPLE_MS);
  const at = new Date().toISOString();
  const event = { Records: [{ eventSource: 'aws:ses', ses: { mail: { messageId, timestamp: at }, receipt: { timestamp: at } } }] };
  const context = { functionName: 'privacy-ops-receiveMail', awsRequestId: randomUUID(), getRemainingTimeInMillis: () => 120_000 };
  const started = performance.now();
  await handler(event, context);
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  const { DynamoDBDocumentClient, ScanCommand } = await import('@aws-sdk/lib-dynamodb');
  const { DynamoDBClient } = await import('@aws-sdk/client-dynamodb');
  const { Items } = await DynamoDBDocumentClient.from(new DynamoDBClient({})).send(
    new ScanCommand({ TableName: tableName('inbox'), FilterExpression: 'rawKey = :key', ExpressionAttributeValues: { ':key': sesRawKey(messageId) } }),
  );
  const record = Items?.[0] as { outcome?: string; requestIds?: string[] } | undefined;
  const measurement: ChildMeasurement = {
    baselineRss,
    peakRss,
    maxRss: process.resourceUsage().maxRSS * 1024,
    seconds,
    outcome: record?.outcome ?? 'none',
    requests: record?.requestIds?.length ?? 0,
  };
  process.stdout.write(`\n${RESULT_MARKER}${JSON.stringify(measurement)}\n`);
  process.exit(0);
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === THIS_FILE) {
  if (process.argv[2] === '--child') {
    await child(process.argv[3] ?? '');
  } else {
    console.log(formatMailIntake(await measureMailIntake()).text);
  }
}
