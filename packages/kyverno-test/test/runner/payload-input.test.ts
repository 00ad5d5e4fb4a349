import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runTestSuites } from '../../src/index.js';

const SUITE = path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/hostile/bad-payloads');

describe('hostile payloads', () => {
  it('reports payloads that are not objects and evaluates the others; prototype keys stay keys', async () => {
    const before = Object.getOwnPropertyNames(Object.prototype).sort();
    const result = await runTestSuites([SUITE], { root: SUITE });
    const suite = result.suites[0]!;
    expect((suite.findings ?? []).map((f) => [f.ruleId, f.location?.file, f.message])).toEqual([
      [
        'kyverno-test/invalid-payload',
        'list.json',
        'httpPayloads[0] list.json: the payload must be a JSON object',
      ],
      [
        'kyverno-test/invalid-payload',
        'scalar.json',
        'httpPayloads[1] scalar.json: the payload must be a JSON object',
      ],
    ]);
    expect(suite.results.map((r) => [r.resource, r.actual, r.ok])).toEqual([['//proto.json', 'pass', true]]);
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(before);
  });
});
