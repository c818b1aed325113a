// Wiring for the inventory handlers: adapters created once per cold start, from configuration.
import { requireEnv } from '../../shared/config.js';
import { SystemStore } from '../../shared/fulfilment/system-store.js';
import { tables } from '../../shared/resources.js';
import { systemSecretsKey } from '../../shared/secrets.js';

let store: SystemStore | undefined;

/** The data inventory on the configured table, sealing webhook secrets with the system secrets key. */
export function systemStore(): SystemStore {
  store ??= new SystemStore({ tableName: requireEnv(tables.systems.envVar), secretKey: systemSecretsKey });
  return store;
}
