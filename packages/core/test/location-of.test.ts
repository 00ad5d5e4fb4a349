import { describe, expect, it } from 'vitest';
import { locationOf, type Manifest } from '../src/index.js';

const base: Manifest = {
  object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } },
  source: { apps: [], file: 'base/cm.yaml', documentIndex: 0, line: 3, column: 1 },
};

describe('locationOf', () => {
  it('falls back to the document start without a locator or a position', () => {
    expect(locationOf(base, '/data')).toEqual({ file: 'base/cm.yaml', line: 3, column: 1 });
    expect(locationOf({ ...base, locate: () => undefined }, '/data')).toEqual({
      file: 'base/cm.yaml',
      line: 3,
      column: 1,
    });
  });
  it('uses the locator position, in the source file unless the locator names another file', () => {
    const m: Manifest = {
      ...base,
      locate: (p) =>
        p === '/data/a' ? { line: 7, column: 3, file: 'overlay/patch.yaml' } : { line: 5, column: 1 },
    };
    expect(locationOf(m, '/data/a')).toEqual({ file: 'overlay/patch.yaml', line: 7, column: 3 });
    expect(locationOf(m, '/metadata')).toEqual({ file: 'base/cm.yaml', line: 5, column: 1 });
    expect(locationOf(m)).toEqual({ file: 'base/cm.yaml', line: 3, column: 1 });
  });
});
