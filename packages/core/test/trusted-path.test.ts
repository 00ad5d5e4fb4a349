import { mkdirSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { registerUntrustedTree, trustedPath, trustedPathEntries } from '../src/process/trusted-path.js';

describe('trustedPathEntries', () => {
  const base = mkdtempSync(join(tmpdir(), 'ns-trusted-path-'));
  const repo = join(base, 'repo');
  const bin = join(repo, 'node_modules', '.bin');
  const sibling = join(base, 'repo-other', 'bin');
  const link = join(base, 'link-to-repo-bin');
  mkdirSync(bin, { recursive: true });
  mkdirSync(sibling, { recursive: true });
  symlinkSync(bin, link);
  registerUntrustedTree(repo);

  it('drops relative entries, empty entries and entries inside an untrusted tree', () => {
    const value = ['', '.', 'bin', bin, repo, '/usr/bin', sibling, '/bin'].join(':');
    expect(trustedPathEntries(value)).toEqual(['/usr/bin', sibling, '/bin']);
    expect(trustedPath(value)).toBe(`/usr/bin:${sibling}:/bin`);
  });

  it('follows symbolic links: a link from outside into the tree is inside it', () => {
    expect(trustedPathEntries(`${link}:/usr/bin`)).toEqual(['/usr/bin']);
  });

  it('a folder whose name only starts with the tree name is outside it', () => {
    expect(trustedPathEntries(sibling)).toEqual([sibling]);
  });

  it('no PATH gives no entries', () => {
    expect(trustedPathEntries(undefined)).toEqual([]);
  });
});
