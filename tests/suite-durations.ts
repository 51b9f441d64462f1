/**
 * Prints, at the end of a run, how long each test file took with its hooks (a suite's servers
 * start in `beforeAll`, which vitest's own summary leaves out), longest first, and writes them
 * to output/suite-durations.json: where CI time goes, and the memory behind longest-first.ts.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Reporter, TestModule } from 'vitest/node';

export class SuiteDurations implements Reporter {
  private readonly rows: Array<{ file: string; seconds: number }> = [];

  onTestModuleEnd(module: TestModule): void {
    const seconds = Math.round(module.diagnostic().duration / 100) / 10;
    this.rows.push({ file: path.relative(import.meta.dirname, module.moduleId), seconds });
  }

  async onTestRunEnd(): Promise<void> {
    const rows = this.rows.sort((a, b) => b.seconds - a.seconds);
    await mkdir(path.join(import.meta.dirname, 'output'), { recursive: true });
    await writeFile(path.join(import.meta.dirname, 'output', 'suite-durations.json'), `${JSON.stringify(rows, null, 2)}\n`);
    const total = rows.reduce((sum, r) => sum + r.seconds, 0);
    console.log(`\n[durations] ${rows.length} files, ${total.toFixed(0)} s in all (tests and hooks); the longest:`);
    for (const r of rows.slice(0, 12)) console.log(`[durations] ${r.seconds.toFixed(1).padStart(6)} s  ${r.file}`);
  }
}
