/**
 * Runs the longest suites first. With three files at a time the run ends when its last file
 * does: a 3-minute suite started last would finish alone. Vitest orders by the durations it
 * remembers from earlier runs, which a clean CI checkout does not have; this list is that memory
 * (durations from a full run on the 2-core machine), longest first, the rest after as vitest
 * orders them.
 */
import path from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

const LONGEST_FIRST = [
  'start/start-command.test.ts',
  'publisher/publisher.test.ts',
  'api/interactions.test.ts',
  'publisher/incremental-equality.test.ts',
  'api/public-api.test.ts',
  'production/backup-restore.test.ts',
  'api/corpus-generator.test.ts',
  'production/serving.test.ts',
  'site/site-build.test.ts',
  'site/validators.test.ts',
  'browser/newsroom-workflow.test.ts',
  'api/route-matrix.test.ts',
  'api/most-read.test.ts',
  'api/admin-search.test.ts',
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
