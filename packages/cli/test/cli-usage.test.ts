import { describe, expect, it } from 'vitest';
import { cli } from './helpers.js';

describe('usage and exit codes', () => {
  it('--version prints the package version and exits 0', async () => {
    const r = await cli(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('--help lists the stage subcommands, the flags and examples', async () => {
    const r = await cli(['--help']);
    expect(r.code).toBe(0);
    for (const word of [
      'render',
      'validate',
      'policy',
      'cost',
      'diff',
      '--diff-file',
      '--fail-on',
      '--output',
      '--base',
      'Examples:',
      'Exit codes',
    ]) {
      expect(r.stdout).toContain(word);
    }
  });

  it('an unknown flag is a usage error (exit 2) without a stack trace', async () => {
    const r = await cli(['--no-such-flag']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown option/);
    expect(r.stderr).not.toMatch(/at .*\.ts:\d+/);
  });

  it('a bad --kube-version is a usage error naming the allowed versions', async () => {
    const r = await cli(['.', '--kube-version', '1.12']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/1\.30, 1\.31/);
  });

  it('a bad --output is a usage error', async () => {
    const r = await cli(['.', '--output', 'pdf=x.pdf']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown format "pdf"/);
  });

  it('a missing path is a usage error', async () => {
    const r = await cli(['does/not/exist']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/path not found/);
  });

  it('an unknown key in the config file is a usage error', async () => {
    const { tempRepo } = await import('./helpers.js');
    const dir = tempRepo({ 'neuroscale.config.yaml': 'kubeVersion: "1.33"\nfailOnn: warning\n' });
    const r = await cli(['.'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown config key "failOnn"/);
  });
});
