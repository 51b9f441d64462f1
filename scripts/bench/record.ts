/**
 * Where a bench's result goes: docs/benchmarks/<name>.json, with when, on which commit and on what
 * machine it was measured. docs/benchmarks.md is generated from these files (tables.ts): one
 * current table per bench; the history is in git, not in prose.
 */
import { execFile } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { repoRoot } from '../lib/paths.ts';

const exec = promisify(execFile);
export const BENCH_DIR = path.join(repoRoot, 'docs', 'benchmarks');

export interface BenchRecord<T> {
  bench: string;
  measuredAt: string;
  commit: string;
  machine: string;
  result: T;
}

export async function recordBench<T>(name: string, result: T): Promise<string> {
  const memGiB = Math.round(Number(/MemTotal:\s+(\d+)/.exec(await readFile('/proc/meminfo', 'utf8'))?.[1] ?? 0) / 2 ** 20);
  const commit = (await exec('git', ['rev-parse', '--short', 'HEAD'], { cwd: repoRoot }).catch(() => ({ stdout: 'unknown' }))).stdout.trim();
  // Another bench's result waiting to be committed is not a change to what is measured.
  const dirty = (
    await exec('git', ['status', '--porcelain', '--untracked-files=no', '--', '.', ':!docs/benchmarks'], { cwd: repoRoot }).catch(() => ({ stdout: '' }))
  ).stdout.trim()
    ? '+changes'
    : '';
  const record: BenchRecord<T> = {
    bench: name,
    measuredAt: new Date().toISOString(),
    commit: `${commit}${dirty}`,
    machine: `${cpus().length} cores (${cpus()[0]?.model.trim() ?? 'unknown CPU'}), ${memGiB} GiB`,
    result,
  };
  await mkdir(BENCH_DIR, { recursive: true });
  const file = path.join(BENCH_DIR, `${name}.json`);
  await writeFile(file, `${JSON.stringify(record, null, 2)}\n`);
  return path.relative(repoRoot, file);
}
