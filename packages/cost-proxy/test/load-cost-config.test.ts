import { describe, expect, it } from 'vitest';
import { computeCost, loadCostConfig } from '../src/index.js';
import { deployment, manifest } from './helpers.js';

describe('loadCostConfig', () => {
  it('reads our keys from YAML', () => {
    const cfg = loadCostConfig(
      [
        'pricing:',
        '  cpuCoreHour: "0.05"',
        '  RAM: 0.01',
        '  gpuResources: [nvidia.com/gpu]',
        '  extendedHour: { example.com/fpga: "0.5" }',
        'daemonSetNodes: 5',
        'kserveDefaults: { cpuRequest: 500m, memoryLimit: null }',
        'thresholds: { maxMonthlyDelta: "15%", maxCpuDelta: 2 }',
        'flagPercent: 30',
      ].join('\n'),
      { file: 'neuroscale-cost.yaml' },
    );
    expect(cfg.findings).toEqual([]);
    expect(cfg.cost).toEqual({
      pricing: {
        cpuCoreHour: '0.05',
        memoryGiBHour: '0.01',
        gpuResources: ['nvidia.com/gpu'],
        extendedHour: { 'example.com/fpga': '0.5' },
        source: 'prices from neuroscale-cost.yaml',
      },
      daemonSetNodes: 5,
      kserveDefaults: { cpuRequest: '500m', memoryLimit: '' },
    });
    expect(cfg.diff).toEqual({ thresholds: { maxMonthlyDelta: '15%', maxCpuDelta: '2' }, flagPercent: 30 });
    // the config drives computeCost: 1 core × 0.05 × 730 = 36.5; 1 GiB × 0.01 × 730 = 7.3
    const snap = computeCost([manifest(deployment('web'))], cfg.cost);
    expect(snap.totals.monthly.max.total).toBe('43.800000');
  });

  it('accepts an OpenCost custom pricing file as-is', () => {
    const cfg = loadCostConfig(
      JSON.stringify({
        provider: 'custom',
        description: 'x',
        CPU: '0.031611',
        spotCPU: '0.006655',
        RAM: '0.004237',
        GPU: '0.95',
        storage: '0.00005479452',
      }),
      { file: 'default.json' },
    );
    expect(cfg.findings).toEqual([]);
    expect(cfg.cost.pricing).toMatchObject({
      cpuCoreHour: '0.031611',
      memoryGiBHour: '0.004237',
      gpuHour: '0.95',
    });
  });

  it('reports unknown keys and bad values with their line', () => {
    const cfg = loadCostConfig('daemonSetNodes: -2\nbudget: 5\nthresholds:\n  maxGpuDelta: "1"\n', {
      file: 'c.yaml',
    });
    expect(cfg.findings.map((f) => [f.ruleId, f.location?.line])).toEqual([
      ['cost/invalid-config', 1],
      ['cost/invalid-config', 2],
      ['cost/invalid-config', 4],
    ]);
    expect(cfg.cost).toEqual({});
  });

  it('returns YAML syntax errors as findings', () => {
    const cfg = loadCostConfig('pricing: [unclosed', { file: 'c.yaml' });
    expect(cfg.findings.length).toBeGreaterThan(0);
    expect(cfg.findings[0]?.ruleId).toMatch(/^yaml\//);
  });

  it('reads the cost block of a larger file, with the short forms of neuroscale.config.yaml', () => {
    const text = [
      'failOn: error',
      'cost:',
      '  maxMonthlyDelta: 15%',
      '  maxCpuDelta: 2',
      '  thresholds: { maxMemoryDelta: 4Gi }',
      '  prices: { cpuHour: 0.05, memoryGiBHour: 0.01, gpuHour: 0.9 }',
      '  daemonSetNodes: 3',
    ].join('\n');
    const cfg = loadCostConfig(text, { file: 'neuroscale.config.yaml', pointer: '/cost' });
    expect(cfg.findings).toEqual([]);
    expect(cfg.cost).toEqual({
      pricing: {
        cpuCoreHour: '0.05',
        memoryGiBHour: '0.01',
        gpuHour: '0.9',
        source: 'prices from neuroscale.config.yaml',
      },
      daemonSetNodes: 3,
    });
    expect(cfg.diff).toEqual({
      thresholds: { maxMonthlyDelta: '15%', maxCpuDelta: '2', maxMemoryDelta: '4Gi' },
    });
  });

  it('names problems of a nested block by their place in the whole file', () => {
    const text = 'failOn: error\ncost:\n  budget: 5\n  prices: 3\n';
    const cfg = loadCostConfig(text, { file: 'neuroscale.config.yaml', pointer: '/cost' });
    expect(cfg.findings.map((f) => [f.path, f.location?.line, f.message])).toEqual([
      ['/cost/budget', 3, 'unknown cost configuration key "budget"'],
      ['/cost/prices', 4, 'prices must be a map'],
    ]);
    expect(loadCostConfig('failOn: error\n', { file: 'x.yaml', pointer: '/cost' })).toEqual({
      cost: {},
      diff: {},
      findings: [],
    });
  });
});
