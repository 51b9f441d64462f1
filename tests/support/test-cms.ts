// Suites use the same throwaway CMS as the benchmarks.
export { startTestCms, testDatabases, TEST_ADMIN, type DatabaseKind, type TestCms } from '../../scripts/lib/ephemeral-cms.ts';
