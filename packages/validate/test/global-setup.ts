import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Run the build's generate step when generated/ is missing and the upstream data is there. */
export default function setup() {
  const pkgDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const shared = resolve(process.env.NEUROSCALE_SHARED ?? join(pkgDir, '../../../shared'));
  if (existsSync(join(pkgDir, 'generated', 'stamp.json'))) return;
  if (!existsSync(join(shared, 'schemas', 'kubernetes'))) {
    console.warn(
      `[validate tests] generated/ is missing and NEUROSCALE_SHARED (${shared}) is absent: schema tests will be SKIPPED`,
    );
    return;
  }
  execFileSync(process.execPath, [join(pkgDir, 'scripts', 'generate-schemas.mjs')], {
    stdio: 'inherit',
    env: { ...process.env, NEUROSCALE_SHARED: shared },
  });
}
