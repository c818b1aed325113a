// A proxy in front of one emulator that makes a share of the calls fail as the AWS service would:
// throttled or broken before the call is carried out, or broken after it was (the write is made,
// the answer lost). The SDK sees real service errors and retries as it would in AWS; the code
// above it must cope with whatever gets through.
import { createServer, request as forward, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type FaultService = 'dynamodb' | 's3' | 'ses';
export type FaultKind = 'throttle' | 'error' | 'lost-answer';

export interface FaultProxy {
  endpoint: string;
  /** Calls passed through and faults made so far, by kind. */
  counts(): { calls: number } & Record<FaultKind, number>;
  /** The share of calls that fail from now on (0 stops the faults). */
  setRate(rate: number): void;
  stop(): Promise<void>;
}

export interface FaultProxyOptions {
  service: FaultService;
  /** The emulator's endpoint. */
  target: string;
  rate: number;
  /** A source of numbers in [0, 1): seed it for a run that can be repeated. */
  random: () => number;
}

const KINDS: readonly FaultKind[] = ['throttle', 'error', 'lost-answer'];

/** Status, headers and body of an error as each service's protocol writes it. */
function serviceError(service: FaultService, kind: FaultKind): { status: number; headers: Record<string, string>; body: string } {
  const throttled = kind === 'throttle';
  switch (service) {
    case 'dynamodb':
      return {
        status: throttled ? 400 : 500,
        headers: { 'content-type': 'application/x-amz-json-1.0' },
        body: JSON.stringify({
          __type: `com.amazonaws.dynamodb.v20120810#${throttled ? 'ThrottlingException' : 'InternalServerError'}`,
          message: throttled ? 'Rate of requests exceeds the allowed throughput.' : 'Internal server error',
        }),
      };
    case 's3':
      return {
        status: throttled ? 503 : 500,
        headers: { 'content-type': 'application/xml' },
        body: `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${throttled ? 'SlowDown' : 'InternalError'}</Code><Message>Injected fault</Message><RequestId>fault</RequestId></Error>`,
      };
    case 'ses':
      return {
        status: throttled ? 429 : 500,
        headers: { 'content-type': 'application/json', 'x-amzn-errortype': throttled ? 'TooManyRequestsException' : 'InternalFailure' },
        body: JSON.stringify({ message: throttled ? 'Maximum sending rate exceeded.' : 'Internal failure' }),
      };
  }
}

function readAll(stream: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const target = new URL(options.target);
  let rate = options.rate;
  const counts = { calls: 0, throttle: 0, error: 0, 'lost-answer': 0 };

  const pass = async (req: IncomingMessage, body: Buffer): Promise<{ status: number; headers: IncomingMessage['headers']; body: Buffer }> =>
    new Promise((resolve, reject) => {
      const upstream = forward(
        { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...req.headers, host: target.host } },
        (res) => readAll(res).then((data) => resolve({ status: res.statusCode ?? 502, headers: res.headers, body: data }), reject),
      );
      upstream.on('error', reject);
      upstream.end(body);
    });

  const fail = (res: ServerResponse, kind: FaultKind) => {
    counts[kind] += 1;
    const error = serviceError(options.service, kind);
    res.writeHead(error.status, { ...error.headers, 'content-length': String(Buffer.byteLength(error.body)) });
    res.end(error.body);
  };

  const server = createServer((req, res) => {
    void (async () => {
      counts.calls += 1;
      const body = await readAll(req);
      const kind = options.random() < rate ? KINDS[Math.floor(options.random() * KINDS.length)]! : undefined;
      if (kind === 'throttle' || kind === 'error') return fail(res, kind);
      const answer = await pass(req, body);
      if (kind === 'lost-answer') return fail(res, 'lost-answer');
      const headers = { ...answer.headers };
      delete headers['transfer-encoding'];
      res.writeHead(answer.status, { ...headers, 'content-length': String(answer.body.byteLength) });
      res.end(answer.body);
    })().catch(() => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    counts: () => ({ ...counts }),
    setRate: (next) => {
      rate = next;
    },
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
