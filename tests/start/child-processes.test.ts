/**
 * The runner's children do not outlive it: a process that started children through
 * publisher/lib/processes.ts and then dies on an uncaught error (before it can stop them) takes
 * them with it. They run in process groups of their own, so nothing else would.
 */
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { eventually } from '../support/eventually.ts';

const PROCESSES = pathToFileURL(path.resolve(import.meta.dirname, '../../publisher/lib/processes.ts')).href;

/** Running, not a zombie waiting to be reaped (a container's pid 1 may never reap it). */
async function alive(pid: number): Promise<boolean> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => null);
  return stat !== null && stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
}

async function goneWithin(pid: number, ms: number): Promise<boolean> {
  return eventually(async () => !(await alive(pid)), `process ${pid} to exit`, ms, 50).then(
    () => true,
    () => false,
  );
}

const started: number[] = [];
afterEach(() => {
  // Whatever the outcome, stop what this test started, by PID.
  for (const pid of started.splice(0)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
});

describe('child processes', () => {
  it('are stopped when the process that started them dies on an uncaught error', async () => {
    const script = `
      const { startProcess } = await import(${JSON.stringify(PROCESSES)});
      const child = startProcess('sleeper', 'sleep', ['300'], { cwd: '/', output: { quiet: true } });
      console.log(child.pid);
      setTimeout(() => { throw new Error('dies on purpose'); }, 200);
    `;
    const parent = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    parent.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => parent.on('exit', resolve));
    const pid = Number(out.trim().split('\n')[0]);
    expect(Number.isInteger(pid) && pid > 0, `the parent printed its child's PID (got ${JSON.stringify(out)})`).toBe(true);
    started.push(pid);
    expect(code).toBe(1);
    expect(await goneWithin(pid, 5_000)).toBe(true);
  });
});
