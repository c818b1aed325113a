// How every Lambda bundle is built: the CDK functions and the benchmarks share these settings.

/** The Node.js release Lambda runs; bundles target it. */
export const LAMBDA_NODE_TARGET = 'node22';

/**
 * ESM needs `require` for the few CommonJS dependencies esbuild leaves as dynamic requires.
 * Identifiers are prefixed so they never clash with bundled code.
 */
export const ESM_REQUIRE_SHIM =
  "import { createRequire as __privacyOpsCreateRequire } from 'node:module'; const require = __privacyOpsCreateRequire(import.meta.url);";

/** esbuild settings common to the CDK bundles and the benchmark bundles. */
export const bundleSettings = {
  format: 'esm',
  platform: 'node',
  target: LAMBDA_NODE_TARGET,
  minify: true,
  sourcemap: true,
  // Stack traces need only the mappings; the sources inside the map would triple its size, and
  // Node reads the whole map when it loads a bundle with --enable-source-maps.
  sourcesContent: false,
  mainFields: ['module', 'main'],
  banner: ESM_REQUIRE_SHIM,
} as const;

/** Environment every function starts with: stack traces point at the TypeScript sources. */
export const LAMBDA_NODE_OPTIONS = '--enable-source-maps';

/**
 * esbuild settings for the scripts the pages load in a browser (`scripts` in the Lambda catalogue):
 * one self-contained file each, built at deployment beside the function's bundle and by the local
 * runtime from the same sources. Licence comments of what is bundled stay at the end of the file.
 */
export const browserScriptSettings = {
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: 'es2022',
  minify: true,
  legalComments: 'eof',
} as const;

/** The esbuild command-line flags for `browserScriptSettings`, building `entry` into `outfile`. */
export function browserScriptFlags(entry: string, outfile: string): string[] {
  const { bundle, format, platform, target, minify, legalComments } = browserScriptSettings;
  return [
    entry,
    ...(bundle ? ['--bundle'] : []),
    `--format=${format}`,
    `--platform=${platform}`,
    `--target=${target}`,
    ...(minify ? ['--minify'] : []),
    `--legal-comments=${legalComments}`,
    `--outfile=${outfile}`,
  ];
}
