import { defineProject } from 'vitest/config';

const conditions = ['@neuroscale/source', 'import', 'module', 'node', 'default'];

export default defineProject({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: conditions } },
  test: {
    name: 'diff',
    include: ['test/**/*.test.ts'],
    // pure functions over two render results; jq runs in a worker with its own budget
    testTimeout: 20_000,
    setupFiles: ['../../vitest.fast-check.ts'],
  },
});
