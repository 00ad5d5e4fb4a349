/**
 * Input limits through the CLI: every hostile file is reported with its rule and file:line, the run
 * finishes, and the rest of the tree (the `good` app) is still rendered and validated.
 * The limits themselves are documented in docs/limits.md.
 */
import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { Finding } from '@neuroscale/core';
import { describe, expect, it } from 'vitest';
import { tempRepo } from '../helpers.js';
import { brief, goodAppValidated, hostileTree, runJson, runTree } from './hostile-tree.js';

const CM_HEAD = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: hostile\ndata:\n';

function only(findings: Finding[], ruleId: string): Finding[] {
  return findings.filter((f) => f.ruleId === ruleId);
}

/** `levels` of 9-fold alias expansion: 9^levels strings when expanded. */
function billionLaughs(levels: number): string {
  const names = 'abcdefghijklmnop'.slice(0, levels + 1).split('');
  const lines = [`  ${names[0]}: &${names[0]} ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]`];
  for (let i = 1; i < names.length; i++) {
    lines.push(
      `  ${names[i]}: &${names[i]} [${Array(9)
        .fill(`*${names[i - 1]}`)
        .join(',')}]`,
    );
  }
  return `${CM_HEAD}${lines.join('\n')}\n`;
}

describe('input limits (hostile files next to a good app)', () => {
  it('YAML alias bomb (billion laughs) → yaml/alias-limit, not expanded', async () => {
    const r = await runTree({ 'gitops/hostile/bomb.yaml': billionLaughs(9) });
    expect(only(r.findings, 'yaml/alias-limit').map((f) => f.location)).toEqual([
      { file: 'gitops/hostile/bomb.yaml', line: 1, column: 1 },
    ]);
    expect(goodAppValidated(r.findings)).toBe(true);
    expect(r.code).toBe(1);
  });

  it('an alias bomb with few aliases (2^25 nodes from 50) → yaml/alias-limit', async () => {
    const lines = ['  l0: &l0 "lollollollollollollol"'];
    for (let i = 1; i <= 25; i++) lines.push(`  l${i}: &l${i} [*l${i - 1}, *l${i - 1}]`);
    const r = await runTree({
      'gitops/hostile/bomb.yaml': `${CM_HEAD.replace('data:\n', 'metadata2:\n')}${lines.join('\n')}\n`,
    });
    expect(only(r.findings, 'yaml/alias-limit').map((f) => f.location)).toEqual([
      { file: 'gitops/hostile/bomb.yaml', line: 1, column: 1 },
    ]);
    expect(goodAppValidated(r.findings)).toBe(true);
  });

  it('an anchor aliasing itself → yaml/alias-cycle, not a crash', async () => {
    const r = await runTree({
      'gitops/hostile/cycle.yaml':
        'apiVersion: v1\nkind: ConfigMap\nmetadata: &m\n  name: loop\n  labels: *m\n',
    });
    expect(only(r.findings, 'yaml/alias-cycle').map((f) => f.location)).toEqual([
      { file: 'gitops/hostile/cycle.yaml', line: 1, column: 1 },
    ]);
    expect(goodAppValidated(r.findings)).toBe(true);
    expect(r.code).toBe(1);
  });

  it('a few aliases (ordinary anchors) still load', async () => {
    const r = await runTree({
      'gitops/hostile/anchors.yaml': `${CM_HEAD}  a: &v "x"\n  b: *v\n  c: *v\n`,
    });
    expect(r.findings.filter((f) => f.location?.file?.startsWith('gitops/hostile'))).toEqual([]);
    expect(r.summary.objects).toBe(4); // two child Applications, the Deployment, the ConfigMap
  });

  it('deep nesting (1,000 levels) → yaml/too-deep', async () => {
    const deep = `${'['.repeat(1000)}${']'.repeat(1000)}`;
    const r = await runTree({ 'gitops/hostile/deep.yaml': `${CM_HEAD}  x: ${deep}\n` });
    expect(only(r.findings, 'yaml/too-deep').map((f) => f.location)).toEqual([
      { file: 'gitops/hostile/deep.yaml', line: 1, column: 1 },
    ]);
    expect(goodAppValidated(r.findings)).toBe(true);
  });

  it('deep nesting in block style (300 levels) → yaml/too-deep', async () => {
    let body = '';
    for (let i = 0; i < 300; i++) body += `${' '.repeat(2 + i)}k${i}:\n`;
    const r = await runTree({ 'gitops/hostile/deep-block.yaml': `${CM_HEAD}${body}${' '.repeat(302)}v\n` });
    expect(only(r.findings, 'yaml/too-deep')).toHaveLength(1);
    expect(goodAppValidated(r.findings)).toBe(true);
  });

  it('a 100 MB file → yaml/too-large and render/directory-too-large, in bounded time', async () => {
    const dir = tempRepo(hostileTree({}));
    mkdirSync(join(dir, 'gitops/hostile'), { recursive: true });
    const fd = openSync(join(dir, 'gitops/hostile/huge.yaml'), 'w');
    const doc = Buffer.from(`${CM_HEAD}  a: "${'x'.repeat(1024 * 1024 - 64)}"\n---\n`);
    try {
      for (let i = 0; i < 100; i++) writeSync(fd, doc);
    } finally {
      closeSync(fd);
    }
    const start = Date.now();
    const r = await runJson(dir);
    const elapsed = Date.now() - start;
    expect(only(r.findings, 'yaml/too-large').map((f) => f.location)).toEqual([
      { file: 'gitops/hostile/huge.yaml', line: 1, column: 1 },
    ]);
    expect(only(r.findings, 'render/directory-too-large').map((f) => f.location?.file)).toEqual([
      'gitops/hostile',
    ]);
    expect(goodAppValidated(r.findings)).toBe(true);
    expect(elapsed).toBeLessThan(60_000); // generous guard: a hang, not a speed check
  }, 120_000);

  it('a line longer than 1 MiB → yaml/line-too-long at that line', async () => {
    const r = await runTree({
      'gitops/hostile/long.yaml': `${CM_HEAD}  x: ${'a'.repeat(1024 * 1024 + 10)}\n`,
    });
    expect(only(r.findings, 'yaml/line-too-long').map((f) => f.location)).toEqual([
      { file: 'gitops/hostile/long.yaml', line: 6, column: 1 },
    ]);
    expect(goodAppValidated(r.findings)).toBe(true);
  });

  it('a long string under the line limit loads; a 5 MB block string loads and is sized by the apply check', async () => {
    const r = await runTree({
      'gitops/hostile/wide.yaml': `${CM_HEAD}  x: "${'w'.repeat(900 * 1024)}"\n`,
      'gitops/hostile/tall.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: tall\ndata:\n  x: |\n${`    ${'b'.repeat(1000)}\n`.repeat(5000)}`,
    });
    expect(r.findings.filter((f) => f.ruleId.startsWith('yaml/'))).toEqual([]);
    const tooLarge = only(r.findings, 'apply/too-large');
    // both exceed the 256 KiB last-applied annotation of client-side apply
    expect(tooLarge.map((f) => [f.object?.name, f.location?.file])).toEqual([
      ['tall', 'gitops/hostile/tall.yaml'],
      ['hostile', 'gitops/hostile/wide.yaml'],
    ]);
    expect(goodAppValidated(r.findings)).toBe(true);
  });

  it('a binary file → yaml/binary', async () => {
    const dir = tempRepo(hostileTree({ 'gitops/hostile/keep.txt': '' }));
    writeFileSync(
      join(dir, 'gitops/hostile/blob.yaml'),
      Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2, 3, 0, 0, 0xff]),
    );
    const r = await runJson(dir);
    expect(only(r.findings, 'yaml/binary').map((f) => f.location)).toEqual([
      { file: 'gitops/hostile/blob.yaml', line: 1, column: 1 },
    ]);
    expect(goodAppValidated(r.findings)).toBe(true);
  });

  it('a non-UTF-8 (Latin-1) file → yaml/encoding at the first bad byte', async () => {
    const dir = tempRepo(hostileTree({ 'gitops/hostile/keep.txt': '' }));
    const latin1 = Buffer.concat([
      Buffer.from(`${CM_HEAD}  city: Z`),
      Buffer.from([0xfc]),
      Buffer.from('rich\n'),
    ]);
    writeFileSync(join(dir, 'gitops/hostile/latin1.yaml'), latin1);
    const r = await runJson(dir);
    expect(only(r.findings, 'yaml/encoding').map((f) => f.location)).toEqual([
      { file: 'gitops/hostile/latin1.yaml', line: 6, column: 10 },
    ]);
    expect(goodAppValidated(r.findings)).toBe(true);
  });

  it('duplicate keys → yaml/duplicate-key at the second key', async () => {
    const r = await runTree({
      'gitops/hostile/dup.yaml':
        'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  name: b\ndata: {}\n',
    });
    expect(only(r.findings, 'yaml/duplicate-key').map((f) => f.location)).toEqual([
      { file: 'gitops/hostile/dup.yaml', line: 5, column: 3 },
    ]);
    expect(goodAppValidated(r.findings)).toBe(true);
  });

  it('5,000 documents in one file all render', async () => {
    const docs = Array.from(
      { length: 5000 },
      (_, i) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c${i}\n`,
    );
    const r = await runTree({ 'gitops/hostile/many.yaml': docs.join('---\n') });
    expect(r.findings.filter((f) => f.location?.file === 'gitops/hostile/many.yaml')).toEqual([]);
    expect(r.summary.objects).toBe(5003);
    expect(goodAppValidated(r.findings)).toBe(true);
  });

  it('25,000 documents in one file → yaml/too-many-documents at the first document past the limit', async () => {
    const docs = Array.from(
      { length: 25_000 },
      (_, i) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c${i}\n`,
    );
    const r = await runTree({ 'gitops/hostile/many.yaml': docs.join('---\n') });
    // document 20,001 starts after 20,000 × 5 lines
    expect(only(r.findings, 'yaml/too-many-documents').map((f) => f.location)).toEqual([
      { file: 'gitops/hostile/many.yaml', line: 100_001, column: 1 },
    ]);
    expect(goodAppValidated(r.findings)).toBe(true);
  }, 120_000);

  it('JSON with a UTF-8 BOM loads like JSON without one', async () => {
    const json = JSON.stringify({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'bom', labels: { a: 1 } },
    });
    const r = await runTree({ 'gitops/hostile/bom.json': `\uFEFF${json}` });
    expect(r.findings.filter((f) => f.ruleId.startsWith('yaml/'))).toEqual([]);
    // the object was read: its integer label value is a schema error located in the JSON file
    const label = r.findings.find((f) => f.object?.name === 'bom');
    expect(label?.location?.file).toBe('gitops/hostile/bom.json');
    expect(r.summary.objects).toBe(4);
    expect(goodAppValidated(r.findings)).toBe(true);
  });

  it('all the hostile files at once: each reported once, good app intact, exit 1', async () => {
    const r = await runTree({
      'gitops/hostile/bomb.yaml': billionLaughs(9),
      'gitops/hostile/deep.yaml': `${CM_HEAD}  x: ${'{a: '.repeat(500)}1${'}'.repeat(500)}\n`,
      'gitops/hostile/dup.yaml': 'a: 1\na: 2\n',
      'gitops/hostile/long.yaml': `# ${'#'.repeat(1024 * 1024 + 1)}\n`,
    });
    const yaml = brief(r.findings.filter((f) => f.ruleId.startsWith('yaml/')));
    expect(yaml).toEqual([
      ['yaml/alias-limit', 'gitops/hostile/bomb.yaml', 1],
      ['yaml/too-deep', 'gitops/hostile/deep.yaml', 1],
      ['yaml/duplicate-key', 'gitops/hostile/dup.yaml', 2],
      ['yaml/line-too-long', 'gitops/hostile/long.yaml', 1],
    ]);
    expect(goodAppValidated(r.findings)).toBe(true);
    expect(r.code).toBe(1);
  });
});
