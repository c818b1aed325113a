// What goes into a function's bundle decides its cold start: these keep the heaviest modules out of
// the functions that do not use them.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
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

const holidayEngines = (modules: string[]) => modules.filter((path) => /node_modules\/(date-holidays[^/]*|moment-timezone|moment|astronomia)\//.test(path));
const holidayTable = (modules: string[]) => modules.filter((path) => path.endsWith('shared/domain/holiday-table.ts'));
const identityProviders = (modules: string[]) =>
  modules.filter((path) => /node_modules\/(openid-client|oauth4webapi)\/|shared\/verification\/(oidc|hosted)-identity-provider\.ts$/.test(path));
const zodLocales = (modules: string[]) => modules.filter((path) => /node_modules\/zod\/v4\/locales\//.test(path));

/** The installed copies of readable-stream whose code a bundle holds, by their package folder. */
const streamCopies = (modules: string[]) => [...new Set(modules.flatMap((path) => /^(.*node_modules\/readable-stream)\//.exec(path)?.[1] ?? []))].sort();
describe('function bundles', () => {
  // Five bundles at once: well within a minute alone, longer beside the rest of the suite.
  it('hold the generated holiday table where deadlines are counted, and no holiday engine anywhere', { timeout: 180_000 }, async () => {
    // Act
    const [filing, consenting, openDsr, drp, finishing] = await Promise.all([
      bundledModules('createRequest'),
      bundledModules('recordConsent'),
      bundledModules('openDsrCreate'),
      bundledModules('drpCreate'),
      bundledModules('finishRequest'),
    ]);

    // Assess
    for (const counting of [filing, consenting, openDsr, drp]) {
      expect(holidayTable(counting)).toHaveLength(1);
      expect(holidayEngines(counting)).toEqual([]);
    }
    // Finishing writes the consent register but files nothing.
    expect(holidayTable(finishing)).toEqual([]);
  });

  it('leave the identity provider out of the functions that only file, mail links or ask for it: it comes in behind the confirmation link', {
    timeout: 180_000,
  }, async () => {
    // Act
    const without = await Promise.all(
      (['createRequest', 'openDsrCreate', 'drpCreate', 'receiveMail', 'resendVerification', 'requireIdentity', 'consoleAct'] as const).map(bundledModules),
    );
    const confirming = await bundledModules('confirmVerification');

    // Assess
    for (const modules of without) expect(identityProviders(modules)).toEqual([]);
    expect(identityProviders(confirming).length).toBeGreaterThan(0);
  });

  it('hold the zip writer alone in the export bundler, with one copy of readable-stream and none of archiver', async () => {
    // Act
    const modules = await bundledModules('bundleExport');

    // Assess
    expect(streamCopies(modules)).toEqual(['node_modules/readable-stream']);
    expect(modules.some((path) => path.includes('node_modules/compress-commons/'))).toBe(true);
    expect(modules.filter((path) => /node_modules\/(archiver|archiver-utils|zip-stream|glob|lodash|tar-stream|async)\//.test(path))).toEqual([]);
  });

  it('serve the OpenAPI document without building it from the schemas', async () => {
    // Act
    const modules = await bundledModules('openapi');

    // Assess
    expect(modules.some((path) => path.includes('node_modules/@asteasolutions/zod-to-openapi/'))).toBe(false);
    expect(modules.filter((path) => path.endsWith('.schema.ts'))).toEqual([]);
  });

  // `import { z } from 'zod'` is the namespace as one object, which brings every locale: the console's schemas once did.
  it('take from zod only the English messages, not every locale', { timeout: 120_000 }, async () => {
    // Act
    const [consenting, consoleQueue] = await Promise.all([bundledModules('recordConsent'), bundledModules('consoleQueue')]);

    // Assess
    for (const modules of [consenting, consoleQueue]) {
      expect(modules.some((path) => path.includes('node_modules/zod/'))).toBe(true);
      expect(zodLocales(modules).map((path) => path.slice(path.lastIndexOf('/') + 1))).toEqual(['en.js']);
    }
  });

  it("import zod as a namespace in every source a function bundles, so none of them brings zod's every locale", () => {
    // Prepare
    const sources = ['functions', 'shared'].flatMap((folder) =>
      readdirSync(join(projectRoot, folder), { recursive: true, encoding: 'utf8' })
        .filter((path) => path.endsWith('.ts'))
        .map((path) => join(folder, path)),
    );

    // Act
    const named = sources.filter((path) => /import\s*\{[^}]*\bz\b[^}]*\}\s*from\s*'zod'/.test(readFileSync(join(projectRoot, path), 'utf8')));

    // Assess
    expect(sources.length).toBeGreaterThan(100);
    expect(named).toEqual([]);
  });

  it('hold the schemas of what a route reads, not of what it answers, which only the OpenAPI document needs', { timeout: 120_000 }, async () => {
    // Act
    const [filing, consoleQueue] = await Promise.all([bundledModules('createRequest'), bundledModules('consoleQueue')]);

    // Assess
    expect(filing).toContain('functions/requests/request.schema.ts');
    expect(consoleQueue).toContain('functions/reports/report.schema.ts');
    for (const modules of [filing, consoleQueue]) {
      expect(modules.filter((path) => path.endsWith('-resources.schema.ts'))).toEqual([]);
      expect(modules.filter((path) => path.endsWith('functions/fulfilment/task.schema.ts'))).toEqual([]);
    }
  });
});
