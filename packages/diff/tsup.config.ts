import { defineConfig } from 'tsup';

// The everyday build is JavaScript only (seconds). Declarations take most of a full build, so they are
// emitted only for publishing: `pnpm run build:types` (tsup --dts-only) from pack:all and prepublishOnly.
export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm'],
  dts: false,
  sourcemap: true,
  clean: true,
  target: 'node20',
});
