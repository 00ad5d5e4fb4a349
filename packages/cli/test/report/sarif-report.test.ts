import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Log, Result } from 'sarif';
import { describe, expect, it } from 'vitest';
import { FINGERPRINT_KEY, type Report, type StagedFinding, writeSarif } from '../../src/report/index.js';
import { sampleReport } from './sample-report.js';

// The OASIS SARIF 2.1.0 (rtm.5) JSON schema, as shipped by Microsoft's @microsoft/jest-sarif (draft-04).
const require = createRequire(import.meta.url);
// ajv-draft-04 is CommonJS with `module.exports = Ajv`; require() gives the class itself.
const AjvDraft04 = require('ajv-draft-04') as typeof import('ajv-draft-04').default;
const schemaPath = require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
const sarifSchema = JSON.parse(readFileSync(schemaPath, 'utf8'));
// unicodeRegExp off: the official schema's language pattern has an unescaped ']' that the 'u' flag rejects.
const ajv = new AjvDraft04({ allErrors: true, strict: false, unicodeRegExp: false });
// The three formats the schema uses, checked per RFC 3986 / RFC 3339 (no ajv-formats needed).
const URI_CHARS = /^(?:[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})*$/;
ajv.addFormat('uri', (s: string) => URI_CHARS.test(s) && /^[A-Za-z][A-Za-z0-9+.-]*:/.test(s));
ajv.addFormat('uri-reference', (s: string) => URI_CHARS.test(s));
ajv.addFormat('date-time', (s: string) =>
  /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/i.test(s),
);
const validateSarif = ajv.compile(sarifSchema);

const sarif = (report: Report): Log => JSON.parse(writeSarif(report)) as Log;
const results = (report: Report): Result[] => sarif(report).runs[0]?.results ?? [];

function expectValid(log: unknown): void {
  const ok = validateSarif(log);
  expect(validateSarif.errors ?? []).toEqual([]);
  expect(ok).toBe(true);
}

function oneFinding(f: StagedFinding): Report {
  const report = sampleReport();
  report.findings = [f];
  return report;
}

describe('sarif report', () => {
  it('is valid SARIF 2.1.0 for the sample report', () => {
    expect(sarifSchema.title).toMatch(/SARIF.*2\.1\.0/);
    expectValid(sarif(sampleReport()));
  });

  it('is valid with no findings, and with a finding that has neither location nor object', () => {
    const empty = sampleReport();
    empty.findings = [];
    expectValid(sarif(empty));
    const bare = oneFinding({
      ruleId: 'cost/threshold',
      severity: 'warning',
      message: 'over budget',
      stage: 'cost',
    });
    const log = sarif(bare);
    expectValid(log);
    expect(log.runs[0]?.results?.[0]?.locations).toBeUndefined();
  });

  it('the schema check can fail (bad level, unencoded URI)', () => {
    const log = sarif(sampleReport()) as unknown as { runs: { results: { level: string }[] }[] };
    log.runs[0]!.results[0]!.level = 'fatal';
    expect(validateSarif(log)).toBe(false);
    const spaced = sarif(sampleReport()) as unknown as Log;
    const loc = spaced.runs[0]?.results?.[1]?.locations?.[0]?.physicalLocation?.artifactLocation;
    if (loc) loc.uri = 'my apps/a.yaml';
    expect(validateSarif(spaced)).toBe(false);
  });

  it('has one rule per rule id, with help text, and ruleIndex pointing at it', () => {
    const log = sarif(sampleReport());
    const run = log.runs[0]!;
    const rules = run.tool.driver.rules ?? [];
    const ids = rules.map((r) => r.id);
    expect(ids).toEqual([...new Set(sampleReport().findings.map((f) => f.ruleId))].sort());
    for (const rule of rules) {
      expect(rule.shortDescription?.text).toBeTruthy();
      expect(rule.fullDescription?.text).toBeTruthy();
      expect(rule.help?.text).toBeTruthy();
    }
    for (const r of run.results ?? []) expect(rules[r.ruleIndex ?? -1]?.id).toBe(r.ruleId);
    // Default level = the most severe level seen for the rule.
    expect(rules.find((r) => r.id === 'schema/type')?.defaultConfiguration?.level).toBe('error');
    expect(rules.find((r) => r.id === 'helm/unused-value')?.defaultConfiguration?.level).toBe('note');
    expect(rules.find((r) => r.id === 'policy/require-limits/check-cpu-limit')?.shortDescription?.text).toBe(
      'Kyverno policy require-limits: check-cpu-limit',
    );
  });

  it('maps levels and writes repo-relative locations with regions and logical locations', () => {
    const rs = results(sampleReport());
    const unknownField = rs.find((r) => r.ruleId === 'schema/unknown-field')!;
    expect(unknownField.level).toBe('error');
    expect(unknownField.locations?.[0]).toEqual({
      physicalLocation: {
        artifactLocation: { uri: 'apps/shop/deploy.yaml', uriBaseId: '%SRCROOT%' },
        region: { startLine: 21, startColumn: 11, endLine: 21, endColumn: 27 },
      },
      logicalLocations: [{ name: 'web', fullyQualifiedName: 'Deployment/shop/web', kind: 'resource' }],
    });
    expect(rs.find((r) => r.ruleId === 'helm/unused-value')?.level).toBe('note');
    // No location of its own: points at the checked object's first line.
    const clusterRole = rs.find((r) => r.ruleId === 'policy/require-labels/check-team')!;
    expect(clusterRole.locations?.[0]?.physicalLocation?.region).toEqual({ startLine: 4 });
    expect(clusterRole.locations?.[0]?.logicalLocations?.[0]?.fullyQualifiedName).toBe('ClusterRole/reader');
  });

  it('percent-encodes URIs and pins file-level findings to line 1', () => {
    const r = results(
      oneFinding({
        ruleId: 'yaml/too-large',
        severity: 'error',
        message: 'big',
        location: { file: 'my apps/a#b.yaml' },
        stage: 'load',
      }),
    )[0]!;
    expect(r.locations?.[0]?.physicalLocation?.artifactLocation?.uri).toBe('my%20apps/a%23b.yaml');
    expect(r.locations?.[0]?.physicalLocation?.region).toEqual({ startLine: 1 });
    expectValid(
      sarif(
        oneFinding({
          ruleId: 'yaml/too-large',
          severity: 'error',
          message: 'big',
          location: { file: 'my apps/a#b.yaml' },
          stage: 'load',
        }),
      ),
    );
  });

  it('partial fingerprints ignore line moves and message changes, but not the rule, file, object or path', () => {
    const base: StagedFinding = {
      ruleId: 'schema/type',
      severity: 'error',
      message: 'expected integer',
      object: { kind: 'Deployment', namespace: 'shop', name: 'web' },
      location: { file: 'apps/shop/deploy.yaml', line: 9, column: 13 },
      path: '/spec/replicas',
      stage: 'validate',
    };
    const fp = (f: StagedFinding): string =>
      results(oneFinding(f))[0]?.partialFingerprints?.[FINGERPRINT_KEY] ?? '';
    const original = fp(base);
    expect(original).toMatch(/^[0-9a-f]{32}:1$/);
    expect(fp({ ...base, location: { file: 'apps/shop/deploy.yaml', line: 40, column: 3 } })).toBe(original);
    expect(fp({ ...base, message: 'expected integer, got string' })).toBe(original);
    expect(fp({ ...base, path: '/spec/paused' })).not.toBe(original);
    expect(fp({ ...base, ruleId: 'schema/required' })).not.toBe(original);
    expect(fp({ ...base, object: { kind: 'Deployment', namespace: 'shop', name: 'api' } })).not.toBe(
      original,
    );
    expect(fp({ ...base, location: { file: 'apps/shop/other.yaml', line: 9 } })).not.toBe(original);
  });

  it('numbers findings that share a fingerprint so each keeps its own alert', () => {
    const report = sampleReport();
    const f: StagedFinding = {
      ruleId: 'schema/type',
      severity: 'error',
      message: 'a',
      location: { file: 'x.yaml', line: 3 },
      stage: 'validate',
    };
    report.findings = [f, { ...f, message: 'b', location: { file: 'x.yaml', line: 5 } }];
    const fps = results(report).map((r) => r.partialFingerprints?.[FINGERPRINT_KEY]);
    expect(fps[0]?.replace(/:1$/, ':2')).toBe(fps[1]);
  });

  it('sets the automation category when given', () => {
    const log = JSON.parse(writeSarif(sampleReport(), { category: 'neuroscale/gitops' })) as Log;
    expect(log.runs[0]?.automationDetails?.id).toBe('neuroscale/gitops/');
    expectValid(log);
  });
});
