import { defineConfig } from 'vitest/config';

// One vitest project per package. Tests import sibling packages through the
// `@neuroscale/source` export condition, so they run against src/ without a build;
// the CLI end-to-end tests run the built dist/ on purpose.
const conditions = ['@neuroscale/source', 'import', 'module', 'node', 'default'];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: conditions } },
  test: {
    projects: ['packages/*', 'examples/*'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
