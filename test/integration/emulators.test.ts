// The emulators' ports: picked where outgoing connections never go, and DynamoDB Local started
// again elsewhere when its port was taken before the JVM bound it.
import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort, startDynamoDb, type Emulator } from '../../local/emulators.js';

describe('emulator ports', () => {
  const cleanup: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const undo of cleanup.splice(0).reverse()) await undo();
  });

  it('picks free ports below the ephemeral range outgoing connections take theirs from', async () => {
    // Act
    const ports = await Promise.all(Array.from({ length: 20 }, () => freePort()));

    // Assess
    for (const port of ports) expect(port).toBeGreaterThanOrEqual(20_000);
    for (const port of ports) expect(port).toBeLessThan(32_768);
  });

  it('starts DynamoDB Local on another port when the first one it was given is taken', async () => {
    // Prepare: something else holds the first port, and takes connections without ever answering
    const taken = await freePort();
    const held = new Set<Socket>();
    const blocker: Server = createServer((socket) => held.add(socket));
    await new Promise<void>((resolve) => blocker.listen(taken, '127.0.0.1', resolve));
    cleanup.push(
      () =>
        new Promise((resolve) => {
          for (const socket of held) socket.destroy();
          blocker.close(resolve);
        }),
    );
    const offered: number[] = [];
    const ports = [taken, await freePort()];

    // Act
    const dynamo: Emulator = await startDynamoDb({
      nextPort: async () => {
        const port = ports[offered.length]!;
        offered.push(port);
        return port;
      },
    });
    cleanup.push(() => dynamo.stop());

    // Assess
    expect(offered).toEqual(ports);
    expect(dynamo.endpoint).toBe(`http://127.0.0.1:${ports[1]}`);
    expect((await fetch(dynamo.endpoint)).status).toBeLessThan(500);
  });
});
