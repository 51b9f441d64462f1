import { defineConfig } from 'vitest/config';
import { LongestFirst } from './longest-first.ts';
import { SuiteDurations } from './suite-durations.ts';

/**
 * Suites start real servers (Strapi, nginx, Chromium) and spend much of their time waiting on
 * them: three files at a time keep the 2-core machine busy without starving any one of them.
 * Four were tried (2026-12-07): the same 620 s of tests, each file slower; the run is bound by
 * CPU, so a shorter CI needs less work, not more workers.
 * The few files that measure how processes share the CPU run alone, after the rest.
 */
const ALONE = ['unit/reader-load.test.ts', 'unit/prune.test.ts', 'unit/render-host-priority.test.ts'];

const shared = {
  exclude: ['node_modules/**', 'output/**'],
  testTimeout: 60_000,
  // Room for a Strapi start plus a demo import while two other suites start theirs.
  hookTimeout: 300_000,
};

export default defineConfig({
  test: {
    reporters: ['default', 'json', new SuiteDurations()],
    sequence: { sequencer: LongestFirst },
    outputFile: { json: 'output/vitest-results.json' },
    projects: [
      {
        test: {
          ...shared,
          name: 'suites',
          include: ['**/*.test.ts'],
          exclude: [...shared.exclude, ...ALONE],
          globalSetup: ['./global-setup.ts'],
          maxWorkers: 3,
          sequence: { groupOrder: 0 },
        },
      },
      { test: { ...shared, name: 'alone', include: ALONE, maxWorkers: 1, sequence: { groupOrder: 1 } } },
    ],
  },
});
