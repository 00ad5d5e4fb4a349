import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { objectRef } from '@neuroscale/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { claimFrom } from '../src/files/load-batch.js';
import { planBatches } from '../src/files/plan-batches.js';
import { type ValidateFilesResult, validateFiles } from '../src/index.js';
import { fixtures, hasGenerated, pkgDir } from './helpers.js';

// The worker threads run the built worker (dist/batch-worker.js), which imports the built core.
const hasWorker = existsSync(join(pkgDir, 'dist', 'batch-worker.js'));
if (!hasWorker)
  console.warn(
    '\n[validate tests] SKIPPING the worker-thread tests: packages/validate/dist is missing (pnpm run build).\n',
  );

function filesOf(dir: string, prefix: string) {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => ({ path: join(dir, f), file: `${prefix}/${f}` }));
}

/** Everything a caller sees, positions included (locate() of every manifest at a few pointers). */
function observable(r: ValidateFilesResult) {
  return JSON.stringify({
    manifests: r.manifests.map((m) => ({
      object: m.object,
      source: m.source,
      at: ['/metadata/name', '/spec', '/kind'].map((p) => m.locate?.(p)),
    })),
    loadFindings: r.loadFindings,
    findings: r.validation.findings,
    summary: r.validation.summary,
  });
}

describe.skipIf(!hasGenerated || !hasWorker)(
  'validateFiles: worker threads give the single-thread output',
  () => {
    // the default cache folder: the package's test cache (vitest.config.ts NEUROSCALE_CACHE_DIR), warm after one run
    const cacheDir = undefined;

    it('merges batches in input order: identical manifests, positions, findings and summary', async () => {
      const files = filesOf(join(fixtures, 'threads'), 'threads');
      const one = await validateFiles(files, { cacheDir, concurrency: 1 });
      const many = await validateFiles(files, { cacheDir, concurrency: 4, minBytesPerThread: 1 });
      expect(one.threads).toBe(1);
      expect(many.threads).toBe(4);
      expect(observable(many)).toBe(observable(one));
      // the fixture holds every kind of finding the merge must keep in place
      const rules = new Set([...one.loadFindings, ...one.validation.findings].map((f) => f.ruleId));
      for (const rule of [
        'yaml/duplicate-key',
        'yaml/syntax',
        'schema/type',
        'schema/unknown-field',
        'schema/missing',
        'schema/missing-kind',
        'duplicate/object',
        'api/removed',
      ])
        expect(rules).toContain(rule);
      expect(one.validation.summary.invalid).toBeGreaterThan(5);
    });

    it("objects: 'identity' gives the same findings, summary, identities and positions", async () => {
      const files = filesOf(join(fixtures, 'threads'), 'threads');
      const one = await validateFiles(files, { cacheDir, concurrency: 1 });
      const many = await validateFiles(files, {
        cacheDir,
        concurrency: 4,
        minBytesPerThread: 1,
        objects: 'identity',
      });
      expect(many.threads).toBe(4);
      const identities = (r: ValidateFilesResult) =>
        JSON.stringify({
          manifests: r.manifests.map((m) => ({
            ref: objectRef(m.object),
            source: m.source,
            at: ['/metadata/name', '/spec', '/kind'].map((p) => m.locate?.(p)),
          })),
          loadFindings: r.loadFindings,
          findings: r.validation.findings,
          summary: r.validation.summary,
        });
      expect(identities(many)).toBe(identities(one));
    });

    it('with a CRD among the files, workers only load and the main thread validates: still identical', async () => {
      const files = filesOf(join(fixtures, 'crds'), 'crds');
      const one = await validateFiles(files, { cacheDir, concurrency: 1 });
      const many = await validateFiles(files, { cacheDir, concurrency: 3, minBytesPerThread: 1 });
      expect(many.threads).toBe(3);
      expect(observable(many)).toBe(observable(one));
      expect(one.validation.findings.map((f) => f.ruleId)).toContain('schema/invalid-crd');
    });

    describe('a small input never starts a thread', () => {
      let dir: string;
      beforeAll(() => {
        dir = mkdtempSync(join(tmpdir(), 'ns-validate-small-'));
        writeFileSync(join(dir, 'a.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n');
        writeFileSync(join(dir, 'b.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\n');
      });
      it('runs on the main thread under the default 1 MiB per thread', async () => {
        const r = await validateFiles(filesOf(dir, 'small'), { cacheDir, concurrency: 8 });
        expect(r.threads).toBe(1);
        expect(r.validation.summary).toEqual({ objects: 2, valid: 2, invalid: 0, skipped: 0 });
      });
    });
  },
);

describe('claimFrom: the shared file counter', () => {
  it('hands out every index once across claimers, then nothing', () => {
    const counter = new Int32Array(new SharedArrayBuffer(8));
    const a = claimFrom(counter, 3);
    const b = claimFrom(counter, 3);
    expect([a(), b(), a(), b(), a()]).toEqual([0, 1, 2, undefined, undefined]);
  });
  it('with stopAt, leaves the rest to the others; a plain claimer still gets it', () => {
    const counter = new Int32Array(new SharedArrayBuffer(8));
    const main = claimFrom(counter, 5, 3);
    expect([main(), main(), main(), main()]).toEqual([0, 1, 2, undefined]);
    const rest = claimFrom(counter, 5);
    expect([rest(), rest(), rest()]).toEqual([3, 4, undefined]);
  });
});

describe('planBatches', () => {
  it('splits contiguous runs of about equal bytes, at least one file each', () => {
    expect(planBatches([5, 5, 5, 5], { maxThreads: 2, minBytesPerThread: 1 })).toEqual([
      [0, 2],
      [2, 4],
    ]);
    expect(planBatches([100, 1, 1, 1], { maxThreads: 2, minBytesPerThread: 1 })).toEqual([
      [0, 1],
      [1, 4],
    ]);
    expect(planBatches([1, 1], { maxThreads: 8, minBytesPerThread: 1 })).toEqual([
      [0, 1],
      [1, 2],
    ]);
  });
  it('stays on one thread below the bytes per thread, or with concurrency 1', () => {
    expect(planBatches([400_000, 400_000], { maxThreads: 2 })).toEqual([[0, 2]]);
    expect(planBatches([3 << 20, 3 << 20], { maxThreads: 1 })).toEqual([[0, 2]]);
    expect(planBatches([3 << 20, 3 << 20], { maxThreads: 4 })).toEqual([
      [0, 1],
      [1, 2],
    ]);
    expect(planBatches([], { maxThreads: 4 })).toEqual([[0, 0]]);
  });
});
