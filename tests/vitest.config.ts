import { defineConfig } from 'vitest/config';

// Suites start real servers (Strapi, Chromium): one file at a time on a 2-core machine, with
// hook timeouts that leave room for a Strapi start plus a demo import.
export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**', 'output/**'],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 180_000,
    reporters: ['default', 'json'],
    outputFile: { json: 'output/vitest-results.json' },
  },
});
