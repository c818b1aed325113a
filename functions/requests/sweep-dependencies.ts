// Wiring for the deadline sweep: the request store, the mailer and the near-deadline setting, once per cold start.
import { ConfigError, optionalEnv } from '../../shared/config.js';
import { DEFAULT_NEAR_DEADLINE_DAYS, type SweepDeps } from '../../shared/requests/deadline-sweep.js';
import { notify } from '../verification/dependencies.js';
import { requestStore } from './dependencies.js';

/** The environment variable that sets how many days before a deadline count as near it. */
export const NEAR_DEADLINE_DAYS_ENV = 'NEAR_DEADLINE_DAYS';

/** Days before a deadline that count as near it: a whole number from 0 to 90, or throws at start-up. */
export function nearDeadlineDays(): number {
  const raw = optionalEnv(NEAR_DEADLINE_DAYS_ENV, String(DEFAULT_NEAR_DEADLINE_DAYS));
  const days = Number(raw);
  if (!Number.isInteger(days) || days < 0 || days > 90) {
    throw new ConfigError(`The setting ${NEAR_DEADLINE_DAYS_ENV} must be a whole number of days from 0 to 90`);
  }
  return days;
}

let deps: SweepDeps | undefined;

export function sweepDeps(): SweepDeps {
  deps ??= { store: requestStore(), notify: notify(), now: () => new Date(), nearDeadlineDays: nearDeadlineDays() };
  return deps;
}
