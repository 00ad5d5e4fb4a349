import { defineProject } from 'vitest/config';

const conditions = ['@neuroscale/source', 'import', 'module', 'node', 'default'];

export default defineProject({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: conditions } },
  test: {
    name: 'render',
    include: ['test/**/*.test.ts'],
    // tests spawn helm and kustomize
    testTimeout: 60_000,
    setupFiles: ['../../vitest.fast-check.ts'],
  },
});
