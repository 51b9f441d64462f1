/**
 * Ports for the servers we start are chosen below the kernel's ephemeral range (where outgoing
 * connections take theirs), free when chosen, and never the same for two processes choosing at
 * once: real sockets, real child processes.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { freePort } from '../../publisher/lib/ports.ts';
import { repoRoot } from '../../scripts/lib/paths.ts';

const run = promisify(execFile);
const ephemeralLow = async () => Number((await readFile('/proc/sys/net/ipv4/ip_local_port_range', 'utf8')).trim().split(/\s+/)[0]);

it('chooses ports below the ephemeral range, each one free to listen on', async () => {
  const low = await ephemeralLow();
  const ports = await Promise.all(Array.from({ length: 20 }, () => freePort()));
  expect(new Set(ports).size).toBe(ports.length);
  for (const port of ports) {
    expect(port).toBeLessThan(low);
    expect(port).toBeGreaterThanOrEqual(10_000);
    const server = net.createServer();
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, '127.0.0.1', resolve));
    await new Promise((resolve) => server.close(resolve));
  }
});

it('never gives the same port to two processes choosing at the same time', async () => {
  const script = `import { freePort } from ${JSON.stringify(path.join(repoRoot, 'publisher', 'lib', 'ports.ts'))};
const ports = await Promise.all(Array.from({ length: 150 }, () => freePort()));
console.log(JSON.stringify(ports));`;
  const choose = async () => JSON.parse((await run(process.execPath, ['--input-type=module', '-e', script])).stdout) as number[];
  const [a, b, c] = await Promise.all([choose(), choose(), choose()]);
  const all = [...a, ...b, ...c];
  expect(new Set(all).size, 'ports chosen twice').toBe(all.length);
});
