import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineProject } from 'vitest/config';

const conditions = ['@neuroscale/source', 'import', 'module', 'node', 'default'];

export default defineProject({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: conditions } },
  test: {
    name: 'validate',
    include: ['test/**/*.test.ts'],
    setupFiles: ['../../vitest.fast-check.ts'],
    // compiled validators go to a throw-away folder, never the user's ~/.cache
    env: {
      NEUROSCALE_CACHE_DIR: join(
        fileURLToPath(new URL('.', import.meta.url)),
        'node_modules/.cache/neuroscale-validate-tests',
      ),
    },
    // schema compilation of a whole Kubernetes version is the slowest unit here
    testTimeout: 60_000,
  },
});
