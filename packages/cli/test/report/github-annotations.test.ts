import * as core from '@actions/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  escapeData,
  escapeProperty,
  type Report,
  type StagedFinding,
  workflowCommand,
  writeGithubAnnotations,
} from '../../src/report/index.js';
import { sampleReport } from './sample-report.js';

/** What @actions/core itself writes to stdout for one call. */
function viaActionsCore(call: () => void): string {
  let out = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  try {
    call();
  } finally {
    spy.mockRestore();
  }
  return out;
}

afterEach(() => vi.restoreAllMocks());

const SPECIAL = `<>&"' 100% a\nb\r\nc, d: e::f`;

describe('github annotations: escaping', () => {
  it('escapes data and properties exactly like @actions/core', () => {
    expect(escapeData(SPECIAL)).toBe(`<>&"' 100%25 a%0Ab%0D%0Ac, d: e::f`);
    expect(escapeProperty(SPECIAL)).toBe(`<>&"' 100%25 a%0Ab%0D%0Ac%2C d%3A e%3A%3Af`);
  });

  it('writes byte-for-byte what core.error / core.warning / core.notice write', () => {
    const props = {
      title: 'schema/type',
      file: 'apps/a,b:c%.yaml',
      startLine: 12,
      endLine: 14,
      startColumn: 5,
      endColumn: 9,
    };
    const ours = workflowCommand(
      'error',
      { title: props.title, file: props.file, line: 12, endLine: 14, col: 5, endColumn: 9 },
      SPECIAL,
    );
    expect(`${ours}\n`).toBe(viaActionsCore(() => core.error(SPECIAL, props)));
    expect(`${workflowCommand('warning', { title: 't', file: 'f.yaml', line: 1 }, SPECIAL)}\n`).toBe(
      viaActionsCore(() => core.warning(SPECIAL, { title: 't', file: 'f.yaml', startLine: 1 })),
    );
    expect(`${workflowCommand('notice', {}, SPECIAL)}\n`).toBe(viaActionsCore(() => core.notice(SPECIAL)));
  });

  it('every annotation of the sample report equals @actions/core output for the same finding', () => {
    const lines = writeGithubAnnotations(sampleReport()).trimEnd().split('\n');
    expect(lines).toHaveLength(11);
    const schemaType = lines.find((l) => l.includes('title=schema/type'))!;
    const message = `spec.replicas: expected <integer> & got "string" 'three' 100% sure\nsecond line, with: colons\r\nand a bell \\u0007 @octocat | pipe \`tick\`\nDeployment shop/web (app shop)`;
    expect(`${schemaType}\n`).toBe(
      viaActionsCore(() =>
        core.error(message, {
          title: 'schema/type',
          file: 'apps/shop/deploy.yaml',
          startLine: 9,
          startColumn: 13,
        }),
      ),
    );
    // One physical line per annotation: no raw CR/LF survives.
    for (const line of lines) expect(line).toMatch(/^::(error|warning|notice) [^\r\n]*::[^\r\n]*$/);
  });

  it('points findings without a location at their checked object, and leaves truly unlocated ones file-less', () => {
    const out = writeGithubAnnotations(sampleReport());
    expect(out).toContain('::error title=policy/require-labels/check-team,file=platform/rbac.yaml,line=4::');
    expect(out).toContain('::warning title=cost/threshold::monthly cost +$41.20 (+35.0%25) exceeds');
  });
});

describe('github annotations: capping', () => {
  const make = (severity: StagedFinding['severity'], n: number): StagedFinding[] =>
    Array.from({ length: n }, (_, i) => ({
      ruleId: `schema/r${String(i).padStart(2, '0')}`,
      severity,
      message: `${severity} ${i}`,
      location: { file: `f${String(i).padStart(2, '0')}.yaml`, line: i + 1 },
      stage: 'validate',
    }));
  const withFindings = (findings: StagedFinding[]): Report => ({ ...sampleReport(), findings });
  const count = (out: string, cmd: string): number =>
    out.split('\n').filter((l) => l.startsWith(`::${cmd} `)).length;

  it('writes at most 10 per level and one notice with the number left out', () => {
    const out = writeGithubAnnotations(
      withFindings([...make('error', 25), ...make('warning', 3), ...make('info', 15)]),
    );
    expect(count(out, 'error')).toBe(10);
    expect(count(out, 'warning')).toBe(3);
    // 9 findings + the closing notice: GitHub shows 10 notices per step.
    expect(count(out, 'notice')).toBe(10);
    const last = out.trimEnd().split('\n').at(-1)!;
    expect(last).toMatch(/^::notice title=neuroscale-validate::21 more findings were not annotated /);
    expect(last).toContain('all 43.');
    // The first errors in file order are the ones kept.
    expect(out).toContain('file=f00.yaml');
    expect(out).toContain('file=f09.yaml,line=10::error 9');
    expect(out).not.toContain('::error 10\n');
  });

  it('adds no closing notice when everything fits', () => {
    const out = writeGithubAnnotations(
      withFindings([...make('error', 10), ...make('warning', 10), ...make('info', 10)]),
    );
    expect(count(out, 'error')).toBe(10);
    expect(count(out, 'notice')).toBe(10);
    expect(out).not.toContain('not annotated');
  });

  it('says "1 more finding was" in the singular and honours maxPerLevel', () => {
    const out = writeGithubAnnotations(withFindings(make('warning', 3)), { maxPerLevel: 2 });
    expect(count(out, 'warning')).toBe(2);
    expect(out).toContain('::1 more finding was not annotated');
  });

  it('writes nothing for a clean report', () => {
    expect(writeGithubAnnotations(withFindings([]))).toBe('');
  });
});
