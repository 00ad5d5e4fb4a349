import { describe, expect, it } from 'vitest';
import {
  resolveGlobalContextEntries,
  resourceFilesToRead,
} from '../../src/runner/resolve-global-context-entries.js';

const where = { file: 'kyverno-test.yaml', line: 1 };
const messages = (entries: Array<Record<string, unknown>>) =>
  resolveGlobalContextEntries(entries, where).findings.map((f) => f.message);

describe('resolveGlobalContextEntries (the shapes kyverno test accepts)', () => {
  it('refuses what ValidateGlobalContextEntries refuses, and uses none of it', () => {
    expect(messages([{ name: 'a', data: { x: 1 }, resources: [] }])).toEqual([
      'globalContextEntries: entry "a": data, resources, and resourceFiles are mutually exclusive',
    ]);
    expect(messages([{ name: 'a' }])).toEqual([
      'globalContextEntries: entry "a": one of data, resources, or resourceFiles is required',
    ]);
    expect(messages([{ name: 'a', data: [1] }])).toEqual([
      'globalContextEntries: entry "a": data must be a JSON object',
    ]);
    expect(messages([{ name: 'a', resources: [{ kind: 'Pod' }, 'x'] }])).toEqual([
      'globalContextEntries: entry "a" resources[1]: must be a JSON object (Kubernetes resource manifest)',
    ]);
    expect(messages([{ name: 'a', data: {}, projections: [{ name: 'p' }] }])).toEqual([
      'globalContextEntries: entry "a" projection "p": path is required',
    ]);
    expect(messages([{ name: 'a', resourceFiles: ['ok.yaml', 'sub/../../up.yaml'] }])).toEqual([
      'globalContextEntries: entry "a" resourceFiles[1]: file path must not escape the test directory',
    ]);
    expect(messages([{ name: 'a', resourceFiles: ['/etc/x.yaml'] }])).toEqual([
      'globalContextEntries: entry "a" resourceFiles[0]: file path must not be absolute',
    ]);
    expect(resolveGlobalContextEntries([{ name: 'a' }, { name: 'a', data: {} }], where)).toMatchObject({
      entries: [],
    });
  });

  it('hands only valid resourceFiles to the caller, and uses what it read', () => {
    const entries = [
      { name: 'bad', resourceFiles: ['../up.yaml'] },
      { name: 'good', resourceFiles: ['svc.yaml'], fieldPath: '[].metadata.name' },
    ];
    expect([...resourceFilesToRead(entries)]).toEqual([[1, ['svc.yaml']]]);
    const read = new Map([[1, [{ metadata: { name: 's1' } }, { metadata: { name: 's2' } }]]]);
    expect(resolveGlobalContextEntries(entries, { ...where, fileResources: read }).entries).toEqual([
      { name: 'good', data: ['s1', 's2'] },
    ]);
  });
});
