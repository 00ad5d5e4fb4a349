import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { writeJson } from '../../src/report/index.js';
import { HERE, sampleReport } from './sample-report.js';

const schema = JSON.parse(readFileSync(join(HERE, '..', '..', 'schemas', 'report.schema.json'), 'utf8'));
const ajv = new Ajv({ allErrors: true, strict: true });
const validate = ajv.compile(schema);

describe('json report', () => {
  it('validates against schemas/report.schema.json', () => {
    const doc = JSON.parse(writeJson(sampleReport()));
    const ok = validate(doc);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('validates for an empty report without apps or cost', () => {
    const report = sampleReport();
    report.findings = [];
    report.objects = [];
    delete report.apps;
    delete report.cost;
    const doc = JSON.parse(writeJson(report));
    expect(validate(doc)).toBe(true);
    expect(doc.findings).toEqual([]);
    expect('apps' in doc).toBe(false);
    expect('cost' in doc).toBe(false);
  });

  it('the schema rejects what it must (so the check above can fail)', () => {
    const good = JSON.parse(writeJson(sampleReport()));
    const broken = [
      { ...good, schemaVersion: '2' },
      { ...good, root: '/home/runner/work/repo' },
      { ...good, summary: { ...good.summary, errors: -1 } },
      { ...good, findings: [{ ...good.findings[0], severity: 'fatal' }] },
      { ...good, findings: [{ ...good.findings[0], location: { file: '/abs/path.yaml', line: 1 } }] },
      { ...good, stages: [{ name: 'load', objects: 1, findings: 0, durationMs: 3 }] },
      { ...good, extra: true },
    ];
    for (const doc of broken) expect(validate(doc), JSON.stringify(doc).slice(0, 120)).toBe(false);
  });

  it('writes no timings, 2-space indent and a trailing newline', () => {
    const out = writeJson(sampleReport());
    expect(out).not.toMatch(/duration/i);
    expect(out.endsWith('}\n')).toBe(true);
    expect(out.split('\n')[1]).toBe('  "schemaVersion": "1",');
  });

  it('fixes the key order whatever order the input has', () => {
    const report = sampleReport();
    const f = report.findings[0]!;
    report.findings[0] = {
      details: { z: 1, a: { y: 2, b: 3 } },
      path: f.path,
      app: f.app,
      location: { endColumn: 27, column: 11, file: 'apps/shop/deploy.yaml', endLine: 21, line: 21 },
      object: { name: 'web', namespace: 'shop', kind: 'Deployment', apiVersion: 'apps/v1' },
      message: f.message,
      severity: f.severity,
      ruleId: f.ruleId,
      stage: f.stage,
    };
    const doc = JSON.parse(writeJson(report));
    const written = doc.findings.find((x: { ruleId: string }) => x.ruleId === 'schema/unknown-field');
    expect(Object.keys(written)).toEqual([
      'ruleId',
      'severity',
      'message',
      'object',
      'location',
      'app',
      'path',
      'details',
    ]);
    expect(Object.keys(written.object)).toEqual(['apiVersion', 'kind', 'namespace', 'name']);
    expect(Object.keys(written.location)).toEqual(['file', 'line', 'column', 'endLine', 'endColumn']);
    expect(JSON.stringify(written.details)).toBe('{"a":{"b":3,"y":2},"z":1}');
    expect(Object.keys(doc)).toEqual([
      'schemaVersion',
      'tool',
      'root',
      'summary',
      'stages',
      'findings',
      'apps',
      'cost',
    ]);
  });

  it('lists stages in pipeline order', () => {
    const report = sampleReport();
    report.stages.reverse();
    const doc = JSON.parse(writeJson(report));
    expect(doc.stages.map((s: { name: string }) => s.name)).toEqual([
      'load',
      'render',
      'validate',
      'policy',
      'cost',
    ]);
  });
});
