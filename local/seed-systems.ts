// Registers the demo company's data inventory through the same use case PUT /v1/systems/{systemId} runs.
import { newSigningSecret, registerSystem, type RegisterSystemDeps } from '../shared/fulfilment/register-system.js';
import type { StoredSystem } from '../shared/fulfilment/system-store.js';
import { demoSystems } from './demo-data.js';

/**
 * Registers every demo system in `store`. A system already registered as described is left as
 * it is, so running this again changes nothing. Returns the systems as stored.
 */
export async function registerDemoSystems(store: RegisterSystemDeps['store'], now: () => Date = () => new Date()): Promise<StoredSystem[]> {
  const registered: StoredSystem[] = [];
  for (const { systemId, ...profile } of demoSystems) {
    const { system } = await registerSystem(systemId, profile, { store, now, newSecret: newSigningSecret });
    registered.push(system);
  }
  return registered;
}
