import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { type Report, writeJunit } from '../../src/report/index.js';
import { sampleReport } from './sample-report.js';

interface Case {
  '@_name': string;
  '@_classname': string;
  failure?: { '@_type': string; '@_message': string; '#text'?: string };
  'system-out'?: string;
  skipped?: { '@_message': string };
}
interface Suite {
  '@_name': string;
  '@_tests': string;
  '@_failures': string;
  '@_skipped': string;
  testcase: Case[];
}

const parser = new XMLParser({
  ignoreAttributes: false,
  isArray: (name) => name === 'testsuite' || name === 'testcase',
  processEntities: true,
  htmlEntities: true,
  trimValues: false,
});

const NOT_XML10 =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the characters XML 1.0 forbids
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * fast-xml-parser's XMLValidator catches broken structure, but lets control characters, `<` inside
 * attribute values and unknown entities through; those are checked here too.
 */
function expectWellFormed(xml: string): void {
  expect(XMLValidator.validate(xml)).toBe(true);
  expect(NOT_XML10.exec(xml)).toBeNull();
  for (const m of xml.matchAll(/\s[\w:-]+="([^"]*)"/g)) expect(m[1]).not.toContain('<');
  for (const m of xml.matchAll(/&[^;\s]*;?/g))
    expect(m[0]).toMatch(/^&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);$/);
}

function parse(xml: string): { suites: Suite[]; root: Record<string, string> } {
  expectWellFormed(xml);
  const doc = parser.parse(xml);
  return { suites: doc.testsuites.testsuite as Suite[], root: doc.testsuites };
}

describe('junit report', () => {
  it('is well-formed XML (and the checks do reject broken XML)', () => {
    expectWellFormed(writeJunit(sampleReport()));
    for (const broken of ['<a>x</b>', '<a>x & y</a>', '<a b="x<y"/>', '<a>\u0007</a>', '<a>&nbsp;</a>']) {
      expect(() => expectWellFormed(broken), broken).toThrow();
    }
  });

  it('has one suite per stage and counts that add up', () => {
    const { suites, root } = parse(writeJunit(sampleReport()));
    expect(suites.map((s) => s['@_name'])).toEqual(['load', 'render', 'validate', 'policy', 'cost']);
    let tests = 0;
    let failures = 0;
    for (const s of suites) {
      expect(Number(s['@_tests'])).toBe(s.testcase.length);
      expect(Number(s['@_failures'])).toBe(s.testcase.filter((c) => c.failure).length);
      tests += s.testcase.length;
      failures += s.testcase.filter((c) => c.failure).length;
    }
    expect(Number(root['@_tests'])).toBe(tests);
    expect(Number(root['@_failures'])).toBe(failures);
  });

  it('names object test cases `Kind ns/name` with the file as classname', () => {
    const { suites } = parse(writeJunit(sampleReport()));
    const validate = suites.find((s) => s['@_name'] === 'validate')!;
    const deploy = validate.testcase.find((c) => c['@_name'] === 'Deployment shop/web')!;
    expect(deploy['@_classname']).toBe('apps/shop/deploy.yaml');
    expect(deploy.failure?.['@_type']).toBe('error');
    expect(deploy.failure?.['@_message']).toMatch(/^2 findings; first: schema\/type: /);
    // File-level finding with no object → its own test case.
    expect(validate.testcase.find((c) => c['@_name'] === 'apps/shop/values.yaml')?.['system-out']).toMatch(
      /^info helm\/unused-value apps\/shop\/values\.yaml:3:3: /,
    );
    // The load stage tests files.
    const load = suites.find((s) => s['@_name'] === 'load')!;
    expect(load.testcase.find((c) => c['@_name'] === 'apps/broken/bad.yaml')?.failure?.['@_message']).toMatch(
      /^yaml\/syntax: /,
    );
  });

  it('round-trips special characters through escaping', () => {
    const { suites } = parse(writeJunit(sampleReport()));
    const deploy = suites
      .find((s) => s['@_name'] === 'validate')!
      .testcase.find((c) => c['@_name'] === 'Deployment shop/web')!;
    // Attribute: newlines and CR kept as references, bell made visible.
    expect(deploy.failure?.['@_message']).toContain(
      `expected <integer> & got "string" 'three' 100% sure\nsecond line, with: colons\r\nand a bell \\u0007 @octocat`,
    );
    expect(deploy.failure?.['#text']).toContain('expected <integer> & got "string"');
  });

  it('keeps warnings in <system-out> unless failOnWarning, then fails with type="warning"', () => {
    const plain = parse(writeJunit(sampleReport())).suites.find((s) => s['@_name'] === 'policy')!;
    const deploy = plain.testcase.find((c) => c['@_name'] === 'Deployment shop/web')!;
    expect(deploy.failure).toBeUndefined();
    expect(deploy['system-out']).toMatch(/^warning policy\/require-limits\/check-cpu-limit /);

    const strict = parse(writeJunit(sampleReport(), { failOnWarning: true })).suites.find(
      (s) => s['@_name'] === 'policy',
    )!;
    const failing = strict.testcase.find((c) => c['@_name'] === 'Deployment shop/web')!;
    expect(failing.failure?.['@_type']).toBe('warning');
    expect(Number(strict['@_failures'])).toBe(2);
  });

  it('defaults failOnWarning from the report fail-on threshold', () => {
    const report = sampleReport();
    report.summary.failOn = 'warning';
    const policy = parse(writeJunit(report)).suites.find((s) => s['@_name'] === 'policy')!;
    expect(policy.testcase.find((c) => c['@_name'] === 'Deployment shop/web')?.failure?.['@_type']).toBe(
      'warning',
    );
  });

  it('writes a skipped stage as one skipped test case', () => {
    const report = sampleReport();
    report.stages = report.stages.map((s) =>
      s.name === 'policy' ? { ...s, skipped: 'no policies folder' } : s,
    );
    report.findings = report.findings.filter((f) => !f.ruleId.startsWith('policy/'));
    const { suites, root } = parse(writeJunit(report));
    const policy = suites.find((s) => s['@_name'] === 'policy')!;
    expect(policy.testcase).toHaveLength(1);
    expect(policy.testcase[0]?.skipped?.['@_message']).toBe('no policies folder');
    expect(policy['@_skipped']).toBe('1');
    expect(root['@_skipped']).toBe('1');
  });

  it('stays well-formed with characters XML 1.0 cannot carry', () => {
    const report: Report = sampleReport();
    const nasty =
      'nul\u0000 esc\u001b[31m vt\u000b ff\u000c bad\uFFFE\uFFFF lone\uD800 surrogate\uDC00 ok😀 ]]> <!-- --> &amp;';
    report.findings = [
      {
        ruleId: 'schema/type',
        severity: 'error',
        message: nasty,
        object: { kind: 'Deployment', namespace: 'shop', name: `web${nasty}` },
        location: { file: `apps/${nasty}.yaml`, line: 1 },
        stage: 'validate',
      },
    ];
    report.objects.push({
      kind: 'Deployment',
      namespace: 'shop',
      name: `web${nasty}`,
      file: `apps/${nasty}.yaml`,
      line: 1,
    });
    const xml = writeJunit(report);
    expectWellFormed(xml);
    expect(xml).toContain(
      'nul\\u0000 esc\\u001B[31m vt\\u000B ff\\u000C bad\\uFFFE\\uFFFF lone\\uD800 surrogate\\uDC00 ok😀 ]]&gt;',
    );
    expect(xml).toContain('&amp;amp;');
  });
});
