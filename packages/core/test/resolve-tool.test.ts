import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveTool } from '../src/index.js';

function fakeBin(dir: string, name: string): string {
  mkdirSync(dir, { recursive: true });
  const p = join(dir, name);
  writeFileSync(p, '#!/bin/sh\n');
  chmodSync(p, 0o755);
  return p;
}

describe('resolveTool: env override → pinned copy → PATH', () => {
  const base = mkdtempSync(join(tmpdir(), 'ns-tools-'));
  const envBin = fakeBin(join(base, 'env'), 'helm');
  const pinned = fakeBin(join(base, 'repo', '.tools', 'bin'), 'helm');
  const onPath = fakeBin(join(base, 'path'), 'helm');
  const deep = join(base, 'repo', 'a', 'b');
  mkdirSync(deep, { recursive: true });

  it('prefers the env override', () => {
    const r = resolveTool('helm', {
      env: { NEUROSCALE_HELM: envBin, PATH: join(base, 'path') },
      searchFrom: [deep],
    });
    expect(r).toMatchObject({ ok: true, source: 'env', path: envBin });
  });

  it('then the pinned copy found upwards from the search roots', () => {
    const r = resolveTool('helm', { env: { PATH: join(base, 'path') }, searchFrom: [deep] });
    expect(r).toMatchObject({ ok: true, source: 'pinned', path: pinned });
  });

  it('then PATH', () => {
    const r = resolveTool('helm', { env: { PATH: join(base, 'path') }, searchFrom: [tmpdir()] });
    expect(r).toMatchObject({ ok: true, source: 'path', path: onPath });
  });

  it('says which binary is missing and how to get it', () => {
    const r = resolveTool('kubectl', { env: { PATH: '' }, searchFrom: [tmpdir()] });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/kubectl not found.*NEUROSCALE_KUBECTL.*pnpm install/s);
  });

  it('rejects a non-executable override', () => {
    const r = resolveTool('helm', { env: { NEUROSCALE_HELM: join(base, 'nope') } });
    expect(r).toMatchObject({ ok: false });
  });
});
