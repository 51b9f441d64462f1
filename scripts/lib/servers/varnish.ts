/**
 * Debian's Varnish in front of the edges, with the repo's VCL (deploy/varnish/tintinh.vcl) aimed
 * at the test's edges: a throwaway working folder, in the foreground so it is our child, stopped
 * by PID.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '../../../publisher/lib/ports.ts';
import { startProcess } from '../../../publisher/lib/processes.ts';
import { repoRoot } from '../paths.ts';

export const VCL = path.join(repoRoot, 'deploy', 'varnish', 'tintinh.vcl');

export interface Varnish {
  readonly url: string;
  stop(): Promise<void>;
}

/** The repo's VCL with its two backends aimed at `ports`. */
export async function vclFor(ports: readonly [number, number]): Promise<string> {
  const vcl = await readFile(VCL, 'utf8');
  if (!vcl.includes('.port = "8081";') || !vcl.includes('.port = "8082";')) throw new Error(`${VCL}: no backends on 8081 and 8082 to aim at the edges`);
  return vcl.replace('.port = "8081";', `.port = "${ports[0]}";`).replace('.port = "8082";', `.port = "${ports[1]}";`);
}

export async function startVarnish(edgePorts: readonly [number, number]): Promise<Varnish> {
  const dir = await mkdtemp(path.join(tmpdir(), 'tintinh-varnish-'));
  const port = await freePort();
  await writeFile(path.join(dir, 'tintinh.vcl'), await vclFor(edgePorts));
  // -j none: the folder is mkdtemp's (mode 0700), which Varnish's own unprivileged users cannot read.
  const proc = startProcess(
    'varnishd',
    '/usr/sbin/varnishd',
    [
      '-F',
      '-j',
      'none',
      '-n',
      path.join(dir, 'work'),
      '-a',
      `127.0.0.1:${port}`,
      '-f',
      path.join(dir, 'tintinh.vcl'),
      '-s',
      'malloc,64m',
      '-p',
      'default_grace=0',
    ],
    { cwd: dir, output: { file: path.join(dir, 'varnishd.log') } },
  );
  const url = `http://127.0.0.1:${port}`;
  try {
    // Up once it answers at all: with no edge serving yet, that is a 503.
    const deadline = Date.now() + 30_000;
    let exited = false;
    void proc.exited.then(() => (exited = true));
    while ((await fetch(`${url}/`).catch(() => null)) === null) {
      if (exited || Date.now() > deadline) throw new Error('varnishd did not answer');
      await new Promise((r) => setTimeout(r, 100));
    }
  } catch (err) {
    const log = await readFile(path.join(dir, 'varnishd.log'), 'utf8').catch(() => '');
    await proc.stop();
    throw new Error(`${err instanceof Error ? err.message : String(err)}\n${log.slice(-2000)}`);
  }
  return {
    url,
    async stop() {
      await proc.stop(5000);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
