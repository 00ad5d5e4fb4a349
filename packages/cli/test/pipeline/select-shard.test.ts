import { describe, expect, it } from 'vitest';
import { parseShard, partitionApps, readShardWeights } from '../../src/pipeline/select-shard.js';

const names = Array.from({ length: 200 }, (_, i) => `app-${String(i).padStart(3, '0')}`);

describe('partitionApps', () => {
  it('is a function of the names alone: same shards for any order of the input, pinned values', () => {
    const a = partitionApps(names, { count: 4 });
    const b = partitionApps([...names].reverse(), { count: 4 });
    expect([...a.entries()].sort()).toEqual([...b.entries()].sort());
    // pinned: the first 8 hex digits of sha256(name) modulo n; a change of the hash would move every app
    expect(Object.fromEntries(partitionApps(['app-000', 'app-001', 'payments'], { count: 7 }))).toEqual({
      'app-000': 1,
      'app-001': 0,
      payments: 3,
    });
  });

  it('spreads apps over every shard without weights', () => {
    const counts = new Array(4).fill(0);
    for (const s of partitionApps(names, { count: 4 }).values()) counts[s]++;
    for (const c of counts) expect(c).toBeGreaterThan(30);
  });

  it('balances by object count with weights: heaviest first, each to the lightest shard', () => {
    const weights = new Map([
      ['big', 100],
      ['mid-a', 60],
      ['mid-b', 40],
      ['small', 1],
    ]);
    const p = partitionApps(['small', 'mid-b', 'big', 'mid-a'], { count: 2, weights });
    // big → 0 (100); mid-a → 1 (60); mid-b → 1 (100); small → tie 100/100 → 0
    expect(Object.fromEntries(p)).toEqual({ big: 0, 'mid-a': 1, 'mid-b': 1, small: 0 });
  });

  it('gives an app unknown to the previous report the weight 1', () => {
    const weights = new Map([['known', 3]]);
    const p = partitionApps(['known', 'new-1', 'new-2', 'new-3'], { count: 2, weights });
    const load = [0, 0];
    for (const [name, s] of p) load[s]! += weights.get(name) ?? 1;
    expect(load.sort()).toEqual([3, 3]);
  });
});

describe('parseShard and readShardWeights', () => {
  it('parses i/n and refuses the rest', () => {
    expect(parseShard('2/7')).toEqual({ index: 2, count: 7 });
    for (const bad of ['0/1', '2/1', '1/0', '-1/2', '1/2/3', '1.5/2', '1/257'])
      expect(parseShard(bad)).toHaveProperty('error');
  });

  it('reads objects per app from a JSON report and ignores malformed entries', () => {
    const w = readShardWeights(
      JSON.stringify({
        apps: [{ name: 'a', objectCount: 4 }, { name: 'b' }, { name: 'c', objectCount: -1 }, 3],
      }),
    );
    expect(w).toEqual(new Map([['a', 4]]));
    expect(readShardWeights('{')).toHaveProperty('error');
    expect(readShardWeights('{}')).toHaveProperty('error');
  });
});
