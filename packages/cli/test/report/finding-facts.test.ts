import { describe, expect, it } from 'vitest';
import {
  countByStage,
  formatObject,
  formatPosition,
  githubLinksFromEnv,
  ruleHelp,
} from '../../src/report/index.js';

describe('countByStage', () => {
  it('counts each finding for the stage stamped on it, whatever its rule id says', () => {
    const counts = countByStage([
      { ruleId: 'yaml/syntax', severity: 'error', message: 'a', stage: 'render' },
      { ruleId: 'config/path-outside-repository', severity: 'error', message: 'b', stage: 'validate' },
      { ruleId: 'policy/folder-not-found', severity: 'warning', message: 'c', stage: 'policy' },
    ]);
    expect(counts.get('load')).toEqual({ error: 0, warning: 0, info: 0 });
    expect(counts.get('render')).toEqual({ error: 1, warning: 0, info: 0 });
    expect(counts.get('validate')).toEqual({ error: 1, warning: 0, info: 0 });
    expect(counts.get('policy')).toEqual({ error: 0, warning: 1, info: 0 });
  });
});

describe('formatting', () => {
  it('objects read `Kind ns/name` or `Kind name`', () => {
    expect(formatObject({ kind: 'Deployment', namespace: 'shop', name: 'web' })).toBe('Deployment shop/web');
    expect(formatObject({ kind: 'ClusterRole', name: 'reader' })).toBe('ClusterRole reader');
    expect(formatObject({ name: 'x' })).toBe('x');
    expect(formatObject(undefined)).toBe('');
  });

  it('positions read file:line:col with what is known', () => {
    expect(formatPosition({ file: 'a.yaml', line: 12, column: 5 })).toBe('a.yaml:12:5');
    expect(formatPosition({ file: 'a.yaml', line: 12 })).toBe('a.yaml:12');
    expect(formatPosition({ file: 'a.yaml' })).toBe('a.yaml');
  });
});

describe('ruleHelp', () => {
  it('has exact texts for known rules, prefix texts for families, and a generic fallback', () => {
    expect(ruleHelp('apply/crd-too-large').help).toMatch(/ServerSideApply=true/);
    expect(ruleHelp('yaml/some-new-rule').short).toBe('YAML problem');
    expect(ruleHelp('policy/disallow-latest/require-tag').short).toBe(
      'Kyverno policy disallow-latest: require-tag',
    );
    expect(ruleHelp('policy/whole-policy').short).toBe('Kyverno policy whole-policy');
    // the hostile-input limits name what was refused and how to get past it
    expect(ruleHelp('render/appset-too-many-params').full).toMatch(/10,000 parameter sets/);
    expect(ruleHelp('kyverno-test/path-escape').short).toBe('Test suite path leaves the repository');
    expect(ruleHelp('policy/folder-not-found').short).toBe('Policy folder not found');
    expect(ruleHelp('render/tool-missing').help).toMatch(/tools install/);
    expect(ruleHelp('mystery/rule')).toEqual({
      short: 'mystery/rule',
      full: 'Findings of rule mystery/rule.',
      help: 'Follow the message of the finding.',
    });
  });
});

describe('githubLinksFromEnv', () => {
  it('builds blob and run links from the Actions environment', () => {
    const env = {
      GITHUB_SERVER_URL: 'https://github.example.com/',
      GITHUB_REPOSITORY: 'org/repo',
      GITHUB_SHA: 'merge123',
      GITHUB_RUN_ID: '42',
      GITHUB_RUN_ATTEMPT: '2',
    };
    expect(githubLinksFromEnv(env)).toEqual({
      blobUrl: 'https://github.example.com/org/repo/blob/merge123',
      detailsUrl: 'https://github.example.com/org/repo/actions/runs/42/attempts/2',
    });
    expect(githubLinksFromEnv(env, 'head456').blobUrl).toBe(
      'https://github.example.com/org/repo/blob/head456',
    );
    expect(githubLinksFromEnv({})).toEqual({});
  });
});
