import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SUPPORTED_KUBERNETES_VERSIONS } from '../src/data/generated-data.js';
import { validate } from '../src/index.js';
import { fixtures, hasGenerated, manifests } from './helpers.js';

const corpus = join(fixtures, 'schema-corpus');
const validFiles = readdirSync(join(corpus, 'valid'))
  .filter((f) => f.endsWith('.yaml'))
  .sort();
const invalidCases = readdirSync(join(corpus, 'invalid'))
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => f.replace(/\.yaml$/, ''))
  .sort();

describe.skipIf(!hasGenerated)('schema corpus (kubeconform -strict verdicts)', () => {
  it.each(validFiles)('accepts every object in valid/%s', async (file) => {
    const text = readFileSync(join(corpus, 'valid', file), 'utf8');
    const m = manifests(text, `valid/${file}`);
    const r = await validate(m, { kubeVersion: '1.33' });
    const schemaErrors = r.findings.filter((f) => f.ruleId.startsWith('schema/') && f.severity === 'error');
    expect(schemaErrors).toEqual([]);
    expect(r.summary).toEqual({ objects: m.length, valid: m.length, invalid: 0, skipped: 0 });
  });

  it.each(SUPPORTED_KUBERNETES_VERSIONS)(
    'accepts the whole valid corpus on Kubernetes %s',
    async (kubeVersion) => {
      const all = validFiles.flatMap((file) =>
        manifests(readFileSync(join(corpus, 'valid', file), 'utf8'), `valid/${file}`),
      );
      const r = await validate(all, { kubeVersion });
      expect(r.findings.filter((f) => f.severity === 'error')).toEqual([]);
      expect(r.summary.invalid).toBe(0);
    },
  );

  it.each(invalidCases)('reports exactly the expected findings for invalid/%s', async (name) => {
    const text = readFileSync(join(corpus, 'invalid', `${name}.yaml`), 'utf8');
    const expected = JSON.parse(readFileSync(join(corpus, 'invalid', `${name}.expected.json`), 'utf8'));
    const r = await validate(manifests(text, `invalid/${name}.yaml`), { kubeVersion: '1.33' });
    const got = r.findings
      .filter((f) => f.ruleId.startsWith('schema/') && f.severity === 'error')
      .map((f) => ({ ruleId: f.ruleId, line: f.location?.line, path: f.path ?? '' }));
    expect(got).toEqual(expected);
  });

  it('names the field and the expected type in messages', async () => {
    const text = readFileSync(join(corpus, 'invalid', 'wrong-types.yaml'), 'utf8');
    const r = await validate(manifests(text), {});
    const messages = r.findings.map((f) => f.message);
    expect(messages).toContain('spec.replicas: expected integer, got string "3"');
    expect(messages).toContain(
      'spec.template.spec.containers[0].env[0].value: expected string, got boolean true',
    );
    const unknown = await validate(
      manifests(readFileSync(join(corpus, 'invalid', 'unknown-fields.yaml'), 'utf8')),
      {},
    );
    expect(unknown.findings.map((f) => f.message)).toContain(
      'unknown field "spec.replica" in Deployment; did you mean "replicas"?',
    );
  });
});
