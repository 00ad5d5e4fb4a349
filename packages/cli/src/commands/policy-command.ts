import { existsSync, realpathSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { formatTestTable, runTestSuites } from '@neuroscale/kyverno-test';
import { stringify } from 'yaml';
import { type CliIO, EXIT_FINDINGS, EXIT_OK, UsageError } from '../cli-io.js';
import { findRepoRoot } from '../git/repo-root.js';
import { type EmitOptions, emitReport } from '../output/emit-report.js';
import { neutralizeJson, neutralizeText } from '../output/neutralize-workflow-commands.js';
import { writeAdmittedObjects } from '../output/write-admitted-objects.js';
import { writeOutputFile } from '../output/write-output-file.js';
import {
  type CommonFlags,
  outsideRootNote,
  resolvePipelineOptions,
} from '../pipeline/resolve-pipeline-options.js';
import { runStage } from '../pipeline/run-stage.js';
import { runPolicyStage } from '../pipeline/stage-policy.js';
import { readInputsStage } from '../pipeline/stage-read-inputs.js';
import { renderStage } from '../pipeline/stage-render.js';
import { buildReport } from '../report/build-report.js';

/** `policy test <dirs...>`: run kyverno-test.yaml suites; exit 1 on any mismatch. */
export async function policyTestCommand(
  dirs: string[],
  flags: { format?: string; outputDir?: string },
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
  const result = await runTestSuites(abs, {
    root: io.cwd,
    ...(repoRoot ? { repoRoot } : {}),
    ...(flags.outputDir ? { collectAdmitted: true } : {}),
  });
  if (flags.outputDir) {
    const objects = result.suites.flatMap((s) => s.admitted ?? []);
    writeAdmittedObjects(objects, flags.outputDir, io, '--output-dir');
  }
  io.stdout(
    format === 'json'
      ? `${neutralizeJson(JSON.stringify(result, null, 2))}\n`
      : neutralizeText(formatTestTable(result)),
  );
  return result.summary.fail > 0 ? EXIT_FINDINGS : EXIT_OK;
}

/**
 * `policy apply [path] --policies <dir>`: the policy pack against the rendered tree of a repository,
 * or against plain manifest files/folders. A `--policies` entry outside the repository or matching
 * nothing is the policy stage's finding, as in the pipeline.
 */
export async function policyApplyCommand(
  path: string,
  flags: CommonFlags & { policyReport?: string; admittedOutput?: string },
  emit: EmitOptions,
  io: CliIO,
): Promise<number> {
  const options = await resolvePipelineOptions(existsSync(resolve(io.cwd, path)) ? path : '.', flags, {
    cwd: io.cwd,
    existsPolicies: (r, p) => existsSync(join(r, p)),
  });
  if (!options.policies)
    throw new UsageError('policy apply needs --policies <dir> (no policies/ folder found)');
  const abs = resolve(io.cwd, path);
  const isTree = abs === options.repoRoot && existsSync(join(options.repoRoot, 'gitops'));
  const read = isTree
    ? await runStage('render', async () => {
        const work = await renderStage(options);
        // the pack is what this command checks; of the render's own problems only broken YAML is reported
        const findings = work.findings.filter((f) => f.severity === 'error' && f.ruleId.startsWith('yaml/'));
        return { ...work, findings };
      })
    : await runStage('load', () => readInputsStage([path], io));
  const { manifests } = read.result;
  const policy = await runStage('policy', () => runPolicyStage(manifests, options));
  if (flags.policyReport && policy.result.report) {
    writeOutputFile(flags.policyReport, stringify(policy.result.report, { aliasDuplicateObjects: false }), {
      cwd: io.cwd,
      what: '--policy-report',
    });
  }
  if (flags.admittedOutput) {
    // kyverno apply --output: the objects admission changed, then the generated ones
    const original = new Set(manifests.map((m) => m.object));
    const changed = (policy.result.admitted ?? []).map((m) => m.object).filter((o) => !original.has(o));
    writeAdmittedObjects(changed, flags.admittedOutput, io, '--output');
  }
  const report = buildReport({
    options,
    stages: [read.summary, policy.summary],
    findings: [...(options.configFindings ?? []), ...read.findings, ...policy.findings],
    manifests,
    ...(policy.result.admission ? { admission: policy.result.admission } : {}),
  });
  await emitReport(report, emit, io);
  const note = outsideRootNote(options, report.findings);
  if (note) io.stderr(note);
  return report.summary.failed ? EXIT_FINDINGS : EXIT_OK;
}
