/**
 * Runs the longest suites first. With three files at a time the run ends when its last file
 * does: a 3-minute suite started last would finish alone. Vitest orders by the durations it
 * remembers from earlier runs, which a clean CI checkout does not have; this list is that memory
 * (tests/output/suite-durations.json of a clean-clone CI run on the 2-core machine, 2026-12-07,
 * each file with its hooks, every file of 9 s or more), longest first, the rest after as vitest
 * orders them.
 */
import path from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

const LONGEST_FIRST = [
  'publisher/publisher.test.ts',
  'publisher/incremental-equality.test.ts',
  'production/serving.test.ts',
  'start/start-command.test.ts',
  'production/backup-restore.test.ts',
  'site/site-build.test.ts',
  'api/public-api.test.ts',
  'api/interactions.test.ts',
  'api/corpus-generator.test.ts',
  'browser/interactions.test.ts',
  'api/route-matrix.test.ts',
  'browser/newsroom-workflow.test.ts',
  'site/validators.test.ts',
  'production/cluster.test.ts',
  'api/public-read-filters.test.ts',
  'api/most-read.test.ts',
  'site/serving-equality.test.ts',
  'api/admin-search.test.ts',
  'site/reach-and-corrections.test.ts',
  'api/newsroom-integrity.test.ts',
  // A Strapi and a Chromium to start: left to vitest's order, it started last of all.
  'browser/admin-login.test.ts',
  'unit/archive-search.test.ts',
  'api/newsroom-roles.test.ts',
  'unit/route-index.test.ts',
];

const rank = (file: TestSpecification) => {
  const at = LONGEST_FIRST.indexOf(path.relative(import.meta.dirname, file.moduleId));
  return at === -1 ? LONGEST_FIRST.length : at;
};

export class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    // Array.prototype.sort is stable: files not listed keep vitest's order.
    return sorted.sort((a, b) => rank(a) - rank(b));
  }
}
