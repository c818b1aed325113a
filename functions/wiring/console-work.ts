// Wiring: what the console's inbox, systems, policies and Shine the Light pages read, and the triage
// actions, which file requests as the signed-in operator.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { config } from '../../shared/config.js';
import { operatorActorId, type ConsoleSession } from '../../shared/console/session.js';
import type { ReceiveMailDeps } from '../../shared/intake/receive-mail.js';
import { logger } from '../../shared/logger.js';
import { directorySize } from '../../shared/notifications/directory-size.js';
import { once } from '../../shared/once.js';
import { traced } from '../../shared/tracer.js';
import { fileRequest } from '../../shared/requests/file-request.js';
import { disclosureRegister } from './disclosures.js';
import { filingDeps } from './filing.js';
import { inboxStore, receiveMailDeps } from './intake.js';
import { policyStore } from './policies.js';
import { jurisdictionTimeZones } from './requests.js';
import { systemStore } from './systems.js';
import { taskStore } from './tasks.js';

/** What the inbox page reads: the open mails and the days after which one is overdue (the sweep's). */
export const triageInboxDeps = /* @__PURE__ */ once(() => ({ inbox: inboxStore(), alarmDays: config('triageAlarmDays') }));

/**
 * Intake's own dependencies, with the requests a classification files recorded as filed by the
 * signed-in operator (their user pool id), not by the intake.
 */
export function consoleTriageDeps(session: ConsoleSession): ReceiveMailDeps {
  const filing = { ...filingDeps({ kind: 'operator', id: operatorActorId(session) }), inventory: systemStore() };
  return { ...receiveMailDeps(), file: (input) => fileRequest(input, filing) };
}

/** What the systems page reads: the inventory and the task records. */
export const systemsOverviewDeps = /* @__PURE__ */ once(() => ({ systems: systemStore(), tasks: taskStore() }));

/** The policy versions and their campaigns. */
export const consolePolicies = policyStore;

const directoryClient = /* @__PURE__ */ once(() => traced(new DynamoDBClient({})));

/**
 * The account directory's size as DynamoDB last counted it, which a running campaign's bar measures
 * against; undefined when it cannot be read (the bar then shows the campaign running, no share).
 */
export async function directoryEstimate(): Promise<number | undefined> {
  try {
    return await directorySize(directoryClient(), config('accountDirectoryTable'));
  } catch (error) {
    logger.warn('The account directory could not be counted', { error: (error as Error).name });
    return undefined;
  }
}

/** The Shine the Light register, and the zone its years are counted in (California's: 1798.83 is its law). */
export const registerDeps = /* @__PURE__ */ once(() => ({ register: disclosureRegister(), timeZone: jurisdictionTimeZones().ccpa }));
