// Wiring: the data inventory.
import { tableName } from '../../shared/config.js';
import { SystemStore } from '../../shared/fulfilment/system-store.js';
import { once } from '../../shared/once.js';
import { systemSecretsKey } from '../../shared/secrets.js';

/** The data inventory, sealing webhook secrets with the system secrets key. */
export const systemStore = /* @__PURE__ */ once(() => new SystemStore({ tableName: tableName('systems'), secretKey: systemSecretsKey }));
