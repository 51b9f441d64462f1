/**
 * Free loopback ports for the servers the project starts on a port of its choosing (the render
 * host; in tests and benches every CMS, nginx, Varnish and sshd).
 *
 * Not the kernel's pick (`listen(0)`): that comes from the ephemeral range, where every outgoing
 * connection also takes its local port, so between choosing a port and the server binding it
 * (seconds, for a Strapi) a client's connection could take it: a test run saw `EADDRINUSE` on a
 * port chosen this way while other suites made thousands of connections. A port below that
 * range is never taken by a connection; it is checked free by binding it, and reserved for a
 * minute in a folder of this user's so that two processes choosing at once do not choose alike.
 * Where that folder cannot be trusted (not ours, not private) the bind check stands alone.
 */
import { randomInt } from 'node:crypto';
import { link, lstat, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';

/** The lowest port handed out: above the well-known and most registered services. */
const LOWEST = 10_000;
/** Linux's first ephemeral port when /proc does not say otherwise. */
const EPHEMERAL_DEFAULT = 32_768;
/** How long a chosen port stays reserved: its server has bound it long before. */
const RESERVED_MS = 60_000;
const RESERVATIONS = path.join(tmpdir(), `tintinh-port-reservations-${userInfo().uid}`);
const ATTEMPTS = 100;

/** Ports this process handed out: never twice. */
const handedOut = new Set<number>();

let ephemeralLowest: Promise<number> | undefined;

/** The kernel's first ephemeral port, read once. */
function ephemeralLow(): Promise<number> {
  ephemeralLowest ??= readFile('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').then(
    (text) => {
      const low = Number(text.trim().split(/\s+/)[0]);
      return Number.isInteger(low) && low > 0 ? low : EPHEMERAL_DEFAULT;
    },
    () => EPHEMERAL_DEFAULT,
  );
  return ephemeralLowest;
}

/**
 * Listens on `port` on loopback and closes at once: the port it got (the kernel's pick for 0),
 * or null when it could not.
 */
function listenOnce(port: number): Promise<number | null> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.unref();
    server.once('error', () => resolve(null));
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : null));
    });
  });
}

let reservationFolder: Promise<string | null> | undefined;

/**
 * The reservations folder when only this user can use it: made by this user, a real folder, no
 * access for others. Another account could make it first (its name is predictable) to read or
 * plant reservations; then none are kept.
 */
function reservations(): Promise<string | null> {
  reservationFolder ??= (async () => {
    await mkdir(RESERVATIONS, { mode: 0o700 }).catch(() => undefined);
    const folder = await lstat(RESERVATIONS).catch(() => null);
    const ours = folder?.isDirectory() && folder.uid === userInfo().uid && (folder.mode & 0o077) === 0;
    return ours ? RESERVATIONS : null;
  })();
  return reservationFolder;
}

const createdAlone = (file: string) =>
  writeFile(file, String(process.pid), { flag: 'wx' }).then(
    () => true,
    () => false,
  );

const ageOf = async (file: string) => Date.now() - ((await lstat(file).catch(() => null))?.mtimeMs ?? 0);

/** Reserves `port` among this user's processes; false when another did within a minute. */
async function reserve(folder: string, port: number): Promise<boolean> {
  const file = path.join(folder, String(port));
  if (await createdAlone(file)) return true;
  if ((await ageOf(file)) < RESERVED_MS) return false;
  // An old reservation: its server bound the port long ago, or never will. It is moved aside
  // before a new one is made, so of processes taking it over at once only one does (a rename
  // has one winner); one made fresh meanwhile and moved by mistake is put back.
  const aside = `${file}.${process.pid}-${randomInt(1_000_000_000)}`;
  const movedAside = await rename(file, aside).then(
    () => true,
    () => false,
  );
  if (!movedAside) return false;
  const fresh = (await ageOf(aside)) < RESERVED_MS;
  if (fresh) await link(aside, file).catch(() => undefined);
  await rm(aside, { force: true });
  return !fresh && (await createdAlone(file));
}

/** The kernel's pick: where no range lies below the ephemeral one. */
async function kernelPort(): Promise<number> {
  const port = await listenOnce(0);
  if (port === null) throw new Error('no free port on 127.0.0.1');
  return port;
}

/** A port free right now on loopback, below the ephemeral range, not reserved by another of this user's processes. */
export async function freePort(): Promise<number> {
  const highest = (await ephemeralLow()) - 1;
  if (highest - LOWEST < 1000) return kernelPort();
  const folder = await reservations();
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const port = randomInt(LOWEST, highest + 1);
    if (handedOut.has(port) || (await listenOnce(port)) === null || (folder !== null && !(await reserve(folder, port)))) continue;
    handedOut.add(port);
    return port;
  }
  return kernelPort();
}
