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
    // defaults for pure unit tests; packages whose tests spawn helm or the built CLI raise them
    testTimeout: 20_000,
    hookTimeout: 60_000,
    // data-dependent skips (no ../shared, no optional toolchain) are listed once, after everything else
    reporters: ['default', './vitest.skip-summary.ts'],
  },
});
