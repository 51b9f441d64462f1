/**
 * Free loopback ports for the servers the project starts on a port of its choosing (the render
 * host; in tests and benches every CMS, nginx, Varnish and sshd).
 *
 * Not the kernel's pick (`listen(0)`): that comes from the ephemeral range, where every outgoing
 * connection also takes its local port, so between choosing a port and the server binding it
 * (seconds, for a Strapi) a client's connection could take it: a test run saw `EADDRINUSE` on a
 * port chosen this way while other suites made thousands of connections. A port below that
 * range is never taken by a connection; it is checked free by binding it, and reserved for a
 * minute in a shared folder so that two processes choosing at once never choose alike.
 */
import { randomInt } from 'node:crypto';
import { lstat, lutimes, mkdir, readFile, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';

/** The lowest port handed out: above the well-known and most registered services. */
const LOWEST = 10_000;
/** Linux's first ephemeral port when /proc does not say otherwise. */
const EPHEMERAL_DEFAULT = 32_768;
/** How long a chosen port stays reserved: its server has bound it long before. */
const RESERVED_MS = 60_000;
// One folder per user, only its owner may write in it: another account cannot plant entries.
const RESERVATIONS = path.join(tmpdir(), `tintinh-port-reservations-${userInfo().uid}`);
const ATTEMPTS = 100;

/** Ports this process handed out: never twice. */
const handedOut = new Set<number>();

async function ephemeralLow(): Promise<number> {
  const text = await readFile('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').catch(() => '');
  const low = Number(text.trim().split(/\s+/)[0]);
  return Number.isInteger(low) && low > 0 ? low : EPHEMERAL_DEFAULT;
}

/** Whether a server could listen on `port` on loopback right now. */
function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** Reserves `port` among processes on this machine; false when another did within a minute. */
async function reserve(port: number): Promise<boolean> {
  const file = path.join(RESERVATIONS, String(port));
  try {
    await writeFile(file, String(process.pid), { flag: 'wx' });
    return true;
  } catch (err) {
    if (!(err instanceof Error && 'code' in err && err.code === 'EEXIST')) return true; // no shared folder: the bind check stands alone
  }
  const reservedAt = (await lstat(file).catch(() => null))?.mtimeMs ?? 0;
  if (Date.now() - reservedAt < RESERVED_MS) return false;
  // An old reservation: its server bound the port long ago, or never will.
  await lutimes(file, new Date(), new Date()).catch(() => undefined);
  return true;
}

/** The kernel's pick: where no range lies below the ephemeral one. */
function kernelPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** A port free right now on loopback, below the ephemeral range, chosen by no other process. */
export async function freePort(): Promise<number> {
  const highest = (await ephemeralLow()) - 1;
  if (highest - LOWEST < 1000) return kernelPort();
  await mkdir(RESERVATIONS, { recursive: true, mode: 0o700 }).catch(() => undefined);
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const port = randomInt(LOWEST, highest + 1);
    if (handedOut.has(port) || !(await canListen(port)) || !(await reserve(port))) continue;
    handedOut.add(port);
    return port;
  }
  return kernelPort();
}
