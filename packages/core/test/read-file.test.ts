import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeText, readYamlFile } from '../src/index.js';

describe('decodeText / readYamlFile', () => {
  it('refuses binary data', () => {
    const r = decodeText(new Uint8Array([0x61, 0x00, 0x62]), 'bin.yaml');
    expect(r.text).toBeUndefined();
    expect(r.findings).toMatchObject([{ ruleId: 'yaml/binary', location: { file: 'bin.yaml', line: 1 } }]);
  });

  it('reports invalid UTF-8 with the line of the first bad byte', () => {
    const bytes = new Uint8Array([...Buffer.from('a: 1\nb: '), 0xff, 0xfe, ...Buffer.from('\n')]);
    const r = decodeText(bytes, 'latin.yaml');
    expect(r.findings).toMatchObject([{ ruleId: 'yaml/encoding', location: { line: 2, column: 4 } }]);
  });

  it('refuses a file over the size limit without reading it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ns-core-'));
    const p = join(dir, 'big.yaml');
    writeFileSync(p, 'a: 1\n'.repeat(1000));
    const r = await readYamlFile(p, { file: 'big.yaml', limits: { maxFileBytes: 100 } });
    expect(r.documents).toEqual([]);
    expect(r.findings).toMatchObject([{ ruleId: 'yaml/too-large', location: { file: 'big.yaml', line: 1 } }]);
  });

  it('reads JSON with a BOM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ns-core-'));
    const p = join(dir, 'x.json');
    writeFileSync(p, '\uFEFF{"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "a"}}');
    const r = await readYamlFile(p, { file: 'x.json' });
    expect(r.findings).toEqual([]);
    expect(r.documents[0]!.value).toMatchObject({ kind: 'Namespace' });
  });
});
