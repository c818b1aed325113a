// Reading the data inventory back: one system by id, or all of them.
import { NotFoundError } from '../errors.js';
import { SYSTEM_ID } from './register-system.js';
import type { StoredSystem, SystemStore } from './system-store.js';

/** The system with `systemId`, or NotFoundError. */
export async function getSystem(store: Pick<SystemStore, 'get'>, systemId: string): Promise<StoredSystem> {
  const system = SYSTEM_ID.test(systemId) ? await store.get(systemId) : undefined;
  if (!system) throw new NotFoundError('No system with this id.');
  return system;
}

/** Every registered system, ordered by id. */
export function listSystems(store: Pick<SystemStore, 'list'>): Promise<StoredSystem[]> {
  return store.list();
}
