import { defineProject } from 'vitest/config';

const conditions = ['@neuroscale/source', 'import', 'module', 'node', 'default'];

export default defineProject({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: conditions } },
  test: {
    name: 'example-programmatic',
    include: ['test/**/*.test.ts'],
    // renders and validates a small tree in-process
    testTimeout: 60_000,
  },
});
