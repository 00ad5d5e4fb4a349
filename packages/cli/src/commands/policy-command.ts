import { existsSync, realpathSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import type { Finding, Manifest } from '@neuroscale/core';
import { applyPolicies, formatTestTable, loadPolicies, runTestSuites } from '@neuroscale/kyverno-test';
import { type CliIO, EXIT_FINDINGS, EXIT_OK, UsageError } from '../cli-io.js';
import { findRepoRoot } from '../git/repo-root.js';
import { expandPolicyPaths } from '../input/expand-policy-paths.js';
import { readManifestInputs } from '../input/read-manifest-inputs.js';
import { type EmitOptions, emitReport } from '../output/emit-report.js';
import { writeOutputFile } from '../output/write-output-file.js';
import {
  type CommonFlags,
  describeRepoRoot,
  resolvePipelineOptions,
} from '../pipeline/resolve-pipeline-options.js';
import { runRenderStage } from '../pipeline/stage-render.js';
import { buildReport } from '../report/build-report.js';

/** `policy test <dirs...>`: run kyverno-test.yaml suites; exit 1 on any mismatch. */
export async function policyTestCommand(
  dirs: string[],
  flags: { format?: string },
  io: CliIO,
): Promise<number> {
  const format = flags.format ?? 'text';
  if (format !== 'text' && format !== 'json')
    throw new UsageError(`policy test --format must be text or json (got "${format}")`);
  if (dirs.length === 0)
    throw new UsageError('policy test needs at least one folder holding kyverno-test.yaml suites');
  for (const d of dirs) if (!existsSync(resolve(io.cwd, d))) throw new UsageError(`no such directory: ${d}`);
  const abs = dirs.map((d) => resolve(io.cwd, d));
  // Paths in a suite are confined to the repository the suites live in (its git top level), not to the
  // working directory: `cd policies && policy test .` may name `../fixtures/x.yaml`. Folders from
  // several repositories fall back to kyverno-test's per-file default (each test file's own repository).
  const found = findRepoRoot(io.cwd);
  const inside = (p: string) => {
    const real = realpathSync(p);
    return real === found.root || real.startsWith(`${found.root}${sep}`);
  };
  const repoRoot = found.source === 'git' && abs.every(inside) ? found.root : undefined;
  const result = await runTestSuites(abs, { root: io.cwd, ...(repoRoot ? { repoRoot } : {}) });
  io.stdout(format === 'json' ? `${JSON.stringify(result, null, 2)}\n` : formatTestTable(result));
  return result.summary.fail > 0 ? EXIT_FINDINGS : EXIT_OK;
}

/**
 * `policy apply [path] --policies <dir>`: the policy pack against the rendered tree of a repository,
 * or against plain manifest files/folders.
 */
export async function policyApplyCommand(
  path: string,
  flags: CommonFlags & { policyReport?: string },
  emit: EmitOptions,
  io: CliIO,
): Promise<number> {
  const options = resolvePipelineOptions(existsSync(resolve(io.cwd, path)) ? path : '.', flags, {
    cwd: io.cwd,
    existsPolicies: (r, p) => existsSync(join(r, p)),
  });
  if (!options.policies)
    throw new UsageError('policy apply needs --policies <dir> (no policies/ folder found)');
  const expanded = expandPolicyPaths(options.repoRoot, options.policies);
  if (expanded.outside.length)
    throw new UsageError(
      `--policies ${expanded.outside.join(', ')} resolves outside the repository (${describeRepoRoot(options)})`,
    );
  if (expanded.paths.length === 0)
    throw new UsageError(`--policies ${options.policies.join(', ')} matches no file`);
  const findings: Finding[] = [...(options.configFindings ?? [])];
  const abs = resolve(io.cwd, path);
  const isTree = abs === options.repoRoot && existsSync(join(options.repoRoot, 'gitops'));
  let manifests: Manifest[];
  if (isTree) {
    const rendered = await runRenderStage(options);
    manifests = rendered.manifests;
    findings.push(...rendered.findings.filter((f) => f.severity === 'error' && f.ruleId.startsWith('yaml/')));
  } else {
    const read = await readManifestInputs([path], io.cwd, io.readStdin);
    manifests = read.manifests;
    findings.push(...read.findings);
  }
  const loaded = await loadPolicies(expanded.paths, { root: options.repoRoot, baseDir: options.repoRoot });
  const applied = applyPolicies(manifests, loaded.policies);
  findings.push(...loaded.findings, ...applied.findings);
  if (flags.policyReport) {
    const { stringify } = await import('yaml');
    writeOutputFile(flags.policyReport, stringify(applied.report), { cwd: io.cwd, what: '--policy-report' });
  }
  const report = buildReport({
    options,
    stages: [{ name: 'policy', objects: manifests.length, findings: findings.length }],
    findings,
    manifests,
  });
  await emitReport(report, emit, io);
  return report.summary.failed ? EXIT_FINDINGS : EXIT_OK;
}
