/**
 * `validate <folder>` (the kubeconform drop-in) on a folder from a pull request: symbolic links are not
 * followed (to a device, /proc or a file outside, they would hang the run or leak into messages), and each
 * is a finding; a device or FIFO named directly is refused unread instead of blocking forever.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers.js';

const CM = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ok\n';
const SECRET = 'OUTSIDE-SECRET-5521';

interface Out {
  findings: { ruleId: string; severity: string; message: string; location?: { file?: string } }[];
  summary: { objects: number };
}

describe('validate on a folder with symbolic links and special files', () => {
  it('reports every symbolic link instead of following it, and validates the rest', async () => {
    const base = mkdtempSync(join(tmpdir(), 'ns-plain-'));
    const dir = join(base, 'manifests');
    mkdirSync(join(dir, 'sub'), { recursive: true });
    writeFileSync(join(dir, 'ok.yaml'), CM);
    writeFileSync(join(base, 'outside.yaml'), `# ${SECRET}\nnot: [valid\n`);
    symlinkSync('/dev/zero', join(dir, 'zero.yaml'));
    symlinkSync('/proc/self/environ', join(dir, 'env.yaml'));
    symlinkSync(join(base, 'outside.yaml'), join(dir, 'outside-link.yaml'));
    symlinkSync(join(dir, 'ok.yaml'), join(dir, 'sub', 'inside-link.yaml'));
    symlinkSync(join(base, 'nowhere.yaml'), join(dir, 'dangling.yaml'));
    symlinkSync(base, join(dir, 'up'));
    const r = await cli(['validate', 'manifests', '--format', 'json'], { cwd: base });
    expect(r.stdout).not.toContain(SECRET);
    const out = JSON.parse(r.stdout) as Out;
    expect(out.summary.objects).toBe(1);
    const links = out.findings
      .filter((f) => f.ruleId === 'input/symlink-not-followed')
      .map((f) => [f.location?.file, f.severity]);
    expect(links).toEqual([
      ['manifests/dangling.yaml', 'warning'],
      ['manifests/env.yaml', 'warning'],
      ['manifests/outside-link.yaml', 'warning'],
      ['manifests/sub/inside-link.yaml', 'info'],
      ['manifests/up', 'warning'],
      ['manifests/zero.yaml', 'warning'],
    ]);
  });

  it('a FIFO or a device named directly is refused unread, not waited on', async () => {
    const base = mkdtempSync(join(tmpdir(), 'ns-plain-fifo-'));
    execFileSync('mkfifo', [join(base, 'pipe.yaml')]);
    const r = await cli(['validate', 'pipe.yaml', '/dev/zero', '--format', 'json'], { cwd: base });
    const out = JSON.parse(r.stdout) as Out;
    expect(out.findings.filter((f) => f.ruleId === 'yaml/not-a-file').map((f) => f.location?.file)).toEqual([
      '/dev/zero',
      'pipe.yaml',
    ]);
  }, 20_000);
});
