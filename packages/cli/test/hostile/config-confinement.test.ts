/**
 * Config confinement: neuroscale.config.yaml comes with the pull request, so its `roots` and local
 * `schemaLocations` may not reach outside the repository (absolute, `..`, or through a symlink), and
 * schema templates expanded with a manifest's kind may not walk out of their folder. Each escape is a
 * finding; no finding, report line or message carries an absolute path or the outside file's content.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempRepo } from '../helpers.js';
import { childApp, goodAppValidated, hostileTree, runJson } from './hostile-tree.js';

const SECRET = 'TOPSECRET-7731-outside-the-repo';
// lower case on purpose: a template lower-cases the kind, so the escape path must match it exactly
const outside = join(tmpdir(), `ns-confine-outside-${process.pid}`);

const WIDGET = `apiVersion: example.com/v1
kind: Widget
metadata:
  name: w
spec:
  size: 3
`;
const widgetSchema = (extra: string) =>
  JSON.stringify({
    type: 'object',
    properties: { spec: { type: 'object', properties: { size: { type: 'string' } } }, [extra]: {} },
  });

beforeAll(() => {
  mkdirSync(join(outside, 'schemas'), { recursive: true });
  writeFileSync(join(outside, 'root.yaml'), childApp('leaked-root', 'gitops/good'));
  writeFileSync(join(outside, 'schemas', 'widget-example-v1.json'), widgetSchema(SECRET));
  writeFileSync(join(outside, 'secret.json'), widgetSchema(SECRET));
});
afterAll(() => rmSync(outside, { recursive: true, force: true }));

function repo(config: string, files: Record<string, string> = {}): string {
  return tempRepo(hostileTree({ 'neuroscale.config.yaml': config, ...files }));
}

/** Nothing of the machine or the outside folder in anything the run printed. */
function expectNoLeak(run: { stdout: string; stderr: string }, dir: string) {
  for (const text of [run.stdout, run.stderr]) {
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain(outside);
    expect(text).not.toContain(dir);
  }
}

const confinement = (findings: { ruleId: string; message: string; location?: { file: string } }[]) =>
  findings.filter((f) => f.ruleId === 'config/path-outside-repository');

describe('config roots are confined like sources', () => {
  it('a root with .. is a finding and is not read', async () => {
    const dir = repo('roots: ["../ns-confine-outside-x/root.yaml"]\n');
    const r = await runJson(dir);
    const found = confinement(r.findings);
    expect(found).toHaveLength(1);
    expect(found[0]!.message).toMatch(/roots\[0\] .* leaves the repository through \.\./);
    expect(found[0]!.location?.file).toBe('neuroscale.config.yaml');
    expect(r.code).toBe(1);
    expectNoLeak(r, dir);
  });

  it('an absolute root is a finding that does not repeat the path', async () => {
    const dir = repo(`roots: [${JSON.stringify(join(outside, 'root.yaml'))}]\n`);
    const r = await runJson(dir);
    const found = confinement(r.findings);
    expect(found).toHaveLength(1);
    expect(found[0]!.message).toMatch(/roots\[0\] is an absolute path/);
    expect(r.findings.some((f) => f.message.includes('leaked-root'))).toBe(false);
    expectNoLeak(r, dir);
  });

  it('a root reached through a symlink is a finding', async () => {
    const dir = repo('roots: ["gitops/link/*.yaml"]\n');
    symlinkSync(outside, join(dir, 'gitops/link'));
    const r = await runJson(dir);
    const found = confinement(r.findings);
    expect(found).toHaveLength(1);
    expect(found[0]!.message).toMatch(/symlink to outside the repository/);
    expectNoLeak(r, dir);
  });

  it('--root on the command line is confined too', async () => {
    const dir = repo('{}\n');
    const r = await runJson(dir, ['--root', '../elsewhere/*.yaml']);
    expect(confinement(r.findings).map((f) => f.message)).toEqual([
      expect.stringMatching(/^--root \("\.\.\/elsewhere\/\*\.yaml"\) leaves the repository/),
    ]);
  });

  it('roots inside the repository are used as before', async () => {
    const dir = repo('roots: ["gitops/bootstrap/*.yaml"]\n');
    const r = await runJson(dir);
    expect(confinement(r.findings)).toEqual([]);
    expect(goodAppValidated(r.findings)).toBe(true);
  });
});

describe('config schemaLocations stay inside the repository', () => {
  for (const [name, location, link] of [
    ['with ..', `../${'ns-confine-outside-x'}/schemas`, false],
    ['absolute', join(outside, 'schemas'), false],
    ['through a symlink', 'schemas-link', true],
  ] as const) {
    it(`a location ${name} is a finding and the outside schema is never used`, async () => {
      const dir = repo(`schemaLocations: [${JSON.stringify(location)}]\n`, {
        'gitops/hostile/widget.yaml': WIDGET,
      });
      if (link) symlinkSync(join(outside, 'schemas'), join(dir, 'schemas-link'));
      const r = await runJson(dir);
      const found = confinement(r.findings);
      expect(found).toHaveLength(1);
      expect(found[0]!.message).toMatch(/schemaLocations\[0\]/);
      // the outside schema would have made `size: 3` a type error: it was not read
      expect(r.findings.some((f) => f.object?.name === 'w' && /size/.test(f.message))).toBe(false);
      expect(goodAppValidated(r.findings)).toBe(true);
      expectNoLeak(r, dir);
    });
  }

  it('http(s), "default" and folders inside the repository are accepted', async () => {
    const dir = repo(
      'schemaLocations: [default, "https://example.com/{{ .ResourceKind }}.json", schemas]\n',
      {
        'gitops/hostile/widget.yaml': WIDGET,
        'schemas/widget-example-v1.json': widgetSchema('x'),
      },
    );
    const r = await runJson(dir);
    expect(confinement(r.findings)).toEqual([]);
    const sizeError = r.findings.find((f) => f.object?.name === 'w' && /size/.test(f.message));
    expect(sizeError).toBeDefined();
    expectNoLeak(r, dir);
  });

  it('a kind cannot walk a template out of its folder', async () => {
    const dir = repo('schemaLocations: ["schemas/{{ .ResourceKind }}.json"]\n', {
      'schemas/placeholder.json': '{}',
      'gitops/hostile/evil.yaml': WIDGET.replace(
        'kind: Widget',
        `kind: ../../${outside.split('/').slice(-1)[0]}/secret`,
      ),
    });
    const r = await runJson(dir);
    expect(r.findings.some((f) => /resolves outside its schema location/.test(f.message))).toBe(true);
    expectNoLeak(r, dir);
  });

  it('a schema file that is not JSON is named, its content is not quoted', async () => {
    const dir = repo('schemaLocations: [schemas]\n', {
      'gitops/hostile/widget.yaml': WIDGET,
      'schemas/widget-example-v1.json': `${SECRET} is not json`,
    });
    const r = await runJson(dir);
    const problem = r.findings.find((f) => /schemas\/widget-example-v1\.json/.test(f.message));
    expect(problem?.message).toMatch(/not valid JSON/);
    expectNoLeak(r, dir);
  });
});

describe('schema locations given as flags are the user’s own', () => {
  it('--schema-location may name a folder outside the repository; findings stay path-free', async () => {
    const flagDir = mkdtempSync(join(tmpdir(), 'ns-flag-schemas-'));
    writeFileSync(join(flagDir, 'widget-example-v1.json'), widgetSchema('x'));
    const dir = repo('{}\n', { 'gitops/hostile/widget.yaml': WIDGET });
    const r = await runJson(dir, ['--schema-location', flagDir]);
    expect(confinement(r.findings)).toEqual([]);
    expect(r.findings.some((f) => f.object?.name === 'w' && /size/.test(f.message))).toBe(true);
    expect(r.stdout).not.toContain(flagDir);
    rmSync(flagDir, { recursive: true, force: true });
  });
});
