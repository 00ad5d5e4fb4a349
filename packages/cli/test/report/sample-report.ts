import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Manifest } from '@neuroscale/core';
import { computeCost, diffCost } from '@neuroscale/cost-proxy';
import { expect } from 'vitest';
import type { Report } from '../../src/report/index.js';

export const HERE = dirname(fileURLToPath(import.meta.url));

/** A fresh copy of test/report/fixtures/sample-report.json (tests may mutate it). */
export function sampleReport(): Report {
  return JSON.parse(readFileSync(join(HERE, 'fixtures', 'sample-report.json'), 'utf8')) as Report;
}

/** Byte-for-byte comparison with golden/<name>; UPDATE_GOLDEN=1 rewrites the file instead. */
export function expectGolden(name: string, actual: string): void {
  const file = join(HERE, 'golden', name);
  if (process.env.UPDATE_GOLDEN === '1') {
    writeFileSync(file, actual);
    return;
  }
  let expected: string;
  try {
    expected = readFileSync(file, 'utf8');
  } catch {
    throw new Error(`golden file ${name} is missing: run with UPDATE_GOLDEN=1 and review it`);
  }
  expect(actual).toBe(expected);
}

/** Deterministic Fisher–Yates shuffle (mulberry32), so a failing order can be replayed. */
export function shuffled<T>(items: readonly T[], seed: number): T[] {
  let s = seed >>> 0;
  const rand = (): number => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/** A real cost-proxy diff of `workloads` Deployments whose CPU and memory requests doubled. */
export function bigCostDiff(workloads: number): Pick<Report, 'cost' | 'costHead'> {
  const side = (cpu: string, memory: string): Manifest[] =>
    Array.from({ length: workloads }, (_, i) => {
      const name = `app-${String(i).padStart(5, '0')}`;
      const container = { name, image: `example.com/${name}:1`, resources: { requests: { cpu, memory } } };
      return {
        object: {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: { name, namespace: 'ns' },
          spec: { replicas: 2, template: { spec: { containers: [container] } } },
        },
        source: { apps: [name], file: `apps/${name}/deploy.yaml`, documentIndex: 0, line: 1, column: 1 },
      };
    });
  const base = computeCost(side('100m', '128Mi'));
  const head = computeCost(side('200m', '256Mi'));
  return {
    cost: diffCost(base, head),
    costHead: { pricing: head.pricing, notCosted: head.notCosted },
  };
}
