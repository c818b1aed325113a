// The console's Shine the Light register (Cal. Civ. Code 1798.83): the third parties that received
// personal information for their own direct marketing in a calendar year, each as the answer to a
// person's request names it (describeRecipient, the function the answer itself is written with).
import { InvalidInputError } from '../errors.js';
import { type Disclosure, type DisclosureRegister, describeRecipient, disclosureYear } from '../notifications/disclosure-register.js';

/** The first year the register may be asked about: 1798.83 took effect in 2005. */
export const FIRST_REGISTER_YEAR = 2005;

export interface RegisterRow extends Disclosure {
  /** The recipient as a Shine the Light answer states it. */
  statement: string;
}

export interface RegisterYear {
  year: number;
  rows: RegisterRow[];
  /** The year whose requests this register answers: 1798.83 asks about the calendar year before. */
  answersRequestsOf: number;
  /** The year a request received now is answered from. */
  currentAnswerYear: number;
  /** The years the page offers: from the first to the one running. */
  years: number[];
}

/** The year the page opens on when none is asked: the one a request received now is answered from. */
export function defaultRegisterYear(now: Date, timeZone: string): number {
  return Number(disclosureYear(now.toISOString(), timeZone));
}

/** The register of `year`, ordered by recipient; a year before the law or after this one is the operator's mistake. */
export async function registerOfYear(register: Pick<DisclosureRegister, 'list'>, year: number, now: Date, timeZone: string): Promise<RegisterYear> {
  const thisYear = Number(new Intl.DateTimeFormat('en', { timeZone, year: 'numeric' }).format(now));
  if (!Number.isInteger(year) || year < FIRST_REGISTER_YEAR || year > thisYear) {
    throw new InvalidInputError(`The register is kept for the years ${FIRST_REGISTER_YEAR} to ${thisYear}.`, 'year');
  }
  const found = await register.list(String(year));
  const rows = found
    .map((disclosure) => ({ ...disclosure, statement: describeRecipient(disclosure) }))
    .sort((a, b) => a.recipientId.localeCompare(b.recipientId));
  const years: number[] = [];
  for (let y = thisYear; y >= FIRST_REGISTER_YEAR && years.length < 10; y--) years.push(y);
  if (!years.includes(year)) years.push(year);
  return { year, rows, answersRequestsOf: year + 1, currentAnswerYear: defaultRegisterYear(now, timeZone), years };
}
