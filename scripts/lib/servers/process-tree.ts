/**
 * The processes a process started, however deep (from /proc, through `ps`): what a test must stop
 * by PID when it kills a parent that cannot clean up after itself (SIGKILL), or when a server forks
 * sessions into sessions of their own (sshd).
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const exec = promisify(execFile);

export async function descendants(pid: number): Promise<number[]> {
  const { stdout } = await exec('ps', ['-o', 'pid=', '--ppid', String(pid)]).catch(() => ({ stdout: '' }));
  const children = stdout
    .split('\n')
    .map((l) => Number(l.trim()))
    .filter((n) => n > 0);
  return [...children, ...(await Promise.all(children.map(descendants))).flat()];
}

/** SIGKILL to each of `pids` still there. */
export function killAll(pids: readonly number[]): void {
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}
