import { beforeAll, describe, expect, it } from 'vitest';
import { CAMPAIGN_FUNCTIONS, campaignArnPlaceholder, campaignDefinition } from '../../shared/notifications/campaign-state-machine.js';

type State = { Type: string; Comment?: string; Retry?: { ErrorEquals: string[] }[]; Catch?: { ErrorEquals: string[]; Next: string }[]; Next?: string; Parameters?: { FunctionName?: string } };
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

// aws-local-stepfunctions relies on Promise.withResolvers, which Node 20 lacks.
const promiseStatics = Promise as unknown as { withResolvers?: () => unknown };
promiseStatics.withResolvers ??= () => {
  let resolve!: (value: unknown) => void;
  let reject!: (reason?: unknown) => void;
  const promise = new Promise((ok, fail) => {
    resolve = ok;
    reject = fail;
  });
  return { promise, resolve, reject };
};

let StateMachine: typeof import('aws-local-stepfunctions').StateMachine;

beforeAll(async () => {
  ({ StateMachine } = await import('aws-local-stepfunctions'));
});

const definition = campaignDefinition() as unknown as { StartAt: string; States: Record<string, State> };
const tasks = Object.entries(definition.States).filter(([, state]) => state.Type === 'Task');

/** Runs the definition with each function replaced by `steps`, waits shortened to nothing. */
async function run(steps: Record<string, (payload: Record<string, Json>) => Json>, input: Json) {
  const calls: { fn: string; payload: Record<string, Json> }[] = [];
  const handlers: Record<string, (input: Json) => Promise<Json>> = {};
  for (const [name, state] of tasks) {
    handlers[name] = async (raw) => {
      const { FunctionName, Payload } = raw as { FunctionName: string; Payload: Record<string, Json> };
      const fn = CAMPAIGN_FUNCTIONS.find((f) => FunctionName === `\${${campaignArnPlaceholder(f)}}`)!;
      expect(state.Parameters?.FunctionName).toBe(FunctionName);
      calls.push({ fn, payload: Payload });
      return { Payload: steps[fn]!(Payload) };
    };
  }
  const machine = new StateMachine(definition as never, { validationOptions: { checkArn: false } });
  const execution = machine.run(input as never, {
    overrides: {
      taskResourceLocalHandlers: handlers as never,
      waitTimeOverrides: { 'Wait to keep the send rate': 0 },
      retryIntervalOverrides: Object.fromEntries(tasks.map(([name]) => [name, 0])),
    },
  });
  const outcome = await execution.result.then(
    (output: unknown) => ({ ok: true as const, output }),
    (error: Error) => ({ ok: false as const, error }),
  );
  return { calls, outcome };
}

describe('the campaign workflow', () => {
  it('gives every Task a comment, a retry with backoff and a catch', () => {
    // Act
    const lacking = tasks.filter(([, state]) => !state.Comment || !state.Retry?.length || !state.Catch?.length).map(([name]) => name);

    // Assess
    expect(tasks.map(([name]) => name)).toEqual(['Send the next page', 'Mark the campaign completed', 'Mark the campaign failed']);
    expect(lacking).toEqual([]);
  });

  it('leads every failure to one error path that ends failed', () => {
    // Act
    const targets = new Set(tasks.filter(([name]) => name !== 'Mark the campaign failed').flatMap(([, state]) => state.Catch!.map((c) => c.Next)));

    // Assess
    expect([...targets]).toEqual(['Mark the campaign failed']);
    expect(definition.States['Mark the campaign failed']!.Next).toBe('Campaign failed');
    expect(definition.States['Campaign failed']!.Type).toBe('Fail');
  });

  it('names each function by a placeholder CDK substitutes', () => {
    // Act
    const placeholders = tasks.map(([, state]) => state.Parameters!.FunctionName);

    // Assess
    expect(placeholders).toEqual(['${SendCampaignPageArn}', '${CompleteCampaignArn}', '${MarkCampaignFailedArn}']);
  });

  it('loops page by page, handing each page the cursor and pace of the one before, then completes', async () => {
    // Prepare
    const pages = ['c1', 'c2', null];
    let index = 0;
    const steps = {
      sendCampaignPage: (payload: Record<string, Json>) => {
        const cursor = pages[index++] ?? null;
        return { version: payload.version!, cursor, more: cursor !== null, waitSeconds: 3, pace: { since: '2026-05-01T09:00:00.000Z', handed: index * 50 }, sent: 50 };
      },
      completeCampaign: () => null,
      markCampaignFailed: () => null,
    };

    // Act
    const { calls, outcome } = await run(steps, { version: '2026-05', cursor: null, pace: null });

    // Assess
    expect(outcome.ok).toBe(true);
    expect(calls.map((c) => c.fn)).toEqual(['sendCampaignPage', 'sendCampaignPage', 'sendCampaignPage', 'completeCampaign']);
    expect(calls.map((c) => c.payload.cursor)).toEqual([null, 'c1', 'c2', undefined]);
    expect(calls[1]!.payload.pace).toEqual({ since: '2026-05-01T09:00:00.000Z', handed: 50 });
    expect(calls[3]!.payload).toEqual({ version: '2026-05' });
  });

  it('retries a page refused for now, and marks the campaign failed when a page keeps failing', async () => {
    // Prepare
    let attempts = 0;
    const refusedOnce = {
      sendCampaignPage: (payload: Record<string, Json>) => {
        attempts++;
        if (attempts === 1) throw Object.assign(new Error('refused for now'), { name: 'CampaignRetryableError' });
        return { version: payload.version!, cursor: null, more: false, waitSeconds: 0, pace: null };
      },
      completeCampaign: () => null,
      markCampaignFailed: () => null,
    };
    const broken = {
      ...refusedOnce,
      sendCampaignPage: () => {
        throw Object.assign(new Error('the table is gone'), { name: 'ResourceNotFoundException' });
      },
    };

    // Act
    const retried = await run(refusedOnce, { version: '2026-05', cursor: null, pace: null });
    const failed = await run(broken, { version: '2026-05', cursor: null, pace: null });

    // Assess
    expect(retried.outcome.ok).toBe(true);
    expect(retried.calls.map((c) => c.fn)).toEqual(['sendCampaignPage', 'sendCampaignPage', 'completeCampaign']);
    expect(failed.outcome.ok).toBe(false);
    const marked = failed.calls.filter((c) => c.fn === 'markCampaignFailed');
    expect(marked).toHaveLength(1);
    expect(marked[0]!.payload).toMatchObject({ version: '2026-05', failure: { Error: 'ResourceNotFoundException' } });
    expect(failed.calls.filter((c) => c.fn === 'sendCampaignPage')).toHaveLength(4);
  });
});
