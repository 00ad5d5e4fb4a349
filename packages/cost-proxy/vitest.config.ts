import { defineProject } from 'vitest/config';

const conditions = ['@neuroscale/source', 'import', 'module', 'node', 'default'];

export default defineProject({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: conditions } },
  test: {
    name: 'cost-proxy',
    include: ['test/**/*.test.ts'],
    // arithmetic on quantities: pure and fast
    testTimeout: 20_000,
    setupFiles: ['../../vitest.fast-check.ts'],
  },
});
