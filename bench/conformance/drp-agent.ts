// An authorized agent written from the Data Rights Protocol 1.0 text alone (node:crypto, node:http
// and fetch; nothing of this project): pairwise setup, every right, status, revoke, callbacks.
//   API=http://localhost:3107 KEY=<the API key npm start prints> npx tsx bench/conformance/drp-agent.ts
// KEY is used once, for the privacy team's step the protocol leaves out of band: enrolling the
// agent's verify key (Base64, as the DRP Service Directory publishes it).
import { generateKeyPairSync, randomUUID, sign } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const api = process.env.API ?? 'http://localhost:3000';
const key = process.env.KEY ?? '';
const businessId = process.env.BUSINESS_ID ?? 'privacy-ops';
const callbackWaitMs = Number(process.env.CALLBACK_WAIT_MS ?? 90_000);
const agentId = `spec-agent-${randomUUID().slice(0, 8)}`;

let failures = 0;
function check(clause: string, holds: boolean, detail = ''): void {
  if (!holds) failures += 1;
  console.log(`${holds ? 'ok  ' : 'FAIL'} ${clause}${detail ? ` (${detail})` : ''}`);
}

const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const verifyKey = Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url').toString('base64');

/** §3.07.1: the signature prepended to the JSON, base64 of the whole, sent as text/plain. */
function signed(message: unknown): string {
  const bytes = Buffer.from(JSON.stringify(message), 'utf8');
  return Buffer.concat([sign(null, bytes, privateKey), bytes]).toString('base64');
}

const envelope = (validFor = 10 * 60_000, issuedAt = Date.now()) => ({
  'agent-id': agentId,
  'business-id': businessId,
  'issued-at': new Date(issuedAt).toISOString(),
  'expires-at': new Date(issuedAt + validFor).toISOString(),
  'drp.version': '1.0',
});

// §2.03: the agent's status callback endpoint.
const callbacks: Record<string, unknown>[] = [];
const receiver = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    callbacks.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>);
    response.writeHead(200).end();
  });
});
await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
const statusCallback = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/update_status`;

const enrolled = await fetch(`${api}/v1/drp-agents/${agentId}`, {
  method: 'PUT',
  headers: { 'x-api-key': key, 'content-type': 'application/json' },
  body: JSON.stringify({ name: 'Spec agent', verifyKey }),
});
check('out of band: the privacy team enrols the Base64 verify key', enrolled.status === 201, `${enrolled.status}`);

const post = (path: string, body: string, headers: Record<string, string> = {}, method = 'POST') =>
  fetch(`${api}${path}`, { method, body, headers: { 'content-type': 'text/plain', ...headers } });

// §2.05 pairwise key setup, and its 403 with no body on failure.
const expiredSetup = await post(`/v1/agent/${agentId}`, signed(envelope(60_000, Date.now() - 3_600_000)));
check('§2.05.1 a setup that fails validation is 403 with no body', expiredSetup.status === 403 && (await expiredSetup.text()) === '');
const setup = await post(`/v1/agent/${agentId}`, signed(envelope()));
const setupBody = (await setup.json()) as { 'agent-id': string; token: string };
check('§2.05.1 setup answers agent-id and token', setup.status === 200 && setupBody['agent-id'] === agentId && typeof setupBody.token === 'string');
const bearer = { authorization: `Bearer ${setupBody.token}` };

// §2.06 agent information.
const info = await fetch(`${api}/v1/agent/${agentId}`, { headers: bearer });
check('§2.06.1 agent information is {} with 200', info.status === 200 && JSON.stringify(await info.json()) === '{}');
const mismatched = await fetch(`${api}/v1/agent/someone-else`, { headers: bearer });
check('§2.06.1 a mismatched agent-id is 403', mismatched.status === 403);

const STATES = ['open', 'in_progress', 'fulfilled', 'revoked', 'denied', 'expired'];
const filed: { right: string; id: string; status: string }[] = [];
for (const right of ['sale:opt-out', 'sale:opt-in', 'deletion', 'access', 'access:categories', 'access:specific']) {
  const agentRequestId = randomUUID();
  const exercise = {
    ...envelope(),
    'agent-request-id': agentRequestId,
    exercise: right,
    regime: 'ccpa',
    relationships: ['customer'],
    status_callback: statusCallback,
    name: 'Spec Person',
    email: `spec.person+${randomUUID().slice(0, 8)}@example.com`,
    email_verified: true,
  };
  const response = await post('/v1/data-rights-request', signed(exercise), bearer);
  const status = (await response.json()) as Record<string, string>;
  check(`§2.01.1 / §3.06 ${right}: 200 with an Exercise Status`, response.status === 200 && typeof status.request_id === 'string', `${response.status}`);
  check(`§3.03 ${right}: status is a defined state, agent_request_id echoed`, STATES.includes(status.status!) && status.agent_request_id === agentRequestId);
  check(`§3.03 ${right}: received_at and expected_by present`, Boolean(status.received_at && status.expected_by));
  if (status.reason === 'need_user_verification') {
    // §3.02.1: the URL is presented with redirect_to and request_id attached, and must open a page.
    const url = `${status.user_verification_url}?redirect_to=${encodeURIComponent('https://agent.example.org/back')}&request_id=${status.request_id}`;
    const page = status.user_verification_url ? await fetch(url, { redirect: 'manual' }) : undefined;
    check(
      `§3.02.1 ${right}: need_user_verification carries a user_verification_url that opens a page`,
      page?.status === 200 && (page.headers.get('content-type') ?? '').startsWith('text/html'),
      `${page?.status}`,
    );
  }
  filed.push({ right, id: status.request_id!, status: status.status! });
}

const unsupported = await post(
  '/v1/data-rights-request',
  signed({ ...envelope(), exercise: 'sale:opt-maybe', regime: 'ccpa', email: 'spec.unsupported@example.com' }),
  bearer,
);
const unsupportedBody = (await unsupported.json()) as { code?: string; message?: string; fatal?: boolean };
check(
  '§3.06 an unsupported right is an error with code and message',
  unsupported.status === 400 && unsupportedBody.code === '400' && typeof unsupportedBody.message === 'string',
);

for (const request of filed) {
  const read = await fetch(`${api}/v1/data-rights-request/${request.id}`, { headers: bearer });
  const status = (await read.json()) as Record<string, string>;
  check(`§2.02.1 ${request.right}: status reads back`, read.status === 200 && status.request_id === request.id, status.status);
  if (status.status === 'fulfilled') continue;
  const revoke = await post(`/v1/data-rights-request/${request.id}`, signed({ reason: 'The user changed their mind' }), bearer, 'DELETE');
  const revoked = (await revoke.json()) as Record<string, string>;
  check(`§2.04.1 ${request.right}: revoke answers the new revoked state`, revoke.status === 200 && revoked.status === 'revoked');
}

// §2.03: a callback for a change the agent did not make itself (the opt-out is carried out at once).
const deadline = Date.now() + callbackWaitMs;
while (Date.now() < deadline && !callbacks.some((body) => body.status === 'fulfilled')) await new Promise((resolve) => setTimeout(resolve, 2_000));
const fulfilled = callbacks.find((body) => body.status === 'fulfilled');
check('§2.03 the opt-out is called back fulfilled with an Exercise Status', fulfilled?.request_id === filed[0]!.id, `${callbacks.length} callbacks`);

receiver.close();
console.log(failures ? `${failures} check(s) failed` : 'every check held');
process.exit(failures ? 1 : 0);
