// Wiring for the disclosure register handlers: the adapter created once per cold start.
import { requireEnv } from '../../shared/config.js';
import { DisclosureRegister } from '../../shared/notifications/disclosure-register.js';
import { tables } from '../../shared/resources.js';

let register: DisclosureRegister | undefined;

export function disclosureRegister(): DisclosureRegister {
  register ??= new DisclosureRegister(requireEnv(tables.disclosures.envVar));
  return register;
}
