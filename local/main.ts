// `npm start`: runs the whole API locally. `npm start -- --memory` keeps nothing on disk.
import { parseArgs } from 'node:util';
import { startLocalRuntime } from './runtime.js';

const { values } = parseArgs({
  options: {
    memory: { type: 'boolean', default: false },
    'ad-audiences': { type: 'boolean', default: false },
    idv: { type: 'string', default: 'oidc' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (values.help) {
  console.log(
    [
      'Usage: npm start [-- --memory] [--ad-audiences] [--idv=oidc|hosted|none]',
      '  --memory        keep no data on disk (default: persist under .data/)',
      '  --ad-audiences  also register the advertising audiences, a marketing system that deletes on objection',
      '  --idv=KIND      the local stand-in identity-verification provider: oidc (default, an OpenID Connect provider),',
      '                  hosted (a hosted-session service with a signed webhook), none (no provider is offered)',
      'Env: PORT (default 3000), PRIVACY_OPS_API_KEY',
    ].join('\n'),
  );
  process.exit(0);
}

const IDV_CHOICES = { oidc: 'oidc', hosted: 'hosted', none: false } as const;
if (!Object.hasOwn(IDV_CHOICES, values.idv)) {
  console.error(`--idv must be oidc, hosted or none, not "${values.idv}"`);
  process.exit(2);
}
const identityProvider = IDV_CHOICES[values.idv as keyof typeof IDV_CHOICES];

const port = Number(process.env.PORT ?? 3000);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`PORT must be a port number, not "${process.env.PORT}"`);
  process.exit(2);
}

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
console.log('Starting privacy-ops: DynamoDB Local, s3rver, SES emulator…');
const runtime = await startLocalRuntime({
  port,
  memory: values.memory,
  adAudiences: values['ad-audiences'],
  apiKey: process.env.PRIVACY_OPS_API_KEY || undefined,
  accessLog: (line) => console.log(`[api] ${line}`),
  identityProvider,
}).catch((error: Error) => {
  console.error(`privacy-ops could not start: ${error.message}`);
  process.exit(1);
});

console.log(`
privacy-ops is running (${runtime.dataDir ? `data kept in ${runtime.dataDir}` : 'data in memory only'})
  API       ${runtime.apiUrl}
  OpenAPI   ${runtime.openApiUrl}
  Mailbox   ${runtime.mailboxUrl}
  Inbound mail: ${runtime.inboundMail.url}, to ${runtime.inboundMail.addresses.join(', ')}
  API key   ${runtime.apiKey}   (send as x-api-key on system routes: the operator's key, every route)
${Object.entries(runtime.roleKeys)
  .map(([role, key]) => `            ${key}   (${role}: only its routes, docs/security.md)`)
  .join('\n')}
  Console   ${runtime.console.url}   (docs/console.md)
${Object.entries(runtime.console.signIns)
  .map(([group, url]) => `            ${url}   (one-time sign-in as the demo ${group.replace('privacy-', '')})`)
  .join('\n')}
  Identity  ${
    runtime.identityProvider
      ? `${runtime.identityProvider.issuer}   (local stand-in verifier, ${
          runtime.identityProvider.kind === 'oidc'
            ? 'OpenID Connect; its sign-in page lists these people'
            : 'hosted sessions with a signed webhook; its session page lists these people'
        })\n${runtime.identityProvider.people.map((person) => `            ${person.name} <${person.email}>: ${person.note}`).join('\n')}`
      : 'none'
  }
  Demo      ${runtime.seeded.accounts ? `${runtime.seeded.accounts} accounts seeded, with their records in the demo company's systems` : 'the demo company as earlier runs left it (npm start -- --memory starts afresh)'}

Try:  curl ${runtime.apiUrl}/health
Press Ctrl-C to stop.`);

let stopping = false;
const stop = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping…`);
  const force = setTimeout(() => process.exit(1), 8000);
  force.unref();
  await runtime.stop();
  process.exit(0);
};
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
