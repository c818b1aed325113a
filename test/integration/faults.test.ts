// Fault injection: 10% of the functions' DynamoDB, S3 and SES calls fail (throttled, broken, or
// carried out with the answer lost) while 1,000 requests go through intake, verification and
// fulfilment. The calling system and the subject retry as they would; afterwards no request is
// lost, each is closed or open where an operator sees it, and every audit chain verifies.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prng } from '../../bench/prng.js';
import { startLocalRuntime, type LocalRuntime } from '../../local/runtime.js';
import { mapConcurrent } from '../../shared/concurrency.js';
import { isFinal } from '../../shared/domain/lifecycle.js';
import type { RequestStatus, RequestType } from '../../shared/domain/request-model.js';
import { formPost, newestLinks } from '../support/mailbox.js';
import { checkStoreIntegrity } from '../support/store-integrity.js';

const API_KEY = 'faults-integration-key';
const REQUESTS = Number(process.env.FAULT_REQUESTS ?? 1_000);
const FAULT_RATE = 0.1;
const AT_ONCE = 20;
/**
 * How long a calling system keeps trying on 5xx, 429 or an in-flight 409 (following Retry-After):
 * longer than a call whose answer was lost can hold its Idempotency-Key (its function's timeout), twice.
 */
const CLIENT_PATIENCE_MS = 90_000;

const KINDS: readonly { type: RequestType; jurisdiction: 'gdpr' | 'ccpa'; scope?: object }[] = [
  { type: 'objection', jurisdiction: 'gdpr' },
  { type: 'access', jurisdiction: 'gdpr', scope: { access: 'categories' } },
  { type: 'sale-opt-out', jurisdiction: 'ccpa' },
  { type: 'marketing-opt-out', jurisdiction: 'gdpr' },
  { type: 'consent-withdrawal', jurisdiction: 'gdpr' },
];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Calls `attempt` until it answers below 500 and not 429 (nor 409 while an identical call is in flight). */
async function withRetries(attempt: () => Promise<Response>, retryConflict = false): Promise<{ response: Response; attempts: number }> {
  const giveUpAt = Date.now() + CLIENT_PATIENCE_MS;
  for (let n = 1; ; n += 1) {
    const response = await attempt().catch(() => undefined);
    const retry = !response || response.status >= 500 || response.status === 429 || (retryConflict && response.status === 409);
    if (!retry || Date.now() > giveUpAt) {
      if (!response) throw new Error(`no answer after ${n} attempts`);
      return { response, attempts: n };
    }
    const retryAfter = Number(response?.headers.get('retry-after') ?? Number.NaN);
    await response?.arrayBuffer();
    await sleep(Number.isFinite(retryAfter) ? retryAfter * 1000 : Math.min(2_000, 25 * 2 ** n));
  }
}

describe(`${REQUESTS} requests while ${FAULT_RATE * 100}% of DynamoDB, S3 and SES calls fail`, () => {
  let runtime: LocalRuntime;
  let documents: DynamoDBDocumentClient;

  const api = (path: string, init: RequestInit & { headers?: Record<string, string> } = {}) =>
    fetch(`${runtime.apiUrl}${path}`, { ...init, headers: { 'x-api-key': API_KEY, 'content-type': 'application/json', ...init.headers } });
  const verifyLinks = () => newestLinks(runtime, '/v1/verify/');

  beforeAll(async () => {
    runtime = await startLocalRuntime({
      port: 0,
      memory: true,
      apiKey: API_KEY,
      throttling: false,
      scheduleEveryMs: 0,
      faults: { rate: FAULT_RATE, random: prng(8) },
    });
  });

  afterAll(async () => {
    runtime?.faults?.setRate(0);
    await runtime?.workflows.idle();
    documents?.destroy();
    await runtime?.stop();
  });

  it('loses none: every request ends closed or open in plain sight, with an audit chain that verifies', async () => {
    // Prepare
    const subjects = Array.from({ length: REQUESTS }, (_, i) => ({ i, email: `fault.${i}@example.net`, ...KINDS[i % KINDS.length]! }));

    // Act 1: the calling system files each request, retrying with the same Idempotency-Key
    const started = performance.now();
    const phases: string[] = [];
    const phase = (name: string) => phases.push(`${name} ${((performance.now() - started) / 1000).toFixed(1)} s`);
    const filed = await mapConcurrent(subjects, AT_ONCE, async (subject) => {
      const body = JSON.stringify({
        type: subject.type,
        jurisdiction: subject.jurisdiction,
        subject: { email: subject.email },
        ...(subject.scope ? { scope: subject.scope } : {}),
      });
      const { response } = await withRetries(() => api('/v1/requests', { method: 'POST', body, headers: { 'idempotency-key': `fault-${subject.i}` } }), true);
      const answer = (await response.json()) as { id?: string; status?: RequestStatus; duplicateOf?: string; detail?: string };
      return { ...subject, http: response.status, id: answer.id, status: answer.status, detail: answer.detail };
    });
    phase('filed');
    // Act 2: where no link arrived (the mail failed), the calling system asks for it again
    const needLink = filed.filter((r) => r.status === 'awaiting-verification');
    let links = await verifyLinks();
    for (let round = 0; round < 3 && needLink.some((r) => !links.has(r.email)); round += 1) {
      await mapConcurrent(
        needLink.filter((r) => !links.has(r.email)),
        AT_ONCE,
        (r) => withRetries(() => api(`/v1/requests/${r.id}/verification-link`, { method: 'POST' })),
      );
      links = await verifyLinks();
    }
    phase('links');
    // Act 3: each subject confirms, pressing the button again when the page says something failed
    const confirmed = await mapConcurrent(
      needLink.filter((r) => links.has(r.email)),
      AT_ONCE,
      async (r) => (await withRetries(() => fetch(links.get(r.email)!, formPost({ confirm: 'yes' })))).response.status,
    );
    phase('confirmed');
    await runtime.workflows.idle();
    phase('fulfilled');
    const injected = runtime.faults!.counts();
    runtime.faults!.setRate(0);
    documents = DynamoDBDocumentClient.from(new DynamoDBClient({}));
    // A run that failed for good leaves its request failed (or, should its error path fail too, verified or in
    // progress with no run going), for an operator: who resumes it, as they would.
    const stalled: readonly RequestStatus[] = ['failed', 'verified', 'in-progress'];
    const failed = (await checkStoreIntegrity(documents, { allowInFlight: true })).requests.filter((r) => stalled.includes(r.status));
    const resumed = await mapConcurrent(failed, AT_ONCE, async (r) => (await api(`/v1/requests/${r.id}/resume`, { method: 'POST' })).status);
    await runtime.workflows.idle();
    phase(`resumed ${failed.length}`);
    const integrity = await checkStoreIntegrity(documents, { allowInFlight: true });
    const statuses = new Map<string, number>();
    for (const request of integrity.requests) statuses.set(request.status, (statuses.get(request.status) ?? 0) + 1);
    const answered = new Map<number, number>();
    for (const status of confirmed) answered.set(status, (answered.get(status) ?? 0) + 1);

    // Assess
    console.log(`faults: ${phases.join(', ')}`);
    console.log(
      `faults: injected ${JSON.stringify(injected)}; requests by status ${JSON.stringify(Object.fromEntries(statuses))}; confirmations answered ${JSON.stringify(Object.fromEntries(answered))}`,
    );
    // 200 is the answer of a retry whose first attempt was filed though its answer was lost: that request, as duplicateOf.
    expect(filed.filter((r) => (r.http !== 202 && r.http !== 200) || !r.id).map((r) => `${r.http} ${r.detail}`)).toEqual([]);
    expect(resumed.filter((status) => status !== 200)).toEqual([]);
    expect(integrity.defects).toEqual([]);
    const stored = new Map(integrity.requests.map((r) => [r.id, r]));
    expect(filed.filter((r) => !stored.has(r.id!))).toEqual([]);
    expect(integrity.requests).toHaveLength(REQUESTS);
    const open = integrity.requests.filter((r) => !isFinal(r.status));
    expect(open.map((r) => `${r.id} ${r.status}`)).toEqual([]);
    // Every subject was told how their request ended.
    expect(integrity.requests.filter((r) => r.fulfilment && !r.fulfilment.noticeSentAt).map((r) => r.id)).toEqual([]);
  }, 560_000);
});
