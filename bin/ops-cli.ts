// The operator's view on a terminal: open requests by deadline, one request with its audit timeline,
// the open tasks of the systems worked by hand, and completing one, through a running privacy-ops
// API over HTTP. Prints ids, codes and dates, never a person.
import { parseArgs } from 'node:util';
import { formatTable } from '../bench/table.js';
import { localDate } from '../shared/domain/deadlines.js';
import { OPEN_STATUSES } from '../shared/domain/lifecycle.js';
import { reportText } from '../shared/reports/report-formats.js';
import type { RequestReport } from '../shared/reports/request-report.js';

export const USAGE = `Usage: npm run ops -- <command> [--url <base URL>] [--api-key <key>]
  list         open requests, nearest deadline first: id, type, jurisdiction, status, due date, days left
  show <id>    one request: status, deadlines, verification, per-system tasks and outcomes, and its audit timeline
  tasks        open tasks, nearest due date first (--system <id> for one system's)
  complete <taskId> <outcome>
               report a manual system's task: done, not-found or failed (--records <n>, --error <text>)
  report <year>
               the requests report of a calendar year (CCPA § 7102, GDPR Art. 5(2)) as tables, or --csv
  --url        the API (default: env PRIVACY_OPS_URL, else http://localhost:$PORT, PORT defaulting to 3000)
  --api-key    the key npm start printed (default: env PRIVACY_OPS_API_KEY)`;

export interface OpsIo {
  env: Record<string, string | undefined>;
  fetch: typeof fetch;
  now: () => Date;
  out: (text: string) => void;
  err: (text: string) => void;
}

/** A failure the operator can act on, with the exit code to leave with. */
class OpsError extends Error {
  override name = 'OpsError';
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

interface RequestSummary {
  id: string;
  type: string;
  jurisdiction: string;
  status: string;
  receivedAt: string;
  dueAt: string;
  timeZone: string;
  extended?: boolean;
  overdue?: boolean;
  acknowledgeBy?: string;
  extendableTo?: string;
  verification?: { level?: string; state?: string };
  denial?: { code: string };
  fulfilment?: {
    finishedAt?: string;
    outcomes: { systemId: string; action: string; outcome: string; records: number; error?: string }[];
    tasks?: TaskSummary[];
  };
}

interface TaskSummary {
  taskId: string;
  requestId: string;
  systemId: string;
  action: string;
  connector: string;
  state: string;
  dueAt: string;
  outcome?: string;
  records?: number;
}

/** What an operator may report from the terminal; `retained` needs the rules that keep the data, which the API takes as JSON. */
const CLI_OUTCOMES = ['done', 'not-found', 'failed'] as const;

interface AuditTrail {
  verification: { valid: boolean; length: number; reason?: string };
  events: { seq: number; type: string; at: string; actor: { kind: string; id?: string }; data: Record<string, unknown> }[];
}

const DAY_MS = 24 * 3600 * 1000;

/** Whole days from today (in the request's own time zone) to its due date: negative when overdue. */
export function daysLeft(dueAt: string, timeZone: string, now: Date): number {
  const today = localDate(now, timeZone);
  return Math.round((Date.parse(`${dueAt}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / DAY_MS);
}

function describeDays(days: number): string {
  if (days === 0) return 'due today';
  return days > 0 ? `${days} left` : `${-days} overdue`;
}

class ApiClient {
  constructor(
    private readonly baseUrl: string,
    private readonly apiKey: string,
    private readonly io: OpsIo,
  ) {}

  async get<T>(path: string, what: string): Promise<T> {
    return this.call<T>(path, what, { headers: { 'x-api-key': this.apiKey, accept: 'application/json' } });
  }

  /** The text of a GET, for a representation other than JSON (the report's CSV). */
  async getText(path: string, what: string, accept: string): Promise<string> {
    return this.call(path, what, { headers: { 'x-api-key': this.apiKey, accept } }, (response) => response.text());
  }

  async post<T>(path: string, what: string, body: unknown): Promise<T> {
    return this.call<T>(path, what, {
      method: 'POST',
      headers: { 'x-api-key': this.apiKey, accept: 'application/json', 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  }

  private async call<T>(path: string, what: string, init: RequestInit, read: (response: Response) => Promise<T> = (r) => r.json() as Promise<T>): Promise<T> {
    let response: Response;
    try {
      response = await this.io.fetch(`${this.baseUrl}${path}`, init);
    } catch (error) {
      const code = (error as { cause?: { code?: string } }).cause?.code;
      throw new OpsError(
        `Cannot reach the privacy-ops API at ${this.baseUrl}${code ? ` (${code})` : ''}. Is it running (npm start)? Set --url or PRIVACY_OPS_URL if it runs elsewhere.`,
      );
    }
    if (response.status === 401 || response.status === 403) {
      throw new OpsError(
        `The API at ${this.baseUrl} refused the API key (${response.status}). Pass the key npm start printed with --api-key or PRIVACY_OPS_API_KEY.`,
      );
    }
    if (response.status === 404) throw new OpsError(`No ${what}.`);
    if (!response.ok) {
      const problem = (await response.json().catch(() => ({}))) as { detail?: string };
      throw new OpsError(`The API answered ${response.status}${problem.detail ? `: ${problem.detail.replace(/\.$/, '')}` : ''}.`);
    }
    return read(response);
  }
}

/** Every open request, nearest deadline first (ties by id). */
async function openRequests(api: ApiClient): Promise<RequestSummary[]> {
  const all: RequestSummary[] = [];
  for (const status of OPEN_STATUSES) {
    let cursor: string | undefined;
    do {
      const query = new URLSearchParams({ status, limit: '100', ...(cursor ? { cursor } : {}) });
      const page = await api.get<{ items: RequestSummary[]; nextCursor?: string }>(`/v1/requests?${query}`, 'request listing');
      all.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
  }
  return all.sort((a, b) => a.dueAt.localeCompare(b.dueAt) || a.id.localeCompare(b.id));
}

function listing(requests: readonly RequestSummary[], now: Date): string {
  if (requests.length === 0) return 'No open requests.';
  const days = requests.map((r) => daysLeft(r.dueAt, r.timeZone, now));
  const rows = requests.map((r, i) => [r.id, r.type, r.jurisdiction, r.status, r.dueAt, describeDays(days[i]!)]);
  const overdue = days.filter((d) => d < 0).length;
  const table = formatTable(
    [
      { header: 'id', align: 'left' },
      { header: 'type', align: 'left' },
      { header: 'jurisdiction', align: 'left' },
      { header: 'status', align: 'left' },
      { header: 'due', align: 'left' },
      { header: 'days', align: 'right' },
    ],
    rows,
  );
  return `${table}\n\n${requests.length} open, ${overdue} overdue.`;
}

/** Every task in `state`, of one system if given, nearest due date first. */
async function tasksIn(api: ApiClient, systemId: string | undefined): Promise<TaskSummary[]> {
  const all: TaskSummary[] = [];
  let cursor: string | undefined;
  do {
    const query = new URLSearchParams({ state: 'open', limit: '100', ...(systemId ? { systemId } : {}), ...(cursor ? { cursor } : {}) });
    const page = await api.get<{ items: TaskSummary[]; nextCursor?: string }>(`/v1/tasks?${query}`, 'task listing');
    all.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return all;
}

const taskColumns = [
  { header: 'task', align: 'left' },
  { header: 'system', align: 'left' },
  { header: 'action', align: 'left' },
  { header: 'kind', align: 'left' },
  { header: 'due', align: 'left' },
] as const;

function taskListing(tasks: readonly TaskSummary[]): string {
  if (tasks.length === 0) return 'No open tasks.';
  const table = formatTable(
    [...taskColumns],
    tasks.map((t) => [t.taskId, t.systemId, t.action, t.connector, t.dueAt]),
  );
  return `${table}\n\n${tasks.length} open. Complete one: npm run ops -- complete <task> done [--records <n>]`;
}

function dataText(data: Record<string, unknown>): string {
  return Object.entries(data)
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(' ');
}

function details(request: RequestSummary, trail: AuditTrail, now: Date): string {
  const open = (OPEN_STATUSES as readonly string[]).includes(request.status);
  const lines = [
    `Request ${request.id}`,
    `  type          ${request.type} (${request.jurisdiction})`,
    `  status        ${request.status}${request.denial ? ` (${request.denial.code})` : ''}`,
    `  received      ${request.receivedAt}`,
    ...(request.acknowledgeBy ? [`  acknowledge   ${request.acknowledgeBy}`] : []),
    `  due           ${request.dueAt}${request.extended ? ' (extended)' : ''}${open ? `, ${describeDays(daysLeft(request.dueAt, request.timeZone, now))}` : ''}`,
    ...(request.extendableTo ? [`  extendable to ${request.extendableTo}`] : []),
    ...(request.verification
      ? [`  verification  ${request.verification.state ?? ''}${request.verification.level ? ` (${request.verification.level})` : ''}`]
      : []),
  ];
  if (request.fulfilment?.tasks?.length) {
    lines.push(
      '',
      'Tasks per system:',
      formatTable(
        [
          { header: 'task', align: 'left' },
          { header: 'system', align: 'left' },
          { header: 'action', align: 'left' },
          { header: 'state', align: 'left' },
          { header: 'due', align: 'left' },
          { header: 'outcome', align: 'left' },
        ],
        request.fulfilment.tasks.map((t) => [t.taskId, t.systemId, t.action, t.state, t.dueAt, t.outcome ?? '']),
      ),
    );
  }
  if (request.fulfilment?.outcomes.length) {
    lines.push(
      '',
      'Outcomes per system:',
      formatTable(
        [
          { header: 'system', align: 'left' },
          { header: 'action', align: 'left' },
          { header: 'outcome', align: 'left' },
          { header: 'records', align: 'right' },
          { header: 'note', align: 'left' },
        ],
        request.fulfilment.outcomes.map((o) => [o.systemId, o.action, o.outcome, String(o.records), o.error ?? '']),
      ),
    );
  }
  const chain = trail.verification.valid ? 'the chain verifies' : `the chain does NOT verify: ${trail.verification.reason ?? 'unknown reason'}`;
  lines.push(
    '',
    `Timeline (${trail.events.length} events; ${chain}):`,
    formatTable(
      [
        { header: '#', align: 'right' },
        { header: 'at', align: 'left' },
        { header: 'event', align: 'left' },
        { header: 'by', align: 'left' },
        { header: 'details', align: 'left' },
      ],
      trail.events.map((e) => [String(e.seq), e.at, e.type, e.actor.id ? `${e.actor.kind}:${e.actor.id}` : e.actor.kind, dataText(e.data)]),
    ),
  );
  return lines.join('\n');
}

/** The parsed command line; one that cannot be parsed is a usage error (exit 2). */
function parseCommandLine(argv: readonly string[]) {
  try {
    return parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        url: { type: 'string' },
        'api-key': { type: 'string' },
        system: { type: 'string' },
        records: { type: 'string' },
        error: { type: 'string' },
        csv: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new OpsError(`${(error as Error).message}\n\n${USAGE}`, 2);
  }
}

/** The task and report of `complete <taskId> <outcome> [--records n] [--error text]`, or a usage error. */
function completion(args: readonly string[], values: { records?: string; error?: string }) {
  const usage = (why: string) => new OpsError(`${why}\n\n${USAGE}`, 2);
  if (args.length !== 2) throw usage('complete takes a task id and an outcome.');
  const [taskId, outcome] = args as [string, string];
  // Only ids the API could have issued go into the path.
  if (!/^[0-9A-Za-z][0-9A-Za-z.-]{0,199}$/.test(taskId)) throw usage(`No task with id ${JSON.stringify(taskId)}.`);
  if (!(CLI_OUTCOMES as readonly string[]).includes(outcome)) throw usage(`The outcome is one of ${CLI_OUTCOMES.join(', ')}.`);
  if (values.records !== undefined && !/^\d{1,9}$/.test(values.records)) throw usage('--records takes a whole number.');
  if (values.error !== undefined && outcome !== 'failed') throw usage('--error goes with the outcome failed.');
  return {
    taskId,
    body: {
      outcome,
      ...(values.records !== undefined ? { records: Number(values.records) } : {}),
      ...(values.error !== undefined ? { error: values.error } : {}),
    },
  };
}

/** Runs one ops command; returns the process exit code (0 done, 1 failed, 2 usage). */
export async function runOps(argv: readonly string[], io: OpsIo): Promise<number> {
  try {
    const { values, positionals } = parseCommandLine(argv);
    if (values.help) {
      io.out(USAGE);
      return 0;
    }
    const [command, ...rest] = positionals;
    const baseUrl = (values.url ?? io.env.PRIVACY_OPS_URL ?? `http://localhost:${io.env.PORT || 3000}`).replace(/\/+$/, '');
    if (!/^https?:\/\/[^\s/]+/.test(baseUrl)) throw new OpsError(`--url must be an http(s) URL such as http://localhost:3000\n\n${USAGE}`, 2);
    const apiKey = values['api-key'] ?? io.env.PRIVACY_OPS_API_KEY ?? '';
    if (command !== 'list' && command !== 'show' && command !== 'tasks' && command !== 'complete' && command !== 'report') {
      throw new OpsError(`${command ? `Unknown command "${command}".` : 'Name a command.'}\n\n${USAGE}`, 2);
    }
    if ((command === 'list' || command === 'tasks') && rest.length > 0) throw new OpsError(`${command} takes no arguments.\n\n${USAGE}`, 2);
    if (command === 'show' && rest.length !== 1) throw new OpsError(`show takes one request id.\n\n${USAGE}`, 2);
    if (command === 'report' && (rest.length !== 1 || !/^\d{4}$/.test(rest[0]!)))
      throw new OpsError(`report takes one calendar year, such as 2026.\n\n${USAGE}`, 2);
    if (values.csv && command !== 'report') throw new OpsError(`--csv goes with report.\n\n${USAGE}`, 2);
    if (values.system !== undefined && (command !== 'tasks' || !/^[a-z0-9][a-z0-9-]{1,62}$/.test(values.system))) {
      throw new OpsError(`--system takes a system id, and only with tasks.\n\n${USAGE}`, 2);
    }
    const report = command === 'complete' ? completion(rest, values) : undefined;
    if (command !== 'complete' && (values.records !== undefined || values.error !== undefined)) {
      throw new OpsError(`--records and --error go with complete.\n\n${USAGE}`, 2);
    }
    if (!apiKey) throw new OpsError('No API key: pass the key npm start printed with --api-key or PRIVACY_OPS_API_KEY.', 2);

    const api = new ApiClient(baseUrl, apiKey, io);
    if (command === 'list') {
      io.out(listing(await openRequests(api), io.now()));
      return 0;
    }
    if (command === 'tasks') {
      io.out(taskListing(await tasksIn(api, values.system)));
      return 0;
    }
    if (command === 'report') {
      const path = `/v1/reports/requests?year=${rest[0]}`;
      io.out(
        values.csv
          ? (await api.getText(path, `report for ${rest[0]}`, 'text/csv')).trimEnd()
          : reportText(await api.get<RequestReport>(path, `report for ${rest[0]}`), formatTable),
      );
      return 0;
    }
    if (report) {
      await api.post(`/v1/tasks/${encodeURIComponent(report.taskId)}/result`, `task ${report.taskId}`, report.body);
      io.out(`Task ${report.taskId} reported ${report.body.outcome}; its request goes on.`);
      return 0;
    }
    const id = rest[0]!;
    // Only ids the API could have issued go into the path.
    if (!/^[0-9A-Za-z]{1,64}$/.test(id)) throw new OpsError(`No request with id ${JSON.stringify(id)}.`);
    const request = await api.get<RequestSummary>(`/v1/requests/${id}`, `request with id ${id}`);
    const trail = await api.get<AuditTrail>(`/v1/requests/${id}/audit`, `audit trail for request ${id}`);
    io.out(details(request, trail, io.now()));
    return 0;
  } catch (error) {
    if (error instanceof OpsError) {
      io.err(error.message);
      return error.exitCode;
    }
    throw error;
  }
}
