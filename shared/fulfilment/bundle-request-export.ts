// Bundles a request's export: the systems' parts into one zip, described in the subject's language.
import { NotFoundError } from '../errors.js';
import type { RequestStore } from '../requests/request-store.js';
import { bundleExport, type BundleController, type BundleExportDeps } from './export-bundle.js';
import type { DataSystem, SystemOutcome } from './model.js';

export interface BundleRequestDeps extends BundleExportDeps {
  store: RequestStore;
  systems: { list(): Promise<DataSystem[]> };
  controller: BundleController;
}

export async function bundleRequestExport(
  input: { requestId: string; outcomes: SystemOutcome[]; decided: SystemOutcome[] },
  deps: BundleRequestDeps,
): Promise<{ key: string }> {
  const request = await deps.store.get(input.requestId);
  if (!request) throw new NotFoundError(`No request ${input.requestId}.`);
  const outcomes = [...input.decided, ...input.outcomes];
  const ids = new Set(outcomes.map((o) => o.systemId));
  const systems = (await deps.systems.list()).filter((s) => ids.has(s.systemId));
  const bundle = await bundleExport(
    {
      requestId: request.id,
      subjectLocale: request.subject.locale,
      jurisdiction: request.jurisdiction,
      systems,
      outcomes,
      // Times in the README are in the request's time zone, the one its deadlines are counted in.
      controller: { ...deps.controller, timeZone: request.deadlines.timeZone },
    },
    deps,
  );
  return { key: bundle.key };
}
