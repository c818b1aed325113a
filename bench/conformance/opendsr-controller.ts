// A controller written from the OpenDSR 2.0 text alone (node:crypto, node:http and fetch; nothing of
// this project): discovery, filing, status, cancellation, errors, and every callback verified
// against the certificate the processor serves.
//   API=http://localhost:3107 KEY=<the API key npm start prints> npx tsx bench/conformance/opendsr-controller.ts
// KEY authenticates the controller (the spec leaves that to the processor, §4.3), and once plays the
// privacy team refusing a request, so that a status change the controller did not make is called back.
import { X509Certificate, randomUUID, verify } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const api = process.env.API ?? 'http://localhost:3000';
const key = process.env.KEY ?? '';
const callbackWaitMs = Number(process.env.CALLBACK_WAIT_MS ?? 90_000);
const base = `${api}/opendsr/v2`;

let failures = 0;
function check(clause: string, holds: boolean, detail = ''): void {
  if (!holds) failures += 1;
  console.log(`${holds ? 'ok  ' : 'FAIL'} ${clause}${detail ? ` (${detail})` : ''}`);
}

// §6: discovery, then the certificate it names.
const discoveryResponse = await fetch(`${base}/discovery`, { headers: { accept: 'application/json' } });
const discoveryText = await discoveryResponse.text();
const discovery = JSON.parse(discoveryText) as { api_version: string; processor_certificate: string; supported_subject_request_types: string[] };
check(
  '§6.3 discovery names api_version, identities, request types and the certificate',
  discovery.api_version === '2.0' && Boolean(discovery.processor_certificate),
);
const certificate = new X509Certificate(await (await fetch(discovery.processor_certificate)).text());
const domain = discoveryResponse.headers.get('x-opendsr-processor-domain') ?? '';
check(
  '§6.3 processor_certificate is an X.509 certificate for the processor domain',
  /^[\d.]+$/.test(domain) ? certificate.checkIP(domain) === domain : certificate.checkHost(domain) === domain,
  domain,
);

/** §8.8 step 4: the signature over the raw body, before parsing it. */
const signatureHolds = (body: string, signature: string | null | undefined) =>
  Boolean(signature) && verify('sha256', Buffer.from(body, 'utf8'), certificate.publicKey, Buffer.from(signature!, 'base64'));
check("§6.3 the certificate is published on the discovery's domain", new URL(discovery.processor_certificate).hostname === domain, domain);

// §8.5: the controller's callback endpoint, authenticating each callback as §8.8 says.
const callbacks: { valid: boolean; body: Record<string, unknown> }[] = [];
const receiver = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    const text = Buffer.concat(chunks).toString('utf8');
    const valid = request.headers['x-opendsr-processor-domain'] === domain && signatureHolds(text, request.headers['x-opendsr-signature'] as string);
    callbacks.push({ valid, body: JSON.parse(text) as Record<string, unknown> });
    response.writeHead(valid ? 200 : 403).end();
  });
});
await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
const callbackUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/opendsr/callbacks`;

const headers = { 'x-api-key': key, 'content-type': 'application/json', accept: 'application/json' };
const newRequest = (type: string) => ({
  subject_request_id: randomUUID(),
  subject_request_type: type,
  submitted_time: new Date(Date.now() - 60_000).toISOString(),
  subject_identities: [{ identity_type: 'email', identity_value: `spec.subject+${randomUUID().slice(0, 8)}@example.com`, identity_format: 'raw' }],
  api_version: '2.0',
  regulation: 'gdpr',
  status_callback_urls: [callbackUrl],
});

// §7: a request, its signed 201 answer and the encoded request.
const request = newRequest('erasure');
const requestText = JSON.stringify(request);
const filed = await fetch(`${base}/requests`, { method: 'POST', headers, body: requestText });
const filedText = await filed.text();
const filedBody = JSON.parse(filedText) as Record<string, string>;
check('§7.3 a well-formed request is a 201', filed.status === 201, `${filed.status}`);
check('§7.3 the answer is signed', signatureHolds(filedText, filed.headers.get('x-opendsr-signature')));
check('§7.3 encoded_request is the request, base64', Buffer.from(filedBody.encoded_request ?? '', 'base64').toString('utf8') === requestText);
check(
  '§7.3 controller_id, expected_completion_time, received_time, subject_request_id',
  ['controller_id', 'expected_completion_time', 'received_time'].every((field) => Boolean(filedBody[field])) &&
    filedBody.subject_request_id === request.subject_request_id,
);

// §8.1: status.
const status = await fetch(`${base}/requests/${request.subject_request_id}`, { headers });
const statusText = await status.text();
check(
  '§8.3 the status is signed and names a defined status',
  signatureHolds(statusText, status.headers.get('x-opendsr-signature')) &&
    ['pending', 'in_progress', 'completed', 'cancelled'].includes((JSON.parse(statusText) as { request_status: string }).request_status),
);

// §7.5: an error carries the error object.
const invalid = await fetch(`${base}/requests`, {
  method: 'POST',
  headers,
  body: JSON.stringify({ ...newRequest('erasure'), subject_request_type: 'rectification' }),
});
const invalidBody = (await invalid.json()) as { error?: { code?: number; errors?: { domain: string; reason: string; message: string }[] } };
check(
  '§7.5–7.7 an invalid request is a 400 with the error object',
  invalid.status === 400 && invalidBody.error?.code === 400 && Array.isArray(invalidBody.error.errors),
);

// §9: a second request, cancelled by the controller.
const second = newRequest('access');
await fetch(`${base}/requests`, { method: 'POST', headers, body: JSON.stringify(second) });
const cancelled = await fetch(`${base}/requests/${second.subject_request_id}`, { method: 'DELETE', headers });
const cancelledText = await cancelled.text();
check('§9.2 a cancellation is a signed 202', cancelled.status === 202 && signatureHolds(cancelledText, cancelled.headers.get('x-opendsr-signature')));

// The privacy team refuses the first request (not an OpenDSR call): its status changes without the controller.
const listed = (await (await fetch(`${api}/v1/requests?limit=20`, { headers })).json()) as { items: { id: string; channel: string; status: string }[] };
const core = listed.items.find((item) => item.channel === 'opendsr' && item.status === 'awaiting-verification');
if (core)
  await fetch(`${api}/v1/requests/${core.id}/deny`, { method: 'POST', headers, body: JSON.stringify({ code: 'unverified', reason: 'Not confirmed.' }) });

const deadline = Date.now() + callbackWaitMs;
while (Date.now() < deadline && callbacks.length === 0) await new Promise((resolve) => setTimeout(resolve, 2_000));
check('§8.5 a status change is called back', callbacks.length > 0, `${callbacks.length} callbacks`);
for (const callback of callbacks) {
  check('§8.6 / §8.8 the callback verifies against the served certificate', callback.valid);
  check('§8.8 step 6 status_callback_url is this endpoint', callback.body.status_callback_url === callbackUrl);
}

receiver.close();
console.log(failures ? `${failures} check(s) failed` : 'every check held');
process.exit(failures ? 1 : 0);
