import { defineProject } from 'vitest/config';

const conditions = ['@neuroscale/source', 'import', 'module', 'node', 'default'];

export default defineProject({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: conditions } },
  test: {
    name: 'cli',
    include: ['test/**/*.test.ts'],
    // end-to-end tests spawn the built CLI, which renders with helm
    testTimeout: 120_000,
    hookTimeout: 300_000,
  },
});
