import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
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
  /** Prefix each output line with `[name]` on our stdout (the default), or write to a file. */
  output?: { prefix: true; tee?: string } | { file: string } | { quiet: true } | { inherit: true };
}

const running = new Set<RunningProcess>();

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
      const signal = (sig: NodeJS.Signals) => {
        try {
          process.kill(-pid, sig);
        } catch {
          // already gone
        }
      };
      signal('SIGTERM');
      const timer = setTimeout(() => signal('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
      signal('SIGKILL'); // anything the leader left behind in its group
      running.delete(proc);
    },
  };
  running.add(proc);
  exited.then(() => running.delete(proc));
  return proc;
}

export async function stopAll(): Promise<void> {
  await Promise.all([...running].map((p) => p.stop()));
}

/** Runs a command to completion, streaming prefixed output; rejects on a non-zero exit. */
export async function run(name: string, command: string, args: string[], opts: StartOptions): Promise<void> {
  const proc = startProcess(name, command, args, opts);
  const code = await proc.exited;
  if (code !== 0) throw new Error(`${name} failed (exit code ${code})`);
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
