// What goes into a function's bundle decides its cold start: these keep the heaviest modules out of
// the functions that do not use them.
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { lambdas, type LambdaId } from '../../shared/lambdas.js';
import { bundleSettings } from '../../infra/bundling.js';

const projectRoot = fileURLToPath(new URL('../..', import.meta.url));

/** The modules with code in `lambda`'s bundle, built with the settings CDK uses. */
async function bundledModules(lambda: LambdaId): Promise<string[]> {
  const result = await build({
    ...bundleSettings,
    mainFields: [...bundleSettings.mainFields],
    banner: { js: bundleSettings.banner },
    entryPoints: [lambdas[lambda].entry],
    outfile: 'index.mjs',
    absWorkingDir: projectRoot,
    bundle: true,
    metafile: true,
    write: false,
    logLevel: 'silent',
  });
  return Object.values(result.metafile.outputs).flatMap((output) =>
    Object.entries(output.inputs)
      .filter(([, input]) => input.bytesInOutput > 0)
      .map(([path]) => path),
  );
}

const holidayData = (modules: string[]) => modules.filter((path) => /node_modules\/(date-holidays|moment-timezone)\//.test(path));
const zodLocales = (modules: string[]) => modules.filter((path) => /node_modules\/zod\/v4\/locales\//.test(path));

describe('function bundles', () => {
  it('hold the holiday calendars only where deadlines are counted', async () => {
    // Act
    const [filing, consenting, reading, listing, finishing] = await Promise.all([
      bundledModules('createRequest'),
      bundledModules('recordConsent'),
      bundledModules('getRequest'),
      bundledModules('listRequests'),
      bundledModules('finishRequest'),
    ]);

    // Assess
    expect(holidayData(filing)).not.toEqual([]);
    // A consent that files the request carrying it out counts that request's deadline.
    expect(holidayData(consenting)).not.toEqual([]);
    // Finishing writes the consent register but files nothing.
    expect(holidayData(finishing)).toEqual([]);
    expect(holidayData(reading)).toEqual([]);
    expect(holidayData(listing)).toEqual([]);
  });

  it('take from zod only the English messages, not every locale', async () => {
    // Act
    const modules = await bundledModules('recordConsent');

    // Assess
    expect(modules.some((path) => path.includes('node_modules/zod/'))).toBe(true);
    expect(zodLocales(modules).map((path) => path.slice(path.lastIndexOf('/') + 1))).toEqual(['en.js']);
  });
});
