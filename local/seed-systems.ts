// Registers the demo company's data inventory through the same use case PUT /v1/systems/{systemId} runs.
import { newSigningSecret, registerSystem, type RegisterSystemDeps } from '../shared/fulfilment/register-system.js';
import type { StoredSystem } from '../shared/fulfilment/system-store.js';
import { demoAdAudiences, demoSystems, type DemoSystem } from './demo-data.js';

/**
 * Registers every demo system in `store`, with the advertising audiences when asked. A system already registered as described is left as
 * it is, so running this again changes nothing. Returns the systems as stored.
 */
export async function registerDemoSystems(
  store: RegisterSystemDeps['store'],
  now: () => Date = () => new Date(),
  options: { adAudiences?: boolean } = {},
): Promise<StoredSystem[]> {
  const registered: StoredSystem[] = [];
  const systems: DemoSystem[] = options.adAudiences ? [...demoSystems, demoAdAudiences] : demoSystems;
  for (const { systemId, ...profile } of systems) {
    const { system } = await registerSystem(systemId, profile, { store, now, newSecret: newSigningSecret });
    registered.push(system);
  }
  return registered;
}
