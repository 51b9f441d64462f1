/**
 * A remote edge: another server's copy of the live tree, reached over SSH with rsync (Debian's
 * openssh and rsync on both ends; the edge serves its copy with its own nginx). Its site folder
 * holds `builds/<name>/` and the `current` link, as the publisher's does. An incremental change is
 * copied to a staging folder there and applied by a shell script in the same order as locally
 * (live-tree.ts); a whole tree (a full build, or catching up after an outage) is rsync'd into a
 * new build folder, hard-linking every file unchanged since the edge's current one, and switched
 * in by renaming the link. One SSH connection is kept open (a control master, stopped by PID) so a
 * publish costs two round trips, not two handshakes.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type RunningProcess, startProcess } from '../lib/processes.ts';
import { remoteScript, type TreeChange } from '../live-tree.ts';
import { REDIRECTS_MAP } from '../nginx-site.ts';

export interface SshEdgeConfig {
  /** As it shows on /_status. */
  name: string;
  /** `user@host`. */
  target: string;
  port: number;
  /** The edge's site folder (absolute): builds/ and `current` live there; its nginx serves `current`. */
  root: string;
  /** Private key file to log in with (else ssh's defaults). */
  identity?: string;
  /** known_hosts file holding the edge's host key (else ssh's defaults): host keys are always checked. */
  knownHosts?: string;
  /** Command run on the edge after its redirect map changed (graceful nginx reload). */
  reload?: string;
  /** How long one command may take before the edge counts as down. */
  timeoutMs?: number;
}

const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** A command's output, or an error naming the edge and what it said. */
function exec(command: string, args: string[], opts: { input?: string; timeoutMs: number; what: string }): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(command, args, { timeout: opts.timeoutMs, maxBuffer: 16 * 2 ** 20, killSignal: 'SIGKILL' }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${opts.what}: ${stderr.trim().split('\n').slice(-2).join(' | ') || err.message}`));
      else resolve(stdout);
    });
    if (opts.input !== undefined) child.stdin?.end(opts.input);
    else child.stdin?.end();
  });
}

export class SshEdge {
  readonly name: string;
  private readonly config: SshEdgeConfig;
  private master: RunningProcess | null = null;
  private controlDir: string | null = null;

  constructor(config: SshEdgeConfig) {
    this.name = config.name;
    this.config = config;
  }

  private get timeoutMs() {
    return this.config.timeoutMs ?? 60_000;
  }

  /** ssh's options: the control connection, the key, strict host key checking, no prompts. */
  private sshOptions(): string[] {
    const c = this.config;
    return [
      '-p',
      String(c.port),
      '-o',
      'BatchMode=yes',
      '-o',
      'ConnectTimeout=5',
      '-o',
      'ServerAliveInterval=5',
      '-o',
      'ServerAliveCountMax=2',
      '-o',
      'StrictHostKeyChecking=yes',
      ...(c.knownHosts ? ['-o', `UserKnownHostsFile=${c.knownHosts}`] : []),
      ...(c.identity ? ['-i', c.identity, '-o', 'IdentitiesOnly=yes'] : []),
      ...(this.controlDir ? ['-o', `ControlPath=${path.join(this.controlDir, 'master')}`] : []),
      '-o',
      'LogLevel=ERROR',
    ];
  }

  /** Opens the control connection if none runs (a dead one is replaced). */
  private async connect(): Promise<void> {
    if (this.master) return;
    if (!this.controlDir) {
      // One folder per edge, named after its connection: a publisher killed without closing
      // (SIGKILL, a crash) leaves it behind, and the next one to start clears it and reuses it.
      const id = createHash('sha256')
        .update(JSON.stringify([this.config.target, this.config.port, this.config.root]))
        .digest('hex')
        .slice(0, 16);
      const dir = path.join(tmpdir(), `tintinh-edge-${id}`);
      await rm(dir, { recursive: true, force: true });
      await mkdir(dir, { mode: 0o700 });
      this.controlDir = dir;
    }
    const master = startProcess(`ssh ${this.name}`, 'ssh', ['-M', '-N', ...this.sshOptions(), '-o', 'ControlPersist=no', this.config.target], {
      cwd: this.controlDir,
      output: { quiet: true },
    });
    this.master = master;
    void master.exited.then(() => {
      if (this.master === master) this.master = null;
    });
    // Ready once a command goes through it (or fails: the edge is down).
    const deadline = Date.now() + 10_000;
    for (;;) {
      try {
        await exec('ssh', [...this.sshOptions(), '-O', 'check', this.config.target], { timeoutMs: 5000, what: `${this.name}: connecting` });
        return;
      } catch (err) {
        if (!this.master || Date.now() > deadline) {
          await this.disconnect();
          throw err instanceof Error ? new Error(`${this.name} is unreachable (${err.message})`) : err;
        }
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  }

  private async disconnect(): Promise<void> {
    const master = this.master;
    this.master = null;
    await master?.stop(2000);
  }

  /** Runs a shell script on the edge. */
  private async script(text: string, what: string): Promise<string> {
    await this.connect();
    try {
      return await exec('ssh', [...this.sshOptions(), this.config.target, 'sh -s'], { input: text, timeoutMs: this.timeoutMs, what: `${this.name}: ${what}` });
    } catch (err) {
      // A broken connection is not reused: the next call opens a new one.
      await this.disconnect();
      throw err;
    }
  }

  private async rsync(args: string[], what: string): Promise<void> {
    await this.connect();
    const rsh = ['ssh', ...this.sshOptions()].map((a) => (/[\s'"]/.test(a) ? q(a) : a)).join(' ');
    try {
      await exec('rsync', ['-a', '--mkpath', '-e', rsh, ...args], { timeoutMs: this.timeoutMs, what: `${this.name}: ${what}` });
    } catch (err) {
      await this.disconnect();
      throw err;
    }
  }

  /** Applies an incremental change to the edge's current tree. */
  async apply(change: TreeChange, id: string, reload: boolean): Promise<void> {
    const staging = path.posix.join(this.config.root, 'staging', id);
    await this.rsync([`${change.staging}/`, `${this.config.target}:${staging}/`], 'copying a publish');
    const script = remoteScript(path.posix.join(this.config.root, 'current'), staging, change);
    await this.script(`${script}${reload && this.config.reload ? `${this.config.reload}\n` : ''}`, 'applying a publish');
  }

  /**
   * Brings the edge's tree to `dir` as a whole: rsync'd into `builds/<name>` (files unchanged
   * since the edge's current tree hard-linked, not copied), then switched in; older builds there
   * are removed, and nginx reloaded when the redirect map changed.
   */
  async sync(dir: string, name: string): Promise<void> {
    const root = this.config.root;
    const current = (await this.script(`readlink ${q(`${root}/current`)} || true\n`, 'reading its current tree')).trim();
    const linkDest = current ? [`--link-dest=${path.posix.isAbsolute(current) ? current : path.posix.join(root, current)}`] : [];
    // The publisher's own bookkeeping (dot files) stays home; the redirect map goes with the tree.
    await this.rsync(
      ['--delete', ...linkDest, '--include=/.nginx/***', '--exclude=/.*', `${dir}/`, `${this.config.target}:${path.posix.join(root, 'builds', name)}/`],
      'copying a whole tree',
    );
    const next = `builds/${name}`;
    // A first tree (nginx may have started with an empty map), or another map than the tree before.
    const mapChanged = current ? `! cmp -s ${q(`${current}/${REDIRECTS_MAP}`)} ${q(`${next}/${REDIRECTS_MAP}`)}` : 'true';
    await this.script(
      [
        'set -e',
        `cd ${q(root)}`,
        `ln -sfn ${q(next)} current.tmp`,
        'mv -T current.tmp current',
        // Publishes cut short before their script ran left their staged files here.
        'rm -rf staging',
        // Older trees are no longer served: keep the one before, for requests under way.
        `ls -1 builds | grep -v -x -e ${q(name)} -e ${q(path.posix.basename(current || name))} | while read -r old; do rm -rf "builds/$old"; done`,
        ...(this.config.reload ? [`if ${mapChanged}; then ${this.config.reload}; fi`] : []),
        '',
      ].join('\n'),
      'switching to the new tree',
    );
  }

  async close(): Promise<void> {
    await this.disconnect();
    if (this.controlDir) await rm(this.controlDir, { recursive: true, force: true });
  }
}
