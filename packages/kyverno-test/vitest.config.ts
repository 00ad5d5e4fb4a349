import { defineProject } from 'vitest/config';

const conditions = ['@neuroscale/source', 'import', 'module', 'node', 'default'];

export default defineProject({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: conditions } },
  test: {
    name: 'kyverno-test',
    include: ['test/**/*.test.ts'],
    // conformance suites run hundreds of policies per test
    testTimeout: 60_000,
    setupFiles: ['../../vitest.fast-check.ts'],
  },
});
