import { describe, expect, it } from 'vitest';
import { loadYaml } from '../src/index.js';

/** `levels` anchors, each a list of `fan` aliases to the previous one: fan^levels leaves from levels×fan aliases. */
function bomb(levels: number, fan: number): string {
  const lines = ['l0: &l0 "lollollollollollollol"'];
  for (let i = 1; i <= levels; i++)
    lines.push(
      `l${i}: &l${i} [${Array(fan)
        .fill(`*l${i - 1}`)
        .join(', ')}]`,
    );
  return `${lines.join('\n')}\n`;
}

describe('alias expansion measured on the loaded value', () => {
  it('a bomb with few alias tokens (2^25 leaves from 50 aliases) → yaml/alias-limit', () => {
    const { documents, findings } = loadYaml(`---\n${bomb(25, 2)}`, { file: 'b.yaml' });
    expect(documents).toEqual([]);
    expect(findings).toMatchObject([{ ruleId: 'yaml/alias-limit', location: { file: 'b.yaml', line: 2 } }]);
  });

  it('5^9 leaves from 45 aliases → yaml/alias-limit', () => {
    expect(loadYaml(bomb(9, 5), { file: 'b.yaml' }).findings.map((f) => f.ruleId)).toEqual([
      'yaml/alias-limit',
    ]);
  });

  it('a small fan-out stays loadable (2^12 leaves), and so does one block reused many times', () => {
    expect(loadYaml(bomb(12, 2), { file: 'b.yaml' }).findings).toEqual([]);
    const block = `base: &base\n${Array.from({ length: 300 }, (_, i) => `  k${i}: v${i}`).join('\n')}\n`;
    const uses = Array.from({ length: 45 }, (_, i) => `u${i}: *base`).join('\n');
    const r = loadYaml(`${block}${uses}\n`, { file: 'ok.yaml' });
    expect(r.findings).toEqual([]);
    expect(Object.keys(r.documents[0]!.value as object)).toHaveLength(46);
  });

  it('merge keys and anchors in an ordinary file are fine', () => {
    // ordinary merge keys and anchors in a Kubernetes file
    const ok = `defaults: &d {cpu: 1, memory: 1Gi}\n${Array.from({ length: 40 }, (_, i) => `c${i}:\n  <<: *d\n  name: c${i}`).join('\n')}\n`;
    expect(loadYaml(ok, { file: 'ok.yaml' }).findings).toEqual([]);
  });

  it('an anchor that contains an alias to itself → yaml/alias-cycle, not a cyclic object', () => {
    const r = loadYaml('kind: ConfigMap\nmetadata: &m\n  name: x\n  self: *m\n', { file: 'c.yaml' });
    expect(r.documents).toEqual([]);
    expect(r.findings).toMatchObject([{ ruleId: 'yaml/alias-cycle', location: { line: 1 } }]);
    expect(loadYaml('a: &a [1, *a]\n', { file: 'c.yaml' }).findings.map((f) => f.ruleId)).toEqual([
      'yaml/alias-cycle',
    ]);
  });

  it('other documents of the stream still load', () => {
    const r = loadYaml(`a: 1\n---\n${bomb(25, 2)}---\nb: 2\n`, { file: 's.yaml' });
    expect(r.documents.map((d) => d.value)).toEqual([{ a: 1 }, { b: 2 }]);
    expect(r.findings.map((f) => [f.ruleId, f.location?.line])).toEqual([['yaml/alias-limit', 3]]);
  });
});
