import { StateMachine } from 'aws-local-stepfunctions';
import { describe, expect, it } from 'vitest';
import { CAMPAIGN_FUNCTIONS, campaignArnPlaceholder, campaignDefinition } from '../../shared/notifications/campaign-state-machine.js';
import { MAX_SEGMENTS } from '../../shared/notifications/model.js';

type State = {
  Type: string;
  Comment?: string;
  Retry?: { ErrorEquals: string[] }[];
  Catch?: { ErrorEquals: string[]; Next: string }[];
  Next?: string;
  Parameters?: { FunctionName?: string };
  ItemProcessor?: { ProcessorConfig?: { Mode: string; ExecutionType: string }; States: Record<string, State> };
  MaxConcurrency?: number;
};
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const definition = campaignDefinition() as unknown as { StartAt: string; States: Record<string, State> };
const map = definition.States['Send to every part of the directory']!;
const partStates = map.ItemProcessor!.States;
/** Every Task, those each part's child execution runs included. */
const tasks = [...Object.entries(definition.States), ...Object.entries(partStates)].filter(([, state]) => state.Type === 'Task');

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
      waitTimeOverrides: { 'Wait to keep the send rate': 0, 'Wait until the 24-hour quota allows more': 0 },
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
    expect(tasks.map(([name]) => name).sort()).toEqual(['Mark the campaign completed', 'Mark the campaign failed', 'Send the next page']);
    expect(lacking).toEqual([]);
  });

  it('sends the parts of the directory side by side in a distributed Map', () => {
    // Assess
    expect(definition.StartAt).toBe('Send to every part of the directory');
    expect(map.Type).toBe('Map');
    expect(map.ItemProcessor!.ProcessorConfig).toEqual({ Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' });
    expect(map.MaxConcurrency).toBe(MAX_SEGMENTS);
    expect(map.Next).toBe('Mark the campaign completed');
  });

  it('leads every failure to one error path that ends failed', () => {
    // Act
    const outer = Object.entries(definition.States).filter(([name, state]) => state.Catch && name !== 'Mark the campaign failed');
    const targets = new Set(outer.flatMap(([, state]) => state.Catch!.map((c) => c.Next)));

    // Assess
    expect(outer.map(([name]) => name).sort()).toEqual(['Mark the campaign completed', 'Send to every part of the directory']);
    expect([...targets]).toEqual(['Mark the campaign failed']);
    expect(partStates['Send the next page']!.Catch!.map((c) => c.Next)).toEqual(['Part failed']);
    expect(partStates['Part failed']!.Type).toBe('Fail');
    expect(definition.States['Mark the campaign failed']!.Next).toBe('Campaign failed');
    expect(definition.States['Campaign failed']!.Type).toBe('Fail');
  });

  it('names each function by a placeholder CDK substitutes', () => {
    // Act
    const placeholders = tasks.map(([, state]) => state.Parameters!.FunctionName);

    // Assess
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the definition's substitution placeholders, as CloudFormation reads them
    expect(placeholders.sort()).toEqual(['${CompleteCampaignArn}', '${MarkCampaignFailedArn}', '${SendCampaignPageArn}']);
  });

  it('loops over each part page by page, handing each page the cursor and pace of the one before, then completes', async () => {
    // Prepare: part 0 has three pages, part 1 one
    const pages: Record<number, (string | null)[]> = { 0: ['c1', 'c2', null], 1: [null] };
    const steps = {
      sendCampaignPage: (payload: Record<string, Json>) => {
        const segment = payload.segment as number;
        const cursor = pages[segment]!.shift() ?? null;
        const pace = { since: '2026-05-01T09:00:00.000Z', handed: 50 * (3 - pages[segment]!.length) };
        return {
          version: payload.version!,
          segment,
          segments: payload.segments!,
          cursor,
          more: cursor !== null,
          waitSeconds: 3,
          pausedUntil: null,
          pace,
          sent: 50,
        };
      },
      completeCampaign: () => null,
      markCampaignFailed: () => null,
    };

    // Act
    const { calls, outcome } = await run(steps, { version: '2026-05', segments: [0, 1], segmentCount: 2 });

    // Assess
    expect(outcome.ok).toBe(true);
    const pageCalls = (segment: number) => calls.filter((c) => c.fn === 'sendCampaignPage' && c.payload.segment === segment).map((c) => c.payload);
    expect(pageCalls(0).map((p) => p.cursor)).toEqual([null, 'c1', 'c2']);
    expect(pageCalls(0)[0]).toEqual({ version: '2026-05', segment: 0, segments: 2, cursor: null, pace: null });
    expect(pageCalls(0)[1]!.pace).toEqual({ since: '2026-05-01T09:00:00.000Z', handed: 50 });
    expect(pageCalls(1)).toEqual([{ version: '2026-05', segment: 1, segments: 2, cursor: null, pace: null }]);
    expect(calls.at(-1)).toEqual({ fn: 'completeCampaign', payload: { version: '2026-05' } });
    expect(calls.filter((c) => c.fn === 'completeCampaign')).toHaveLength(1);
  });

  it('retries a page refused for now, and marks the campaign failed when a page keeps failing', async () => {
    // Prepare
    let attempts = 0;
    const refusedOnce = {
      sendCampaignPage: (payload: Record<string, Json>) => {
        attempts++;
        if (attempts === 1) throw Object.assign(new Error('refused for now'), { name: 'CampaignRetryableError' });
        return {
          version: payload.version!,
          segment: payload.segment!,
          segments: payload.segments!,
          cursor: null,
          more: false,
          waitSeconds: 0,
          pausedUntil: null,
          pace: null,
        };
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
    const retried = await run(refusedOnce, { version: '2026-05', segments: [0], segmentCount: 1 });
    const failed = await run(broken, { version: '2026-05', segments: [0], segmentCount: 1 });

    // Assess
    expect(retried.outcome.ok).toBe(true);
    expect(retried.calls.map((c) => c.fn)).toEqual(['sendCampaignPage', 'sendCampaignPage', 'completeCampaign']);
    expect(failed.outcome.ok).toBe(false);
    const marked = failed.calls.filter((c) => c.fn === 'markCampaignFailed');
    expect(marked).toHaveLength(1);
    expect(marked[0]!.payload).toMatchObject({ version: '2026-05', failure: { Error: expect.any(String) } });
    expect(failed.calls.filter((c) => c.fn === 'sendCampaignPage')).toHaveLength(4);
  });

  it('pauses a part that reached the 24-hour quota until the instant the step names, then runs the same page again', async () => {
    // Prepare: the second page is refused for the quota once, then goes through
    const resume = '2026-05-02T09:01:00Z';
    const pace = { since: '2026-05-01T09:00:00.000Z', handed: 50 };
    const answers: Json[] = [
      { cursor: 'c1', more: true, waitSeconds: 3, pausedUntil: null, pace },
      { cursor: 'c1', more: true, waitSeconds: 86_000, pausedUntil: resume, pace: { since: resume, handed: 0, day: resume } },
      { cursor: null, more: false, waitSeconds: 0, pausedUntil: null, pace: { since: resume, handed: 50, day: resume } },
    ];
    const steps = {
      sendCampaignPage: (payload: Record<string, Json>) => ({
        version: payload.version!,
        segment: payload.segment!,
        segments: payload.segments!,
        ...(answers.shift() as Record<string, Json>),
      }),
      completeCampaign: () => null,
      markCampaignFailed: () => null,
    };

    // Act
    const { calls, outcome } = await run(steps, { version: '2026-05', segments: [0], segmentCount: 1 });

    // Assess
    expect(outcome.ok).toBe(true);
    const pageCalls = calls.filter((c) => c.fn === 'sendCampaignPage').map((c) => c.payload);
    expect(pageCalls.map((p) => p.cursor)).toEqual([null, 'c1', 'c1']);
    expect(pageCalls[2]!.pace).toEqual({ since: resume, handed: 0, day: resume });
    expect(partStates['Are there more accounts?']).toMatchObject({
      Choices: [{ Variable: '$.pausedUntil', IsNull: false, Next: 'Wait until the 24-hour quota allows more' }, expect.anything()],
    });
    expect(partStates['Wait until the 24-hour quota allows more']).toMatchObject({ Type: 'Wait', TimestampPath: '$.pausedUntil', Next: 'Send the next page' });
    expect(calls.at(-1)!.fn).toBe('completeCampaign');
  });
});
