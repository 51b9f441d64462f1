/**
 * A remote edge's SSH server, on loopback: Debian's OpenSSH in a throwaway folder of its own (host
 * key, authorized client key, known_hosts for the publisher), in the foreground so it is our
 * child, stopped and started again by PID (an edge going down and coming back).
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../../../publisher/lib/ports.ts';
import { type RunningProcess, startProcess } from '../../../publisher/lib/processes.ts';
import { descendants, killAll } from './process-tree.ts';

const exec = promisify(execFile);
const SSHD = '/usr/sbin/sshd';

export interface Sshd {
  readonly port: number;
  /** The publisher's private key and the known_hosts file holding this server's key. */
  readonly identity: string;
  readonly knownHosts: string;
  /** Stops the server (the edge is down). */
  stop(): Promise<void>;
  /** Starts it again on the same port and keys. */
  start(): Promise<void>;
  /** Stops it and removes its folder. */
  remove(): Promise<void>;
}

async function listening(port: number, proc: RunningProcess, log: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  let exited = false;
  void proc.exited.then(() => (exited = true));
  while (Date.now() < deadline) {
    if (exited) throw new Error(`sshd exited: ${(await readFile(log, 'utf8').catch(() => '')).slice(-1000)}`);
    const probe = await exec('bash', ['-c', `exec 3<>/dev/tcp/127.0.0.1/${port}`]).then(
      () => true,
      () => false,
    );
    if (probe) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('sshd did not listen in time');
}

export async function startSshd(): Promise<Sshd> {
  const dir = await mkdtemp(path.join(tmpdir(), 'tintinh-sshd-'));
  const port = await freePort();
  const [hostKey, clientKey] = [path.join(dir, 'host_ed25519'), path.join(dir, 'client_ed25519')];
  for (const key of [hostKey, clientKey]) await exec('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'tintinh-test', '-f', key]);
  await writeFile(path.join(dir, 'authorized_keys'), await readFile(`${clientKey}.pub`));
  const hostPublic = (await readFile(`${hostKey}.pub`, 'utf8')).trim().split(' ').slice(0, 2).join(' ');
  await writeFile(path.join(dir, 'known_hosts'), `[127.0.0.1]:${port} ${hostPublic}\n`);
  const config = path.join(dir, 'sshd_config');
  await writeFile(
    config,
    `Port ${port}
ListenAddress 127.0.0.1
HostKey ${hostKey}
PidFile ${dir}/sshd.pid
AuthorizedKeysFile ${dir}/authorized_keys
PermitRootLogin prohibit-password
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
# Its folder is under /tmp (mode 1777), which StrictModes refuses.
StrictModes no
X11Forwarding no
AllowTcpForwarding no
PrintMotd no
MaxSessions 50
MaxStartups 50
`,
  );
  // The privilege separation folder sshd expects (Debian's service makes it at boot).
  await mkdir('/run/sshd', { recursive: true });
  const log = path.join(dir, 'sshd.log');
  let proc: RunningProcess | null = null;
  const start = async () => {
    proc = startProcess('sshd', SSHD, ['-D', '-e', '-f', config], { cwd: dir, output: { file: log } });
    await listening(port, proc, log);
  };
  const stop = async () => {
    if (!proc) return;
    // The sessions it forked live in sessions of their own: an edge that goes down drops them too.
    const sessions = await descendants(proc.pid);
    await proc.stop(5000);
    killAll(sessions);
    proc = null;
  };
  await start();
  return {
    port,
    identity: clientKey,
    knownHosts: path.join(dir, 'known_hosts'),
    stop,
    start,
    async remove() {
      await stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
