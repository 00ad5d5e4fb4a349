/**
 * The pure parts of remote sources: how a source names a chart (Argo CD's HTTP / scheme-less OCI / oci://
 * forms, exact version vs constraint), AppProject sourceRepos matching (globs with `/` separators, `!` denies),
 * credential redaction, and the chart archive reader's refusals.
 */
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { chartReference, isExactVersion } from '../../src/remote/chart-reference.js';
import { extractChartArchive } from '../../src/remote/extract-chart-archive.js';
import { redactUrlCredentials } from '../../src/remote/fetch-chart.js';
import { isSourcePermitted, projectAllowsSource } from '../../src/remote/source-repos-permission.js';

function tar(entries: { name: string; data: string; type?: string }[]): Buffer {
  const blocks: Buffer[] = [];
  for (const e of entries) {
    const h = Buffer.alloc(512);
    h.write(e.name, 0, 'utf8');
    h.write(`${Buffer.byteLength(e.data).toString(8).padStart(11, '0')}\0`, 124, 'latin1');
    h.write(e.type ?? '0', 156, 'latin1');
    h.write('ustar', 257, 'latin1');
    const data = Buffer.alloc(Math.ceil(Buffer.byteLength(e.data) / 512) * 512);
    data.write(e.data);
    blocks.push(h, data);
  }
  blocks.push(Buffer.alloc(1024));
  return gzipSync(Buffer.concat(blocks));
}
const limits = { maxExpandedBytes: 1024 * 1024, maxFiles: 100 };

describe('chartReference', () => {
  it('an https repoURL is a Helm repository', () => {
    const r = chartReference({
      repoURL: 'https://charts.jetstack.io',
      chart: 'cert-manager',
      targetRevision: 'v1.20.2',
    });
    expect(r).toMatchObject({
      kind: 'http',
      pullRef: 'cert-manager',
      exact: true,
      host: 'charts.jetstack.io',
      port: 443,
    });
  });
  it('a scheme-less repoURL is an OCI registry (IsHelmOciRepo)', () => {
    const r = chartReference({
      repoURL: 'ghcr.io/kserve/charts',
      chart: 'kserve-resources',
      targetRevision: 'v0.20.0',
    });
    expect(r).toMatchObject({
      kind: 'oci',
      pullRef: 'oci://ghcr.io/kserve/charts/kserve-resources',
      plainHttp: false,
    });
  });
  it('oci:// with chart appends the chart; a loopback registry is plain HTTP', () => {
    const r = chartReference({
      repoURL: 'oci://127.0.0.1:5000/charts/',
      chart: 'demo',
      targetRevision: '^1.0',
    });
    expect(r).toMatchObject({
      kind: 'oci',
      pullRef: 'oci://127.0.0.1:5000/charts/demo',
      exact: false,
      plainHttp: true,
      port: 5000,
    });
  });
  it('refuses what helm could be tricked with', () => {
    expect(chartReference({ repoURL: 'https://x', chart: '--help' })).toHaveProperty('error');
    expect(chartReference({ repoURL: 'file:///etc', chart: 'x' })).toHaveProperty('error');
    expect(chartReference({ repoURL: 'ghcr.io/../x', chart: 'y' })).toHaveProperty('error');
  });
  it('exact versions vs constraints (versions.IsVersion)', () => {
    for (const v of ['1.2.3', 'v0.15.2', '1.2', '2.0.0-rc.1+build.5'])
      expect(isExactVersion(v), v).toBe(true);
    for (const v of ['^1.2', '>=1.0.0 <2.0.0', '~1.2.0', '1.x', '*'])
      expect(isExactVersion(v), v).toBe(false);
  });
});

describe('AppProject sourceRepos (IsSourcePermitted)', () => {
  it('globs: * stays within a path segment, ** crosses it; case and .git are normalised', () => {
    expect(isSourcePermitted(['https://github.com/acme/*'], 'https://github.com/Acme/platform.git')).toBe(
      true,
    );
    expect(isSourcePermitted(['https://github.com/acme/*'], 'https://github.com/acme/a/b')).toBe(false);
    expect(isSourcePermitted(['https://github.com/acme/**'], 'https://github.com/acme/a/b')).toBe(true);
    expect(isSourcePermitted(['*'], 'ghcr.io/kserve/charts')).toBe(true);
    expect(isSourcePermitted([], 'https://charts.example.com')).toBe(false);
  });
  it('a deny pattern refuses what it matches', () => {
    const repos = ['*', '!https://charts.evil.example/*'];
    expect(isSourcePermitted(repos, 'https://charts.evil.example/x')).toBe(false);
    expect(isSourcePermitted(repos, 'https://charts.example.com')).toBe(true);
  });
  it('the default project allows all unless the tree defines it; an unknown project refuses', () => {
    expect(projectAllowsSource(new Map(), 'default', 'https://x').ok).toBe(true);
    expect(projectAllowsSource(new Map([['default', ['https://a']]]), 'default', 'https://x').ok).toBe(false);
    expect(projectAllowsSource(new Map(), 'team', 'https://x').ok).toBe(false);
  });
  it('never shows credentials', () => {
    const v = projectAllowsSource(new Map([['p', []]]), 'p', 'https://user:s3cret@charts.example.com');
    expect(v.ok ? '' : v.message).not.toContain('s3cret');
    expect(redactUrlCredentials('pull https://u:p@h/x and oci://tok@r/y')).toBe(
      'pull https://h/x and oci://r/y',
    );
  });
});

describe('extractChartArchive', () => {
  it('reads regular files of one chart', () => {
    const r = extractChartArchive(tar([{ name: 'demo/Chart.yaml', data: 'name: demo\n' }]), limits);
    expect(r.ok && r.files.map((f) => [f.path, f.data.toString()])).toEqual([
      ['demo/Chart.yaml', 'name: demo\n'],
    ]);
  });
  it('refuses an entry outside the chart', () => {
    const r = extractChartArchive(tar([{ name: '../evil.yaml', data: 'x' }]), limits);
    expect(r.ok ? '' : r.message).toContain('outside the chart');
  });
  it('skips links and caps the expanded size', () => {
    const r = extractChartArchive(
      tar([
        { name: 'demo/link', data: '', type: '2' },
        { name: 'demo/a', data: 'a' },
      ]),
      limits,
    );
    expect(r.ok && r.files.map((f) => f.path)).toEqual(['demo/a']);
    const big = extractChartArchive(tar([{ name: 'demo/big', data: 'x'.repeat(4096) }]), {
      maxExpandedBytes: 2048,
      maxFiles: 10,
    });
    expect(big.ok ? '' : big.message).toContain('limit');
  });
});
