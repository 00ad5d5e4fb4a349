import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fixtureNames, runFixture } from './fixture-harness.js';

describe('ApplicationSet expansion fixtures', () => {
  const names = fixtureNames();
  it('has fixtures', () => {
    expect(names.length).toBeGreaterThanOrEqual(10);
  });
  for (const name of names) {
    it(name, () => {
      const { actual, expectedPath } = runFixture(name);
      expect(
        existsSync(expectedPath),
        `${expectedPath} is missing (run with UPDATE_FIXTURES=1 and review it)`,
      ).toBe(true);
      const expected = JSON.parse(readFileSync(expectedPath, 'utf8'));
      expect(JSON.parse(JSON.stringify(actual))).toEqual(expected);
    });
  }
});
