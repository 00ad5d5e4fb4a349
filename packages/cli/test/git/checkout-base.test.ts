/**
 * `--base` materialises the other revision from git's raw objects (git/checkout-base.ts): blobs byte for
 * byte, executables as executables, symlinks as symlinks, never a write through a symlink, nothing outside
 * the temp folder, and the folder gone after dispose.
 */
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  lstatSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  statSync,
  symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkoutBase } from '../../src/git/checkout-base.js';
import { tempRepo } from '../helpers.js';

describe('checkoutBase', () => {
  it('writes every file of the revision, keeps symlinks as links and writes nothing outside', () => {
    const outside = mkdtempSync(join(tmpdir(), 'ns-base-outside-'));
    const repo = tempRepo({
      'apps/a/deploy.yaml': 'kind: ConfigMap\n',
      'apps/a/nested/deep/cm.yaml': 'kind: ConfigMap\nmetadata: {name: deep}\n',
      'apps/b/cm.yaml': 'kind: ConfigMap\n',
      'scripts/run.sh': '#!/bin/sh\n',
    });
    const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, stdio: 'ignore' });
    execFileSync('chmod', ['+x', join(repo, 'scripts/run.sh')]);
    symlinkSync(outside, join(repo, 'apps/escape'));
    symlinkSync('../a', join(repo, 'apps/b/to-a'));
    git('add', '-A');
    git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-qm', 'links');
    const base = checkoutBase(repo, 'HEAD');
    expect(base.ok).toBe(true);
    if (!base.ok) return;
    try {
      expect(readFileSync(join(base.dir, 'apps/a/nested/deep/cm.yaml'), 'utf8')).toContain('deep');
      expect(readFileSync(join(base.dir, 'apps/b/cm.yaml'), 'utf8')).toBe('kind: ConfigMap\n');
      expect(statSync(join(base.dir, 'scripts/run.sh')).mode & 0o111).not.toBe(0);
      expect(lstatSync(join(base.dir, 'apps/escape')).isSymbolicLink()).toBe(true);
      expect(readlinkSync(join(base.dir, 'apps/escape'))).toBe(outside);
      expect(readlinkSync(join(base.dir, 'apps/b/to-a'))).toBe('../a');
      expect(readdirSync(outside)).toEqual([]);
    } finally {
      base.dispose();
    }
    expect(existsSync(base.dir)).toBe(false);
  });

  it('a revision that does not exist is a message, not a throw', () => {
    const repo = tempRepo({ 'a.yaml': 'kind: ConfigMap\n' });
    const base = checkoutBase(repo, 'no-such-ref');
    expect(base).toEqual({
      ok: false,
      message: 'base revision "no-such-ref" does not exist in this repository',
    });
  });
});
