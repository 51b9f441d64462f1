/**
 * Child processes of the CLI, the publisher and the test harness: each in its own process group,
 * tracked until it exits, stopped by PID (never by name), its output prefixed, its peak memory measured.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import readline from 'node:readline';

export interface RunningProcess {
  readonly name: string;
  readonly pid: number;
  readonly exited: Promise<number | null>;
  /** SIGTERM to the whole process group, SIGKILL after `graceMs`; resolves once it is gone. */
  stop(graceMs?: number): Promise<void>;
}

export interface StartOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** Paused and resumed with the other members of this group (a background build's steps). */
  group?: ProcessGroup;
  /** Prefix each output line with `[name]` on our stdout (the default), or write to a file. */
  output?: { prefix: true; tee?: string } | { file: string } | { quiet: true } | { inherit: true } | { onLine: (line: string) => void };
}

const running = new Set<RunningProcess>();

/** Sends `signal` to the process group led by `pid`, if it is still there. */
function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

/**
 * Children that are paused and resumed together (SIGSTOP / SIGCONT to each one's process group):
 * the steps of a background build, which give way to readers (reader-load.ts). A child started
 * while the group is paused is paused at once.
 */
export class ProcessGroup {
  private readonly members = new Set<RunningProcess>();
  private paused = false;

  get isPaused(): boolean {
    return this.paused;
  }

  add(proc: RunningProcess): void {
    this.members.add(proc);
    void proc.exited.then(() => this.members.delete(proc));
    if (this.paused) signalGroup(proc.pid, 'SIGSTOP');
  }

  pause(): void {
    if (this.paused) return;
    this.paused = true;
    for (const proc of this.members) signalGroup(proc.pid, 'SIGSTOP');
  }

  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    for (const proc of this.members) signalGroup(proc.pid, 'SIGCONT');
  }
}

// Children run detached (their own process groups), so they outlive a parent that dies on an
// uncaught error before it can stopAll(): the 200,000-article bench once left a render host
// running that way. On any exit, ask each group still tracked to stop; nothing can be awaited here.
process.once('exit', () => {
  for (const proc of running) signalGroup(proc.pid, 'SIGTERM');
});

/**
 * Starts a child in its own process group, so stopping it also stops whatever it spawned
 * (Strapi and npm-style wrappers fork workers). Every child is tracked for stopAll().
 */
export function startProcess(name: string, command: string, args: string[], opts: StartOptions): RunningProcess {
  const output = opts.output ?? { prefix: true };
  const child: ChildProcess = spawn(command, args, {
    cwd: opts.cwd,
    env: opts.env ?? process.env,
    detached: true,
    stdio: 'inherit' in output ? ['ignore', 'inherit', 'inherit'] : ['ignore', 'pipe', 'pipe'],
  });
  if (child.pid === undefined) throw new Error(`could not start ${name} (${command})`);
  if ('inherit' in output) {
    // the child writes straight to our terminal
  } else if ('file' in output) {
    const log = createWriteStream(output.file, { flags: 'a' });
    child.stdout!.pipe(log);
    child.stderr!.pipe(log);
  } else if ('prefix' in output) {
    const tee = output.tee ? createWriteStream(output.tee, { flags: 'a' }) : null;
    for (const stream of [child.stdout!, child.stderr!]) {
      readline.createInterface({ input: stream }).on('line', (line) => {
        process.stdout.write(`[${name}] ${line}\n`);
        tee?.write(`${line}\n`);
      });
    }
  } else if ('onLine' in output) {
    for (const stream of [child.stdout!, child.stderr!]) readline.createInterface({ input: stream }).on('line', output.onLine);
  } else {
    child.stdout!.resume();
    child.stderr!.resume();
  }
  const pid = child.pid;
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const proc: RunningProcess = {
    name,
    pid,
    exited,
    async stop(graceMs = 10_000) {
      signalGroup(pid, 'SIGTERM');
      // A paused member (ProcessGroup) handles the SIGTERM only once it runs again.
      signalGroup(pid, 'SIGCONT');
      const timer = setTimeout(() => signalGroup(pid, 'SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
      signalGroup(pid, 'SIGKILL'); // anything the leader left behind in its group
      running.delete(proc);
    },
  };
  running.add(proc);
  exited.then(() => running.delete(proc));
  opts.group?.add(proc);
  return proc;
}

/** Whether a process with this PID exists (one we may not signal exists too). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err instanceof Error && 'code' in err && err.code === 'EPERM';
  }
}

export async function stopAll(): Promise<void> {
  await Promise.all([...running].map((p) => p.stop()));
}

/** Runs a command to completion, streaming prefixed output; rejects on a non-zero exit. */
export async function run(name: string, command: string, args: string[], opts: StartOptions): Promise<void> {
  await runMeasured(name, command, args, opts);
}

/** A live process's peak resident memory (VmHWM) in bytes, from /proc on Linux; null when unknown. */
export async function peakRssBytesOf(pid: number | string): Promise<number | null> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  const kib = /^VmHWM:\s+(\d+) kB/m.exec(status)?.[1];
  return kib ? Number(kib) * 1024 : null;
}

/**
 * The largest peak resident memory (VmHWM) among the live processes of a process group, from
 * /proc on Linux (null elsewhere). The group matters: Pagefind's npm entry is a small Node
 * wrapper around the indexer binary that does the work.
 */
async function groupPeakRssBytes(pgid: number): Promise<number | null> {
  const entries = await readdir('/proc').catch(() => [] as string[]);
  let peak: number | null = null;
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    // Fields after the parenthesised command name: state, ppid, pgrp, …
    const group = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
    if (group !== pgid) continue;
    const bytes = await peakRssBytesOf(entry);
    if (bytes !== null) peak = Math.max(peak ?? 0, bytes);
  }
  return peak;
}

/**
 * Like run(), and reports the peak resident memory of the largest process it started: sampled
 * from the kernel's own high-water marks every half second, so only a spike in a process's last
 * half second could be missed.
 */
export async function runMeasured(name: string, command: string, args: string[], opts: StartOptions): Promise<{ peakRssBytes: number | null }> {
  const proc = startProcess(name, command, args, opts);
  let peak: number | null = null;
  const sample = async () => {
    const now = await groupPeakRssBytes(proc.pid);
    if (now !== null) peak = Math.max(peak ?? 0, now);
  };
  const timer = setInterval(() => void sample(), 500);
  const code = await proc.exited.finally(() => clearInterval(timer));
  if (code !== 0) throw new Error(`${name} failed (exit code ${code})`);
  return { peakRssBytes: peak };
}

/** Polls `url` until it answers below 500, or throws after `timeoutMs`. */
export async function waitForHttp(url: string, timeoutMs: number, died?: Promise<unknown>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let dead = false;
  void died?.then(() => (dead = true));
  while (Date.now() < deadline) {
    if (dead) throw new Error(`the process serving ${url} exited before it answered`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (res.status < 500) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
}
