/**
 * One bad `--policies` path, one answer: the pipeline and `policy apply` both run the policy stage,
 * which turns an entry that matches nothing or leaves the repository into the same finding.
 */
import { describe, expect, it } from 'vitest';
import { cli, tempRepo } from '../helpers.js';

const CONFIGMAP = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  mode: fast\n';

interface JsonReport {
  findings: { ruleId: string }[];
  stages: { name: string; skipped?: string }[];
}

const policyFindings = (stdout: string) =>
  (JSON.parse(stdout) as JsonReport).findings.filter((f) => f.ruleId.startsWith('policy/'));

describe('a bad --policies path', () => {
  it.each([
    ['matches nothing', 'no-such-policies', 'policy/folder-not-found'],
    ['leaves the repository', '../elsewhere', 'policy/path-escape'],
  ])('%s: the same finding from the pipeline and from policy apply', async (_what, path, ruleId) => {
    const dir = tempRepo({ 'manifests/cm.yaml': CONFIGMAP });
    const pipeline = await cli(['.', '--root', 'none/*.yaml', '--policies', path, '--format', 'json'], {
      cwd: dir,
    });
    const apply = await cli(['policy', 'apply', '--policies', path, '--format', 'json', 'manifests'], {
      cwd: dir,
    });
    expect(pipeline.code).toBe(1);
    expect(apply.code).toBe(1);
    const fromPipeline = policyFindings(pipeline.stdout);
    expect(fromPipeline).toHaveLength(1);
    expect(fromPipeline[0]?.ruleId).toBe(ruleId);
    expect(policyFindings(apply.stdout)).toEqual(fromPipeline);
    // both report the policy stage as not run, for the same reason
    const policyStage = (stdout: string) =>
      (JSON.parse(stdout) as JsonReport).stages.find((s) => s.name === 'policy');
    expect(policyStage(apply.stdout)).toEqual(policyStage(pipeline.stdout));
    expect(policyStage(apply.stdout)?.skipped).toBe(`no policy found at ${path}`);
  });
});
