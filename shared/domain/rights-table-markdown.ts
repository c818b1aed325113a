// The rights table as the markdown docs/rights.md shows between its marker comments.
import type { NoticeKind } from '../notices/catalogue.js';
import { JURISDICTIONS, type Jurisdiction } from './request-model.js';
import { RIGHTS_TABLE, type Period, type Reach, type RightDeadline, type RightRow } from './rights-table.js';
import type { VerificationLevel } from './verification-policy.js';

export const RIGHTS_TABLE_START = '<!-- rights-table:start (written by npm run rights-table from shared/domain/rights-table.ts; do not edit by hand) -->';
export const RIGHTS_TABLE_END = '<!-- rights-table:end -->';

const LAW_TITLES: Record<Jurisdiction, string> = { gdpr: 'GDPR', ccpa: 'CCPA (California)' };

const VERIFICATION_TEXT: Record<VerificationLevel, string> = {
  none: 'none: carried out as filed',
  email: 'emailed link',
  'email+knowledge': 'emailed link and three identity questions',
};

/** How a period reads in the table. */
export function periodText(period: Period): string {
  if ('months' in period) return period.months === 1 ? 'one month' : `${period.months} months`;
  if ('days' in period) return `${period.days} days`;
  return period.businessDays === 1 ? 'one business day' : `${period.businessDays} business days`;
}

/** Which systems a request reaches, in the inventory's terms. */
export function reachText(reach: Reach): string {
  switch (reach.kind) {
    case 'action':
      return `every system with an \`${reach.action}\` action`;
    case 'erasure':
      return 'every system with a `delete` or `anonymise` action or a retention rule (the latter answer what they keep)';
    case 'purposes':
      return `every system serving ${reach.purposes.map((p) => `\`${p}\``).join(', ')} (or the purposes named)`;
    case 'objection':
      return `the systems or purposes named, else every system serving ${reach.purposes.map((p) => `\`${p}\``).join(', ')}; each by its declared \`objection\` rule`;
    case 'sells-or-shares':
      return 'every system with `sellsOrShares: true`';
    case 'inventory-only':
      return 'none: answered from the inventory';
  }
}

function periodsText(d: RightDeadline): string {
  const parts = [
    ...(d.acknowledge ? [`confirm receipt in ${periodText(d.acknowledge)}`] : []),
    // A count of business days always ends on one; only other periods are moved off a holiday.
    `answer in ${periodText(d.due)}${d.rollsToWorkingDay && !('businessDays' in d.due) ? ', moved to the next working day' : ''}`,
  ];
  return `${parts.join('; ')}. Source: ${d.source}`;
}

function deadlineText(row: RightRow): string {
  if (!row.otherScope) return periodsText(row.deadline);
  return `As filed with no scope: ${periodsText(row.deadline)}. When ${row.otherScope.when}: ${periodsText(row.otherScope.deadline)}`;
}

const extendable = (d: RightDeadline): string => (d.extendedTo ? `once, to ${periodText(d.extendedTo)} from receipt` : 'no');

function extensionText(row: RightRow): string {
  if (!row.otherScope) return extendable(row.deadline);
  return `${extendable(row.deadline)}; when ${row.otherScope.when}: ${extendable(row.otherScope.deadline)}`;
}

function verificationText(row: RightRow): string {
  const other = row.otherScope?.verification;
  if (!other || other === row.verification) return VERIFICATION_TEXT[row.verification];
  return `${VERIFICATION_TEXT[row.verification]}; when ${row.otherScope!.when}: ${VERIFICATION_TEXT[other]}`;
}

const noticeList = (notices: readonly NoticeKind[]): string => notices.map((n) => `\`${n}\``).join(', ');

/** A table cell: one line, with any pipe escaped. */
const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** The markdown between the markers: one table per law, the choices the law leaves, then the gaps between law and code. */
export function rightsTableMarkdown(rows: readonly RightRow[] = RIGHTS_TABLE): string {
  const out: string[] = [];
  for (const jurisdiction of JURISDICTIONS) {
    out.push(`### ${LAW_TITLES[jurisdiction]}`, '');
    out.push(
      '| Request (`type`) | Legal basis | What privacy-ops does | Systems it touches | Verification | Deadline and its source | Extension | What the subject is told |',
    );
    out.push('| --- | --- | --- | --- | --- | --- | --- | --- |');
    for (const row of rows.filter((r) => r.jurisdiction === jurisdiction)) {
      const type = `\`${row.type}\`${row.gap ? ' (see gaps)' : ''}${row.choice ? ' (see choices)' : ''}`;
      out.push(
        `| ${[type, row.legalBasis, row.does, reachText(row.reach), verificationText(row), deadlineText(row), extensionText(row), noticeList(row.notices)].map(cell).join(' | ')} |`,
      );
    }
    out.push('');
  }
  const choices = rows.filter((r) => r.choice);
  if (choices.length) {
    out.push('### Where the law leaves a choice', '');
    for (const row of choices) out.push(`- \`${row.type}\` under the ${LAW_TITLES[row.jurisdiction]}: ${row.choice}`);
    out.push('');
  }
  const gaps = rows.filter((r) => r.gap);
  if (gaps.length) {
    out.push('### Where the code falls short of the law', '');
    for (const row of gaps) out.push(`- \`${row.type}\` under the ${LAW_TITLES[row.jurisdiction]}: ${row.gap}`);
    out.push('');
  }
  return out.join('\n');
}

/** `document` with the text between the markers replaced by the table; throws when a marker is missing. */
export function withRightsTable(document: string, table: string = rightsTableMarkdown()): string {
  const start = document.indexOf(RIGHTS_TABLE_START);
  const end = document.indexOf(RIGHTS_TABLE_END);
  if (start < 0 || end < start) throw new Error('docs/rights.md has no rights-table markers');
  return `${document.slice(0, start + RIGHTS_TABLE_START.length)}\n\n${table}\n${document.slice(end)}`;
}
