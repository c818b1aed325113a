// Walks the rights table against the code it describes: filing, the deadline engine, the planner
// on the demo inventory, the notice catalogue, and the committed docs/rights.md.
import { LocalChainKey } from '../../shared/audit/chain-key.js';
import { readFileSync } from 'node:fs';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RIGHTS_DOC } from '../../bin/rights-table.js';
import { FileRequestBody } from '../../functions/requests/request.schema.js';
import { DEMO_CONTROLLER } from '../../local/demo-controller.js';
import { demoSystems } from '../../local/demo-data.js';
import { addBusinessDays, addDays, addMonthsClamped, nextWorkingDay, type CalendarDate, type HolidayCalendar } from '../../shared/domain/deadlines.js';
import { holidayCalendar } from '../../shared/domain/holidays.js';
import { LOCALES, type Jurisdiction } from '../../shared/domain/request-model.js';
import { RIGHTS_TABLE_END, RIGHTS_TABLE_START, rightsTableMarkdown, withRightsTable } from '../../shared/domain/rights-table-markdown.js';
import { ACCEPTED_PAIRS, RIGHTS_TABLE, type Period, type Reach, type RightDeadline, type RightRow } from '../../shared/domain/rights-table.js';
import type { DataSystem } from '../../shared/fulfilment/model.js';
import { planFulfilment } from '../../shared/fulfilment/plan.js';
import { renderNotice, type Notice, type NoticeKind } from '../../shared/notices/catalogue.js';
import { fileRequest, type FileRequestDeps, type JurisdictionCalendars } from '../../shared/requests/file-request.js';
import { RequestStore } from '../../shared/requests/request-store.js';

const documents = mockClient(DynamoDBDocumentClient);
const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-central-1' }));

/** The calendars the deployment counts in by default (shared/config.ts). */
const CALENDARS: JurisdictionCalendars = {
  gdpr: { timeZone: 'Europe/Berlin', calendar: holidayCalendar('DE') },
  ccpa: { timeZone: 'America/Los_Angeles', calendar: holidayCalendar('US-CA') },
};

/** The demo company's inventory as registered by local/seed-systems.ts. */
const INVENTORY: DataSystem[] = demoSystems.map((system) => ({ ...system, createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z' }));

/**
 * Receipt times that exercise the rules: an ordinary Monday morning, the last of a month (one
 * month later does not exist and falls on a weekend), and the days before Christmas and New Year.
 */
const RECEIVED_AT = ['2026-03-02T09:15:00Z', '2026-01-31T12:00:00Z', '2026-12-23T10:00:00Z', '2025-11-26T20:00:00Z'];

/** The words that belong to the other law (as in law-wording.test.ts, plus section numbers): a notice under one law contains none of the other's. */
const FOREIGN: Record<Jurisdiction, RegExp> = {
  gdpr: /CCPA|Consumer Privacy Act|Civil Code|Civ\. Code|1798\.|California|Kalifornien|Attorney General|CPPA|CAN-SPAM/i,
  ccpa: /DSGVO|GDPR|Grundverordnung|General Data Protection|\bArt\.\s?\d|Artikel\s*\d|Aufsichtsbehörde|supervisory authority|BayLDA|Landesamt/i,
};

function deps(now: Date): FileRequestDeps {
  let n = 0;
  return {
    store: new RequestStore({ requestsTable: 'requests', auditTable: 'audit', client, chainKey: new LocalChainKey(Buffer.alloc(32, 1)) }),
    documents: {
      put: () => Promise.reject(new Error('no agent in these filings')),
      delete: () => Promise.resolve(),
    } as unknown as FileRequestDeps['documents'],
    subjectKey: async () => Buffer.alloc(32, 7),
    calendars: CALENDARS,
    newId: () => `01JRIGHTS0000000000000000${n++}`,
    now: () => now,
    actor: { kind: 'system', id: 'rights-table-test' },
    inventory: { list: async () => INVENTORY },
  };
}

/** A scope a row's other deadline applies to. */
type Scope = NonNullable<RightRow['otherScope']>['scope'];

function file(row: RightRow, receivedAt: string, scope?: Scope) {
  return fileRequest(
    {
      type: row.type,
      jurisdiction: row.jurisdiction,
      subject: { email: 'rights.table@example.org' },
      receivedAt,
      channel: 'api',
      ...(scope ? { scope: { ...(scope.systems ? { systems: [...scope.systems] } : {}), ...(scope.purposes ? { purposes: [...scope.purposes] } : {}) } } : {}),
    },
    deps(new Date(Date.parse(receivedAt) + 60_000)),
  );
}

/** The day a period from the row ends, counted as the row says, in the jurisdiction's calendar. */
function periodEnd(receivedOn: CalendarDate, period: Period, calendar: HolidayCalendar, roll: boolean): CalendarDate {
  const end =
    'months' in period
      ? addMonthsClamped(receivedOn, period.months)
      : 'days' in period
        ? addDays(receivedOn, period.days)
        : addBusinessDays(receivedOn, period.businessDays, calendar);
  return roll ? nextWorkingDay(end, calendar) : end;
}

/** The systems of `inventory` the row says the request reaches when its scope names none. */
function reached(reach: Reach, inventory: readonly DataSystem[]): string[] {
  const pick = (test: (s: DataSystem) => boolean) => inventory.filter(test).map((s) => s.systemId);
  switch (reach.kind) {
    case 'action':
      return pick((s) => s.actions.includes(reach.action));
    case 'erasure':
      return pick((s) => s.actions.includes('delete') || s.actions.includes('anonymise') || s.retention.length > 0);
    case 'purposes':
    case 'objection':
      return pick((s) => s.purposes.some((p) => reach.purposes.includes(p)));
    case 'sells-or-shares':
      return pick((s) => s.sellsOrShares);
    case 'inventory-only':
      return [];
  }
}

/** The notice of `kind` as the code sends it for a request of this row. */
function noticeFor(kind: NoticeKind, row: RightRow): Notice {
  const requestType = row.type;
  const jurisdiction = row.jurisdiction;
  const systems = [{ system: 'Newsletter', outcome: 'done' as const, records: 1 }];
  switch (kind) {
    case 'verify-request':
      return {
        kind,
        requestType,
        jurisdiction,
        receivedAt: '2026-03-02T09:15:00Z',
        dueAt: '2026-04-02',
        verifyUrl: 'https://privacy.example.com/v1/verify/tok',
        expiresAt: '2026-03-09T09:15:00Z',
        knowledgeCheck: row.verification === 'email+knowledge',
      };
    case 'verified':
      return { kind, requestType, dueAt: '2026-04-02' };
    case 'expired':
      return { kind, requestType };
    case 'locked':
      return { kind, requestType, jurisdiction };
    case 'extended':
      return { kind, requestType, jurisdiction, newDueAt: '2026-06-02', reason: 'Many systems hold data about you.' };
    case 'export-ready':
      return { kind, downloadUrl: 'https://privacy.example.com/v1/exports/tok', expiresAt: '2026-03-16T09:15:00Z', maxDownloads: 5 };
    case 'completed':
      return { kind, requestType, systems, ...(requestType === 'third-party-disclosure' ? { recipients: [] } : {}) };
    case 'partially-completed':
      return {
        kind,
        requestType,
        jurisdiction,
        systems,
        retained: [{ system: 'Billing', reason: 'invoices', legalBasis: 'a retention duty' }],
        failed: ['Support desk'],
      };
    case 'denied':
      return { kind, requestType, jurisdiction, code: 'unverified', reason: 'The identity could not be confirmed.' };
    case 'cancelled':
      return { kind, requestType, jurisdiction, receivedAt: '2026-03-02T09:15:00Z' };
    case 'objection-stopped':
      if (jurisdiction !== 'gdpr' || requestType !== 'objection') throw new Error(`Only a GDPR objection stops before it erases, not a ${label(row)}`);
      return { kind, jurisdiction, systems, toErase: ['Advertising audiences'], confirmed: false };
    default:
      throw new Error(`The rights table names ${kind}, which no request of its own brings`);
  }
}

const label = (row: RightRow) => `${row.type} under ${row.jurisdiction}`;

describe('rights table', () => {
  it('has one row for every type and jurisdiction the API accepts, and no other', () => {
    // Prepare
    const accepted = ACCEPTED_PAIRS.filter(
      ([type, jurisdiction]) => FileRequestBody.safeParse({ type, jurisdiction, subject: { email: 'a@example.org' } }).success,
    );

    // Assess
    expect(RIGHTS_TABLE.map((r) => `${r.type}/${r.jurisdiction}`).sort()).toEqual(accepted.map(([t, j]) => `${t}/${j}`).sort());
  });

  it('is what docs/rights.md shows between its markers (npm run rights-table writes it)', () => {
    // Prepare
    const committed = readFileSync(RIGHTS_DOC, 'utf8');

    // Assess
    expect(committed).toContain(RIGHTS_TABLE_START);
    expect(committed).toContain(RIGHTS_TABLE_END);
    expect(withRightsTable(committed)).toBe(committed);
  });

  it('notices a row that changed: the generated table is not the committed one', () => {
    // Prepare
    const committed = readFileSync(RIGHTS_DOC, 'utf8');
    const changed = RIGHTS_TABLE.map((r, i) => (i === 0 ? { ...r, verification: 'none' as const } : r));

    // Assess
    expect(withRightsTable(committed, rightsTableMarkdown(changed))).not.toBe(committed);
  });

  it('lists a gap under its own heading, and adds no gaps section when every row does what the law asks', () => {
    // Prepare
    const complete = RIGHTS_TABLE.map(({ gap: _gap, ...row }) => row);
    const withGap = RIGHTS_TABLE.map((row, i) => (i === 0 ? { ...row, gap: 'The code waits where the law does not.' } : row));

    // Assess
    expect(rightsTableMarkdown(withGap)).toContain('### Where the code falls short of the law');
    expect(rightsTableMarkdown(withGap)).toContain('`access` (see gaps)');
    expect(rightsTableMarkdown(withGap)).toContain('The code waits where the law does not.');
    expect(rightsTableMarkdown(complete)).not.toContain('Where the code falls short of the law');
    expect(rightsTableMarkdown(RIGHTS_TABLE)).toBe(rightsTableMarkdown(complete));
  });

  it('lists the choices the law leaves, each under its own heading, and none when no row makes one', () => {
    // Prepare
    const without = RIGHTS_TABLE.map(({ choice: _choice, ...row }) => row);

    // Assess
    expect(rightsTableMarkdown(RIGHTS_TABLE)).toContain('### Where the law leaves a choice');
    expect(rightsTableMarkdown(RIGHTS_TABLE)).toContain('`sale-opt-out` (see choices)');
    expect(rightsTableMarkdown(without)).not.toContain('Where the law leaves a choice');
  });

  it.each([
    ['no markers', 'A document without the table'],
    ['the end marker before the start', `${RIGHTS_TABLE_END}\n${RIGHTS_TABLE_START}`],
    ['only the start marker', `${RIGHTS_TABLE_START}\n`],
  ])('refuses a document with %s rather than writing the table in the wrong place', (_, document) => {
    // Assess
    expect(() => withRightsTable(document, 'table')).toThrow(/no rights-table markers/);
  });
});

describe.each(RIGHTS_TABLE.map((row) => [label(row), row] as const))('rights table row: %s', (_, row) => {
  beforeEach(() => {
    documents.on(GetCommand).resolves({});
    documents.on(TransactWriteCommand).resolves({});
  });
  afterEach(() => documents.reset());

  it.each(RECEIVED_AT)('files with the verification, deadlines and extension the row states (received %s)', async (receivedAt) => {
    // Prepare
    const cases: [RightDeadline, Scope | undefined][] = [
      [row.deadline, undefined],
      ...(row.otherScope ? [[row.otherScope.deadline, row.otherScope.scope] as [RightDeadline, Scope]] : []),
    ];
    const { calendar } = CALENDARS[row.jurisdiction];

    for (const [deadline, scope] of cases) {
      // Act
      const { request } = await file(row, receivedAt, scope);

      // Assess
      const receivedOn = request.deadlines.receivedOn;
      const verification = (scope && row.otherScope?.verification) || row.verification;
      expect(request.verification.level).toBe(verification);
      expect(request.status).toBe(verification === 'none' ? 'verified' : 'awaiting-verification');
      expect(request.dueAt).toBe(periodEnd(receivedOn, deadline.due, calendar, deadline.rollsToWorkingDay));
      expect(request.deadlines.acknowledgeBy).toBe(deadline.acknowledge && periodEnd(receivedOn, deadline.acknowledge, calendar, false));
      expect(request.deadlines.extendedDueAt).toBe(deadline.extendedTo && periodEnd(receivedOn, deadline.extendedTo, calendar, deadline.rollsToWorkingDay));
      expect(request.deadlines.basis).toContain(deadline.source);
    }
    expect(documents).toHaveReceivedCommandTimes(TransactWriteCommand, cases.length);
  });

  it('touches on the demo inventory the systems the row names', () => {
    // Act
    const plan = planFulfilment({ requestId: 'r1', type: row.type }, INVENTORY, () => 't');
    const touched = [...plan.tasks.map((t) => t.systemId), ...plan.decided.map((o) => o.systemId)].sort();

    // Assess
    const expected = reached(row.reach, INVENTORY).sort();
    expect(touched).toEqual(expected);
    expect(expected.length > 0).toBe(row.reach.kind !== 'inventory-only');
    expect(row.notices.includes('export-ready')).toBe(plan.exports);
  });

  it('lists the notices its filing and deadlines bring', async () => {
    // Act
    const { request } = await file(row, RECEIVED_AT[0]!);
    const other = row.otherScope && (await file(row, RECEIVED_AT[0]!, row.otherScope.scope)).request;

    // Assess
    const filed = [request, other].filter((r) => r !== undefined);
    expect(row.notices.includes('verify-request')).toBe(filed.some((r) => r.verification.level !== 'none'));
    expect(row.notices.includes('locked')).toBe(filed.some((r) => r.verification.level === 'email+knowledge'));
    expect(row.notices.includes('extended')).toBe([request, other].some((r) => r?.deadlines.extendedDueAt !== undefined));
    expect(row.notices).toEqual(expect.arrayContaining(['completed', 'partially-completed', 'denied', 'cancelled']));
  });

  it.each(LOCALES)('tells the subject in %s under its own law only', (locale) => {
    for (const kind of row.notices) {
      // Act
      const rendered = renderNotice(noticeFor(kind, row), locale, DEMO_CONTROLLER);

      // Assess
      const all = `${rendered.subject}\n${rendered.text}\n${rendered.html}`;
      expect(all.length, kind).toBeGreaterThan(0);
      expect(all.match(FOREIGN[row.jurisdiction])?.[0], `${kind} (${locale})`).toBeUndefined();
    }
  });
});
