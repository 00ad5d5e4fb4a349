/**
 * `--shard i/n` and `merge`: the n shard reports of a tree, merged, give the bytes of the unsharded run in
 * every format (JSON, SARIF, JUnit, Markdown comment, GitHub annotations, job summary, text), for
 * n = 1, 2, 3, 7. The fixture (test/fixtures/shard-merge) has findings in every stage that can have
 * them, a duplicate object across two apps (a cross-shard check), an ApplicationSet, and admission (a
 * mutated object, a failed mutation, a generated object with a schema finding).
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, REPO_ROOT } from './helpers.js';

const FIXTURE = join(REPO_ROOT, 'packages/cli/test/fixtures/shard-merge');
const FORMATS = ['sarif', 'junit', 'markdown', 'github', 'text'] as const;

function fixtureRepo(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ns-shard-'));
  cpSync(FIXTURE, dir, { recursive: true });
  cpSync(join(REPO_ROOT, 'policies'), join(dir, 'policies'), { recursive: true });
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'ignore' });
  git('init', '-q', '-b', 'main');
  git('remote', 'add', 'origin', 'https://github.com/neuroscale/fixtures.git');
  git('add', '-A');
  git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-qm', 'init');
  return dir;
}

type Outputs = Record<'json' | 'summary' | (typeof FORMATS)[number], string> & { code: number };

/** Runs the CLI with --format json and every other format to a file; the job summary too. */
async function runAll(repo: string, args: string[]): Promise<Outputs> {
  const out = mkdtempSync(join(tmpdir(), 'ns-shard-out-'));
  const summary = join(out, 'summary.md');
  writeFileSync(summary, '');
  const r = await cli(
    [...args, '--format', 'json', ...FORMATS.flatMap((f) => ['--output', `${f}=${join(out, f)}`])],
    {
      cwd: repo,
      env: { PATH: process.env.PATH, GITHUB_STEP_SUMMARY: summary },
    },
  );
  if (r.code === 2) throw new Error(`CLI failed: ${r.stderr}`);
  const read = (f: string) => readFileSync(join(out, f), 'utf8');
  return {
    code: r.code,
    json: r.stdout,
    summary: read('summary.md'),
    sarif: read('sarif'),
    junit: read('junit'),
    markdown: read('markdown'),
    github: read('github'),
    text: read('text'),
  };
}

/** The one thing a merged report cannot know is how long the shards took: the text format's timings. */
const withoutTimings = (text: string) =>
  text
    .replace(/ · total \d+(?:ms|\.\d\ds)/g, '')
    .replace(/ (load|render|validate|policy|cost) \d+(?:ms|\.\d\ds)/g, ' $1');

describe('--shard i/n and merge give the unsharded report back', () => {
  let repo: string;
  let whole: Outputs;

  beforeAll(async () => {
    repo = fixtureRepo();
    whole = await runAll(repo, ['.']);
  }, 120_000);

  it('the unsharded run has findings in every stage that makes them, apps of an ApplicationSet, and a duplicate', () => {
    const report = JSON.parse(whole.json);
    const stagesWithFindings = report.stages.filter((s: { findings: number }) => s.findings > 0);
    expect(stagesWithFindings.map((s: { name: string }) => s.name)).toEqual([
      'load',
      'render',
      'validate',
      'policy',
    ]);
    expect(report.apps.map((a: { name: string }) => a.name)).toEqual(
      expect.arrayContaining(['edge-eu', 'kilo', 'regions']),
    );
    expect(report.findings.map((f: { ruleId: string }) => f.ruleId)).toContain('duplicate/object');
    // admission: the pack mutates the echo CronJob; policies/team-admission fails on the team-juliet
    // Namespace and generates a NetworkPolicy with a schema error for it (a finding of the validate stage)
    expect(report.admission).toEqual({
      mutatedObjects: 1,
      generatedObjects: 1,
      unchangedObjects: 15,
      failedObjects: 1,
    });
    expect(
      report.findings.filter(
        (f: { ruleId: string; object?: { kind?: string } }) =>
          f.ruleId === 'schema/unknown-field' && f.object?.kind === 'NetworkPolicy',
      ),
    ).toHaveLength(1);
    expect(report.shard).toBeUndefined();
    expect(whole.code).toBe(1);
  });

  for (const n of [1, 2, 3, 7]) {
    it(`n = ${n}: merging the ${n} shard reports gives identical bytes in every format`, async () => {
      const out = mkdtempSync(join(tmpdir(), 'ns-shard-parts-'));
      const files: string[] = [];
      const objectsPerShard: number[] = [];
      for (let i = 1; i <= n; i++) {
        const r = await cli(['.', '--shard', `${i}/${n}`, '--format', 'json'], {
          cwd: repo,
          env: { PATH: process.env.PATH },
        });
        expect(r.code, r.stderr).not.toBe(2);
        const part = JSON.parse(r.stdout);
        expect(part.shard).toEqual({ index: i, count: n });
        objectsPerShard.push(part.summary.objects);
        const file = join(out, `shard-${i}.json`);
        writeFileSync(file, r.stdout);
        files.push(file);
      }
      // every object is checked by exactly one shard
      expect(objectsPerShard.reduce((a, b) => a + b, 0)).toBe(JSON.parse(whole.json).summary.objects);
      if (n > 1) expect(objectsPerShard.filter((o) => o > 0).length).toBeGreaterThan(1);
      const merged = await runAll(repo, ['merge', ...[...files].reverse()]);
      expect(merged.json).toBe(whole.json);
      for (const f of ['sarif', 'junit', 'markdown', 'github', 'summary'] as const) {
        expect(merged[f], f).toBe(whole[f]);
      }
      expect(merged.text).toBe(withoutTimings(whole.text));
      expect(merged.code).toBe(whole.code);
    }, 240_000);
  }

  it('with --base: the cost section (priced by shard 1 over the whole tree) merges back in every format', async () => {
    const base = await runAll(repo, ['.', '--base', 'HEAD']);
    expect(JSON.parse(base.json).cost).toBeDefined();
    expect(base.markdown).toContain('cost');
    const out = mkdtempSync(join(tmpdir(), 'ns-shard-cost-'));
    const files: string[] = [];
    for (let i = 1; i <= 2; i++) {
      const r = await cli(['.', '--base', 'HEAD', '--shard', `${i}/2`, '--format', 'json'], {
        cwd: repo,
        env: { PATH: process.env.PATH },
      });
      expect(r.code, r.stderr).not.toBe(2);
      expect(JSON.parse(r.stdout).cost !== undefined).toBe(i === 1);
      files.push(join(out, `shard-${i}.json`));
      writeFileSync(files.at(-1)!, r.stdout);
    }
    const merged = await runAll(repo, ['merge', ...files]);
    expect(merged.json).toBe(base.json);
    for (const f of ['sarif', 'junit', 'markdown', 'github', 'summary'] as const)
      expect(merged[f], f).toBe(base[f]);
  }, 120_000);

  it('--previous-report balances the shards by object count; the merge is still the unsharded report', async () => {
    const out = mkdtempSync(join(tmpdir(), 'ns-shard-weighted-'));
    const previous = join(out, 'previous.json');
    writeFileSync(previous, whole.json);
    const files: string[] = [];
    const objects: number[] = [];
    for (let i = 1; i <= 3; i++) {
      const r = await cli(['.', '--shard', `${i}/3`, '--previous-report', previous, '--format', 'json'], {
        cwd: repo,
        env: { PATH: process.env.PATH },
      });
      expect(r.code, r.stderr).not.toBe(2);
      objects.push(JSON.parse(r.stdout).summary.objects);
      files.push(join(out, `shard-${i}.json`));
      writeFileSync(files.at(-1)!, r.stdout);
    }
    // heaviest app first, each to the lightest shard: no shard is left empty
    expect(objects.every((o) => o > 0)).toBe(true);
    const merged = await cli(['merge', ...files, '--format', 'json'], { cwd: repo });
    expect(merged.stdout).toBe(whole.json);
  }, 120_000);

  it('refuses an incomplete or mixed set of shards (exit 2), never a partial report', async () => {
    const out = mkdtempSync(join(tmpdir(), 'ns-shard-bad-'));
    const shard = async (spec: string) => {
      const r = await cli(['.', '--shard', spec, '--format', 'json'], {
        cwd: repo,
        env: { PATH: process.env.PATH },
      });
      const file = join(out, `${spec.replace('/', '-of-')}.json`);
      writeFileSync(file, r.stdout);
      return file;
    };
    const one = await shard('1/3');
    const two = await shard('2/3');
    const missing = await cli(['merge', one, two], { cwd: repo });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('shard(s) 3/3 missing');
    const twice = await cli(['merge', one, one], { cwd: repo });
    expect(twice.stderr).toContain('shard 1/3 given twice');
    const plain = join(out, 'plain.json');
    writeFileSync(plain, whole.json);
    const unsharded = await cli(['merge', plain], { cwd: repo });
    expect(unsharded.code).toBe(2);
    expect(unsharded.stderr).toContain('no "shard" member');
  }, 120_000);

  it('rejects a malformed --shard', async () => {
    for (const bad of ['0/2', '3/2', '1/0', 'a/b', '1/257']) {
      const r = await cli(['.', '--shard', bad], { cwd: repo });
      expect(r.code, bad).toBe(2);
      expect(r.stderr).toContain('--shard must be i/n');
    }
  });
});
