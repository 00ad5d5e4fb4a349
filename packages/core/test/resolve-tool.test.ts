import { chmodSync, existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PINNED_TOOLS, resolveCacheDir, resolveTool } from '../src/index.js';
import { workspaceToolsDir } from '../src/tools/resolve-tool.js';

function fakeBin(dir: string, name: string, body = '#!/bin/sh\n'): string {
  mkdirSync(dir, { recursive: true });
  const p = join(dir, name);
  writeFileSync(p, body);
  chmodSync(p, 0o755);
  return p;
}

describe('resolveTool: env override → this install’s pinned copy (checksum-verified) → PATH', () => {
  const base = mkdtempSync(join(tmpdir(), 'ns-tools-'));
  const envBin = fakeBin(join(base, 'env'), 'helm');
  const onPath = fakeBin(join(base, 'path'), 'helm');
  const ws = workspaceToolsDir();

  it('prefers the env override and reports its checksum', () => {
    const r = resolveTool('helm', { env: { NEUROSCALE_HELM: envBin, PATH: join(base, 'path') } });
    expect(r).toMatchObject({ ok: true, source: 'env', path: envBin });
    if (r.ok) expect(r.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('finds the workspace’s pinned copy from the package location, and only with the pinned checksum', () => {
    expect(ws).toBeDefined();
    const r = resolveTool('helm', { env: { PATH: join(base, 'path') } });
    expect(r).toMatchObject({
      ok: true,
      source: 'pinned',
      path: join(ws!, 'helm'),
      sha256: PINNED_TOOLS.helm.sha256,
    });
  });

  it('refuses a pinned copy whose checksum differs from the pin (falls through to PATH)', () => {
    const tampered = join(base, 'tampered');
    fakeBin(tampered, 'helm');
    const r = resolveTool('helm', { env: { PATH: join(base, 'path') }, pinnedDirs: [tampered] });
    expect(r).toMatchObject({ ok: true, source: 'path', path: onPath });
    const none = resolveTool('helm', { env: { PATH: '' }, pinnedDirs: [tampered] });
    expect(none.ok).toBe(false);
    if (!none.ok) expect(none.message).toMatch(/wrong checksum/);
  });

  it('never looks in the working directory or a scanned tree, and ignores relative PATH entries', () => {
    const tree = mkdtempSync(join(tmpdir(), 'ns-tree-'));
    const marker = join(tree, 'PWNED');
    fakeBin(join(tree, '.tools', 'bin'), 'helm', `#!/bin/sh\ntouch ${marker}\n`);
    fakeBin(join(tree, 'bin'), 'helm', `#!/bin/sh\ntouch ${marker}\n`);
    // cwd inside the hostile tree (as when the CLI is run from the checkout), relative PATH entries
    const prev = process.cwd();
    process.chdir(tree);
    try {
      const r = resolveTool('helm', { env: { PATH: 'bin:.tools/bin' } });
      expect(r.ok ? r.path.startsWith(tree) : false).toBe(false);
      const none = resolveTool('helm', { env: { PATH: 'bin:.tools/bin' }, pinnedDirs: [] });
      expect(none.ok).toBe(false);
    } finally {
      process.chdir(prev);
    }
    expect(existsSync(marker)).toBe(false);
  });

  it('says which binary is missing and how to get it', () => {
    const r = resolveTool('kubectl', { env: { PATH: '' }, pinnedDirs: [] });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/kubectl not found.*NEUROSCALE_KUBECTL.*tools install/s);
  });

  it('rejects a non-executable override', () => {
    const r = resolveTool('helm', { env: { NEUROSCALE_HELM: join(base, 'nope') } });
    expect(r).toMatchObject({ ok: false });
  });
});

describe('resolveCacheDir: --cache-dir → NEUROSCALE_CACHE_DIR → XDG_CACHE_HOME → user cache folder', () => {
  it('follows the order', () => {
    const env = { NEUROSCALE_CACHE_DIR: '/c/ns', XDG_CACHE_HOME: '/c/xdg' };
    expect(resolveCacheDir({ flag: '/flag', env })).toBe('/flag');
    expect(resolveCacheDir({ env })).toBe('/c/ns');
    expect(resolveCacheDir({ env: { XDG_CACHE_HOME: '/c/xdg' } })).toBe('/c/xdg/neuroscale');
    expect(resolveCacheDir({ env: {}, home: '/h', platform: 'linux' })).toBe('/h/.cache/neuroscale');
    expect(resolveCacheDir({ env: {}, home: '/h', platform: 'darwin' })).toBe('/h/Library/Caches/neuroscale');
    expect(resolveCacheDir({ env: { LOCALAPPDATA: 'C:\\L' }, home: '/h', platform: 'win32' })).toMatch(
      /^C:\\L.neuroscale$/,
    );
    expect(resolveCacheDir({ flag: 'rel', cwd: '/w' })).toBe('/w/rel');
  });
});
