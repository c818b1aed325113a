// The post-deploy smoke test: checks a running privacy-ops API from outside, as its callers reach it,
// and prints each check as ok, FAIL or skip. Against AWS (--stage, --url) it signs the system call with
// the caller's own credentials and reads the stack, the SES identity and the alarms; against the local
// runtime (--local) it uses the API key npm start printed and skips what only AWS has.
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import createClient from 'openapi-fetch';
import type { paths } from '../client/privacy-ops.js';
import { stackNameFor } from '../infra/config.js';
import { StageName } from '../shared/deployment-config.js';

export const USAGE = `Usage: npm run smoke -- (--stage <name> | --url <base URL> | --local) [options]
  --stage <name>   the deployed stack of that stage (PrivacyOps-<name>; "default" for PrivacyOps): its ApiUrl,
                   SES identity and alarms are read with the caller's AWS credentials
  --url <base>     the API's base URL (with --stage: instead of the stack's ApiUrl; alone: the HTTP checks only)
  --local          the local runtime (npm start): --url, else env PRIVACY_OPS_URL, else http://localhost:$PORT
  --api-key <key>  with --local: the key npm start printed (default: env PRIVACY_OPS_API_KEY)
  --region <r>     the stack's Region (default: env AWS_REGION, then AWS_DEFAULT_REGION)`;

/** What the smoke test needs of AWS: the stack's outputs and alarms, the SES identity, and SigV4 signing. */
export interface SmokeAws {
  /** The outputs of stack `stackName`, by key; throws when the stack does not exist. */
  stackOutputs(stackName: string): Promise<Record<string, string>>;
  /** The alarms the stack declares, and which of them CloudWatch holds. */
  stackAlarms(stackName: string): Promise<{ declared: string[]; existing: string[] }>;
  /** The SES identity's DKIM status (SUCCESS once its records are found) and whether it may send. */
  identityStatus(identity: string): Promise<{ dkimStatus?: string; verifiedForSending: boolean }>;
  /** Headers that sign `request` for API Gateway (service execute-api) with the caller's credentials. */
  sign(request: { method: string; url: URL; headers: Record<string, string> }): Promise<Record<string, string>>;
}

export interface SmokeIo {
  env: Record<string, string | undefined>;
  fetch: typeof fetch;
  out: (text: string) => void;
  err: (text: string) => void;
  /** The AWS side, made for a Region; not called with --local. */
  aws: (region: string) => SmokeAws;
}

type Outcome = { status: 'ok' | 'FAIL' | 'skip'; detail: string };
interface Check {
  name: string;
  run: () => Promise<Outcome>;
}

const ok = (detail: string): Outcome => ({ status: 'ok', detail });
const fail = (detail: string): Outcome => ({ status: 'FAIL', detail });
const skip = (detail: string): Outcome => ({ status: 'skip', detail });

class UsageError extends Error {
  override name = 'UsageError';
}

function parseCommandLine(argv: readonly string[]) {
  try {
    return parseArgs({
      args: [...argv],
      options: {
        stage: { type: 'string' },
        url: { type: 'string' },
        local: { type: 'boolean' },
        'api-key': { type: 'string' },
        region: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n\n${USAGE}`);
  }
}

/** How the system call authenticates: SigV4 with the caller's credentials in AWS, the API key locally. */
type Authenticate = (method: string, url: URL) => Promise<Record<string, string>>;

/** A made-up token of the shape the emailed links carry: it names no request, so the page says the link is not valid. */
const unknownToken = () => randomBytes(32).toString('base64url');

function httpChecks(base: string, authenticate: Authenticate, fetchFn: typeof fetch, expectedHost?: string): Check[] {
  const at = (path: string) => new URL(`${base}${path}`);
  // The calls a company system makes go through the client generated from the OpenAPI document.
  const client = createClient<paths>({ baseUrl: base.replace(/\/+$/, ''), fetch: (request) => fetchFn(request, { redirect: 'manual' }) });
  const reach = async <T>(origin: string, call: () => Promise<T>): Promise<T> => {
    try {
      return await call();
    } catch (error) {
      const code = (error as { cause?: { code?: string } }).cause?.code;
      throw new Error(`cannot reach ${origin}${code ? ` (${code})` : ''}`);
    }
  };
  const guarded = (run: () => Promise<Outcome>) => async () => {
    try {
      return await run();
    } catch (error) {
      return fail((error as Error).message);
    }
  };
  return [
    {
      name: 'health',
      run: guarded(async () => {
        const url = at('/health');
        if (expectedHost && url.host !== expectedHost) return fail(`${url.origin} is not the custom domain ${expectedHost}`);
        const { response } = await reach(url.origin, () => client.GET('/health'));
        return response.status === 200 ? ok(`200 from ${url.origin}/health`) : fail(`${url.origin}/health answered ${response.status}`);
      }),
    },
    {
      name: 'OpenAPI document',
      run: guarded(async () => {
        const { response, data } = await reach(at('/').origin, () => client.GET('/openapi.json'));
        if (response.status !== 200) return fail(`/openapi.json answered ${response.status}`);
        const document = (data ?? {}) as { openapi?: string; paths?: Record<string, unknown> };
        const paths = Object.keys(document.paths ?? {});
        return document.openapi && paths.includes('/v1/verify/{token}')
          ? ok(`OpenAPI ${document.openapi}, ${paths.length} paths`)
          : fail('/openapi.json is not the API description (no openapi version or no /v1/verify/{token})');
      }),
    },
    {
      name: 'system call',
      run: guarded(async () => {
        const url = at('/v1/systems');
        const headers = await authenticate('GET', url);
        const { response, error } = await reach(url.origin, () => client.GET('/v1/systems', { headers }));
        if (response.status === 200) return ok('GET /v1/systems answered 200 to the authenticated call');
        const detail = (error as { detail?: string } | undefined)?.detail;
        return fail(`GET /v1/systems answered ${response.status}${detail ? `: ${detail}` : ''}`);
      }),
    },
    {
      name: 'verification link',
      run: guarded(async () => {
        // The host and path an emailed link names must reach the function behind it: for a token it never
        // issued, that is the "link not valid" page (404, HTML); a route the gateway lacks answers 403 problem+json.
        const token = unknownToken();
        const url = at(`/v1/verify/${token}`);
        const { response } = await reach(url.origin, () =>
          client.GET('/v1/verify/{token}', { params: { path: { token } }, headers: { accept: 'text/html' }, parseAs: 'text' }),
        );
        const type = response.headers.get('content-type') ?? '';
        return response.status === 404 && type.startsWith('text/html')
          ? ok(`${url.host}/v1/verify/… reaches the confirmation page`)
          : fail(`${url.host}/v1/verify/… answered ${response.status} ${type || 'without a content type'}, not the page for an unknown link`);
      }),
    },
  ];
}

function awsChecks(aws: SmokeAws, stackName: string, outputs: Record<string, string>): Check[] {
  return [
    {
      name: 'SES identity',
      run: async () => {
        const identity = outputs.EmailIdentity;
        if (!identity) return fail(`stack ${stackName} has no EmailIdentity output`);
        const status = await aws.identityStatus(identity);
        if (status.dkimStatus !== 'SUCCESS') return fail(`${identity}: DKIM ${status.dkimStatus ?? 'not set up'} (create its DNS records, docs/deploy.md)`);
        return status.verifiedForSending
          ? ok(`${identity}: DKIM SUCCESS, verified for sending`)
          : fail(`${identity}: DKIM SUCCESS but not verified for sending`);
      },
    },
    {
      name: 'alarms',
      run: async () => {
        const { declared, existing } = await aws.stackAlarms(stackName);
        const missing = declared.filter((name) => !existing.includes(name));
        if (declared.length === 0) return fail(`stack ${stackName} declares no alarms`);
        return missing.length === 0 ? ok(`${declared.length} alarms in CloudWatch`) : fail(`missing in CloudWatch: ${missing.join(', ')}`);
      },
    },
  ];
}

const localSkips: Check[] = [
  { name: 'SES identity', run: async () => skip('the local runtime has no SES identity') },
  { name: 'alarms', run: async () => skip('the local runtime has no CloudWatch alarms') },
];

/** Runs the checks for `argv`, prints one line each, and answers the exit code: 0 when none failed. */
export async function runSmoke(argv: readonly string[], io: SmokeIo): Promise<number> {
  let checks: Check[];
  try {
    const values = parseCommandLine(argv);
    if (values.help) {
      io.out(USAGE);
      return 0;
    }
    const modes = [values.stage !== undefined || (values.url !== undefined && !values.local), values.local === true].filter(Boolean).length;
    if (modes !== 1 || (values.local && values.stage !== undefined)) throw new UsageError(`Name one target: --stage, --url or --local.\n\n${USAGE}`);
    const trim = (url: string) => url.replace(/\/+$/, '');
    if (values.url !== undefined && !/^https?:\/\/[^\s/]+/.test(values.url)) throw new UsageError(`--url must be an http(s) URL\n\n${USAGE}`);

    if (values.local) {
      const base = trim(values.url ?? io.env.PRIVACY_OPS_URL ?? `http://localhost:${io.env.PORT || 3000}`);
      const apiKey = values['api-key'] ?? io.env.PRIVACY_OPS_API_KEY ?? '';
      if (!apiKey) throw new UsageError('No API key: pass the key npm start printed with --api-key or PRIVACY_OPS_API_KEY.');
      io.out(`privacy-ops smoke test: the local runtime at ${base}`);
      checks = [...httpChecks(base, async () => ({ 'x-api-key': apiKey }), io.fetch), ...localSkips];
    } else {
      const region = values.region ?? io.env.AWS_REGION ?? io.env.AWS_DEFAULT_REGION;
      if (!region) throw new UsageError('No Region: pass --region or set AWS_REGION.');
      const aws = io.aws(region);
      const authenticate: Authenticate = (method, url) => aws.sign({ method, url, headers: { host: url.host } });
      if (values.stage === undefined) {
        const base = trim(values.url!);
        io.out(`privacy-ops smoke test: ${base} (no --stage: the stack, the SES identity and the alarms are not checked)`);
        checks = httpChecks(base, authenticate, io.fetch);
      } else {
        if (values.stage !== 'default' && !StageName.safeParse(values.stage).success) throw new UsageError('--stage must be a stage name such as prod');
        const stackName = stackNameFor(values.stage === 'default' ? undefined : values.stage);
        let outputs: Record<string, string>;
        try {
          outputs = await aws.stackOutputs(stackName);
        } catch (error) {
          io.out(`FAIL  stack: ${stackName} in ${region}: ${(error as Error).message}`);
          return 1;
        }
        const base = trim(values.url ?? outputs.ApiUrl ?? '');
        if (!base) {
          io.out(`FAIL  stack: ${stackName} has no ApiUrl output`);
          return 1;
        }
        const domain = values.url ? undefined : new URL(base).host;
        io.out(`privacy-ops smoke test: stack ${stackName} in ${region}, ${base}`);
        checks = [...httpChecks(base, authenticate, io.fetch, domain), ...awsChecks(aws, stackName, outputs)];
      }
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(error.message);
      return 2;
    }
    throw error;
  }

  let failed = 0;
  for (const check of checks) {
    const outcome = await check.run().catch((error: Error) => fail(error.message));
    if (outcome.status === 'FAIL') failed += 1;
    io.out(`${outcome.status.padEnd(4)}  ${check.name}: ${outcome.detail}`);
  }
  io.out(failed === 0 ? 'All checks passed.' : `${failed} check${failed === 1 ? '' : 's'} failed.`);
  return failed === 0 ? 0 : 1;
}
