/**
 * Every function of Kyverno's JMESPath registry and of the CEL libraries Kyverno registers for policies,
 * from the pinned lists in src/**\/generated (scripts/generate-library-lists.mjs), is implemented; the
 * functions give the results of Kyverno's documentation examples; malformed expressions and wrong-typed
 * arguments give Kyverno-style errors, never a leaked JavaScript TypeError.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromCel } from '../../src/cel/adapter/cel-values.js';
import { libraryActivation } from '../../src/cel/cel-context.js';
import { validatingPolicyEnvironment } from '../../src/cel/environments.js';
import { kyvernoFunctionNames } from '../../src/engine/jmespath/functions/index.js';
import { JmesPathError, searchJmesPath } from '../../src/engine/jmespath/search.js';

const PKG = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const readJson = (rel: string) => JSON.parse(readFileSync(path.join(PKG, rel), 'utf8'));
const JMES = readJson('src/engine/jmespath/functions/generated/kyverno-jmespath-functions.json') as {
  source: { commit: string };
  standard: string[];
  kyverno: string[];
};
type CelFunction = { library: string; variable?: string; function: string; args: string[] };
const CEL = readJson('src/cel/libraries/generated/kyverno-cel-functions.json') as {
  source: { commit: string };
  functions: CelFunction[];
};
const PEM = readFileSync(path.join(PKG, 'test/fixtures/library/self-signed-rsa.pem'), 'utf8');
const CSR_PEM = readFileSync(path.join(PKG, 'test/fixtures/library/request-rsa.pem'), 'utf8');
const EC_PEM = readFileSync(path.join(PKG, 'test/fixtures/library/self-signed-ec.pem'), 'utf8');

describe('pinned function lists', () => {
  it('records its upstream source and is not empty', () => {
    expect(JMES.source.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(JMES.kyverno.length).toBeGreaterThan(40);
    expect(JMES.standard).toContain('to_number');
    expect(CEL.source.commit).toMatch(/^[0-9a-f]{7,40}$/);
    expect(CEL.functions.length).toBeGreaterThan(30);
  });

  it('every JMESPath function of Kyverno’s registry (and the standard set) is implemented', () => {
    const implemented = new Set(kyvernoFunctionNames());
    expect([...JMES.standard, ...JMES.kyverno].filter((n) => !implemented.has(n))).toEqual([]);
  });

  /** A well-typed sample for an argument named in the pinned signature (`ns`, `GVR`, `list keys`…). */
  const SAMPLES: Record<string, string> = {
    GVR: 'resource.ToGVR("v1", "Pod")',
    labels: '{"app": "web"}',
    data: '{"kind": "Pod"}',
    body: '{"a": "b"}',
    headers: '{"Accept": "application/json"}',
    dyn: '{"a": 1}',
    double: '1.5',
    int: '1',
    timestamp: 'timestamp("2024-01-02T03:04:05Z")',
    duration: 'duration("1h")',
    list: '[{"k": "a"}]',
  };
  const sample = (arg: string) => SAMPLES[arg.split(' ')[0] as string] ?? '"x"';
  const call = (f: CelFunction): string => {
    const args = f.args.map(sample).join(', ');
    if (f.function.startsWith('Image.'))
      return `parseImageReference("nginx:1.25").${f.function.slice(6)}(${args})`;
    if (f.function.includes('.') || !f.variable) return `${f.function}(${args})`;
    return `${f.variable}.${f.function}(${args})`;
  };

  it('every CEL library function Kyverno registers for policies compiles, in each argument form', () => {
    const env = validatingPolicyEnvironment();
    const failing = CEL.functions.map(call).filter((expr) => !env.compile(expr).ok);
    expect(failing).toEqual([]);
  });

  it('and under the names library version 1.18 adds: camelCase members, `hash.`-prefixed digests', () => {
    // Kyverno SDK cel/libs/*/lib.go: `if c.version.AtLeast(version.MajorMinor(1, 18))` registers the
    // camelCase twin of every member function, and hash's `hash.sha1/sha256/md5`; kyverno v1.19.1
    // pkg/cel/policies/vpol/compiler/compiler.go compiles with each library's Latest()
    const camel = (f: CelFunction): CelFunction | undefined => {
      if (f.library === 'hash') return { ...f, function: `hash.${f.function}` };
      if (!f.variable) return undefined;
      const member = f.function.startsWith(`${f.variable}.`)
        ? f.function.slice(f.variable.length + 1)
        : f.function;
      if (member.includes('.') || !/^[A-Z]/.test(member)) return undefined;
      return { ...f, function: member[0]!.toLowerCase() + member.slice(1) };
    };
    const twins = CEL.functions.map(camel).filter((f): f is CelFunction => f !== undefined);
    expect(twins.map((f) => f.function)).toEqual(
      expect.arrayContaining(['get', 'post', 'client', 'getMetadata', 'toGVR', 'hash.md5']),
    );
    const env = validatingPolicyEnvironment();
    expect(twins.map(call).filter((expr) => !env.compile(expr).ok)).toEqual([]);
  });
});

const q = (expr: string, data: unknown = {}) => searchJmesPath(expr, data);

describe('JMESPath functions: examples of Kyverno’s documentation', () => {
  it('time_*', () => {
    expect(q("time_parse('Mon Jan 02 2006 15:04:05 -0700', 'Sat Jul 02 2022 18:39:55 +0300')")).toBe(
      '2022-07-02T18:39:55+03:00',
    );
    expect(q("time_parse('1136214245', '1666030048')")).toBe('2022-10-17T18:07:28Z');
    expect(() => q("time_parse('1136214245', 'yesterday')")).toThrowError(JmesPathError);
    expect(q("time_utc('2021-01-02T18:04:05-05:00')")).toBe('2021-01-02T23:04:05Z');
    expect(q("time_diff('2022-06-18T04:43:37Z','2022-06-25T15:58:56Z')")).toBe('179h15m19s');
    expect(q("time_after('2023-01-12T14:07:55Z','2023-01-12T14:07:54Z')")).toBe(true);
    expect(q("time_before('2023-01-12T14:07:55Z','2023-01-12T14:07:54Z')")).toBe(false);
    expect(q("time_between('2022-06-18T04:43:37Z','2022-06-18T04:43:30Z','2022-06-18T04:43:40Z')")).toBe(
      true,
    );
    expect(q("time_truncate('2023-01-12T17:37:00Z', '1h')")).toBe('2023-01-12T17:00:00Z');
    expect(q("time_add('2022-06-29T01:48:44Z','3h')")).toBe('2022-06-29T04:48:44Z');
    expect(q("time_to_cron('2023-02-02T15:04:05Z')")).toBe('4 15 2 2 4');
    expect(q("time_since('', '2022-04-10T03:14:05-07:00', '2022-04-11T03:14:05-07:00')")).toBe('24h0m0s');
  });

  it('hashes, URLs and conversions', () => {
    expect(q("md5('hello')")).toBe('5d41402abc4b2a76b9719d911017c592');
    expect(q("sha1('hello')")).toBe('aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d');
    expect(q("sha256('hello')")).toBe('2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824');
    expect(q("is_external_url('https://kyverno.io')")).toBe(true);
    expect(q("is_external_url('http://127.0.0.1:8080')")).toBe(false);
    expect(q("to_boolean('TruE')")).toBe(true);
    expect(q("truncate('Lorem ipsum dolor sit amet', `5`)")).toBe('Lorem');
    expect(q("path_canonicalize('/var/lib/kubelet//pods/../pods')")).toBe('/var/lib/kubelet/pods');
    expect(q("semver_compare('4.1.3','>=4.1.x')")).toBe(true);
    expect(q("pattern_match('prefix-*', 'prefix-suffix')")).toBe(true);
    expect(q("base64_decode('SGVsbG8=')")).toBe('Hello');
    expect(q("base64_encode('Hello')")).toBe('SGVsbG8=');
    expect(q("regex_replace_all('([Hh]e|G)l', 'Hello', '${1}r')")).toBe('Herlo');
    expect(q("regex_replace_all_literal('^([0-9]+)$', '123', '$1')")).toBe('$1');
    expect(q("regex_match('^[0-9]+$', `123`)")).toBe(true);
    expect(q('items(`{"a":1,"b":2}`, \'key\', \'value\')')).toEqual([
      { key: 'a', value: 1 },
      { key: 'b', value: 2 },
    ]);
    expect(q('object_from_lists(`["a","b"]`, `[1]`)')).toEqual({ a: 1, b: null });
    expect(q('lookup(`{"a":1}`, \'a\')')).toBe(1);
    expect(q("parse_yaml('a: yes')")).toEqual({ a: true });
    expect(q('parse_json(\'{"a": [1]}\')')).toEqual({ a: [1] });
  });

  it('x509_decode: Go’s x509.Certificate as JSON, with the RSA key as {N, E}', () => {
    // biome-ignore lint/suspicious/noExplicitAny: the decoded certificate read as loose data in assertions
    const cert = q('x509_decode(pem)', { pem: PEM }) as Record<string, any>;
    expect(cert.Subject).toMatchObject({
      CommonName: 'kyverno.neuroscale.test',
      Organization: ['NeuroScale'],
      Country: null,
      Names: [
        { Type: [2, 5, 4, 3], Value: 'kyverno.neuroscale.test' },
        { Type: [2, 5, 4, 10], Value: 'NeuroScale' },
      ],
    });
    expect(cert.Issuer.CommonName).toBe('kyverno.neuroscale.test');
    expect(cert.NotBefore).toBe('2026-12-03T10:00:38Z');
    expect(cert.NotAfter).toBe('2126-11-09T10:00:38Z');
    expect(cert.PublicKey.E).toBe(65537);
    expect(BigInt(cert.PublicKey.N).toString(16).toUpperCase()).toMatch(/^9F3E08653E7267B0DC2D09A22CE0775F/);
    expect(cert.PublicKeyAlgorithm).toBe(1);
    expect(cert.IsCA).toBe(true);
    expect(q('x509_decode(pem).Subject.CommonName', { pem: PEM })).toBe('kyverno.neuroscale.test');
    // kyverno v1.19.1 jpX509Decode: no PEM block, or a key other than RSA, is an error
    expect(() => q("x509_decode('not a certificate')")).toThrowError(/failed to decode PEM block/);
    expect(() => q('x509_decode(pem)', { pem: EC_PEM })).toThrowError(/certificate should use rsa algorithm/);
  });

  it('x509_decode: a CERTIFICATE REQUEST is Go’s x509.CertificateRequest as JSON', () => {
    // biome-ignore lint/suspicious/noExplicitAny: the decoded request read as loose data in assertions
    const csr = q('x509_decode(pem)', { pem: CSR_PEM }) as Record<string, any>;
    expect(csr.Subject).toMatchObject({
      CommonName: 'alice',
      Organization: ['platform'],
      Names: [
        { Type: [2, 5, 4, 3], Value: 'alice' },
        { Type: [2, 5, 4, 10], Value: 'platform' },
      ],
    });
    expect(csr).toMatchObject({ Version: 0, SignatureAlgorithm: 4, PublicKeyAlgorithm: 1, DNSNames: null });
    expect(csr.PublicKey.E).toBe(65537);
    expect(Buffer.from(csr.Raw, 'base64').length).toBeGreaterThan(300);
    const other = CSR_PEM.replaceAll('CERTIFICATE REQUEST', 'PRIVATE KEY');
    expect(() => q('x509_decode(pem)', { pem: other })).toThrowError(
      /PEM block neither contains a CERTIFICATE or CERTIFICATE REQUEST/,
    );
    const broken = CSR_PEM.replace(/\n[A-Za-z0-9+/]{20}/, '\nAAAAAAAAAAAAAAAAAAAA');
    expect(() => q('x509_decode(pem)', { pem: broken })).toThrowError(/x509_decode/);
  });
});

describe('CEL libraries', () => {
  const env = validatingPolicyEnvironment();
  const context = {
    resources: [
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'a', namespace: 'ns', labels: { app: 'web' } },
      },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'b', namespace: 'ns' } },
    ],
  };
  const ev = (expr: string) => {
    const c = env.compile(expr);
    if (!c.ok) throw new Error(c.error);
    return fromCel(c.program.evaluate({ ...libraryActivation(context), object: {}, variables: {} }));
  };

  it('resource.get/Get and list/List in every argument form read the Test context', () => {
    expect(ev('resource.Get("v1", "configmaps", "ns", "a").metadata.name')).toBe('a');
    expect(ev('resource.get(resource.ToGVR("v1", "ConfigMap"), "ns", "b").metadata.name')).toBe('b');
    expect(ev('resource.list("v1", "configmaps", "ns").items.size()')).toBe(2);
    expect(ev('resource.List(resource.ToGVR("v1", "ConfigMap"), "ns", {"app": "web"}).items.size()')).toBe(1);
    const namespaced = validatingPolicyEnvironment(true).compile(
      'resource.List(resource.ToGVR("v1", "ConfigMap"), {"app": "web"}).items.size()',
    );
    expect(namespaced.ok).toBe(true);
  });

  it('http answers offline with a clear error', () => {
    expect(() => ev('http.Get("https://example.invalid/data")')).toThrowError(
      /http\.Get\("https:\/\/example\.invalid\/data"\) needs a live cluster or the network and is not evaluated offline/,
    );
    expect(() => ev('http.Client("ca").Post("https://example.invalid", {"a": 1})')).toThrowError(
      /not evaluated offline/,
    );
  });

  it('x509.decode returns the same object as x509_decode', () => {
    expect(ev(`x509.decode(${JSON.stringify(PEM)}).Subject.CommonName`)).toBe('kyverno.neuroscale.test');
    expect(ev(`x509.decode(${JSON.stringify(PEM)})`)).toEqual(q('x509_decode(pem)', { pem: PEM }));
  });
});

describe('bad expressions and arguments: Kyverno-style errors, never a JavaScript TypeError', () => {
  const jsErrors = [TypeError, RangeError, ReferenceError, SyntaxError];
  const leaked = (e: unknown): boolean =>
    jsErrors.some((c) => e instanceof c) || /Cannot read prop|is not a function|undefined/.test(String(e));

  const json: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
    value: fc.oneof(
      { depthSize: 'small' },
      fc.constantFrom(null, true, false, 0, -1, 1.5, 1e21, '', 'a', '1Gi', '2h', '*', '^(', 'v1.2.3'),
      fc.string({ maxLength: 8 }),
      fc.integer(),
      fc.array(tie('value'), { maxLength: 3 }),
      fc.dictionary(fc.string({ maxLength: 3 }), tie('value'), { maxKeys: 3 }),
    ),
  })).value;

  it('every JMESPath function with random arguments returns or throws a JmesPathError', () => {
    const names = kyvernoFunctionNames().filter(
      (n) => n !== 'random' && n !== 'time_now' && n !== 'time_now_utc',
    );
    fc.assert(
      fc.property(fc.constantFrom(...names), fc.array(json, { maxLength: 4 }), (name, args) => {
        const expr = `${name}(${args.map((_, i) => `@[${i}]`).join(', ')})`;
        try {
          searchJmesPath(expr, args);
        } catch (e) {
          if (!(e instanceof JmesPathError) || leaked(e)) throw e;
        }
      }),
      { numRuns: 1500 },
    );
  });

  it('malformed JMESPath expressions are JmesPathErrors', () => {
    const tokens = [
      'a',
      '.',
      '[',
      ']',
      '(',
      ')',
      '{',
      '}',
      '`',
      "'",
      '|',
      '&&',
      '||',
      '@',
      '*',
      '?',
      ':',
      ',',
      '!',
      '==',
      '1',
      'to_upper',
      '&',
    ];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...tokens), { maxLength: 8 }), (parts) => {
        try {
          searchJmesPath(parts.join(''), { a: [1, { b: 'x' }] });
        } catch (e) {
          if (!(e instanceof JmesPathError) || leaked(e)) throw e;
        }
      }),
      { numRuns: 800 },
    );
  });

  it('CEL library calls with random literal arguments compile to an error or evaluate to a CEL error', () => {
    const env = validatingPolicyEnvironment();
    const names = [...new Set(CEL.functions.map((f) => f.function))].filter(
      (n) => !n.startsWith('Image.') && n !== 'random' && n !== 'time.now',
    );
    const literal = fc.oneof(
      fc.constantFrom(
        '""',
        '"x"',
        '"v1"',
        '1',
        '-1',
        '1.5',
        'true',
        'null',
        '[]',
        '{}',
        '{"a": 1}',
        '[1, "a"]',
      ),
      fc.string({ maxLength: 6 }).map((s) => JSON.stringify(s)),
    );
    fc.assert(
      fc.property(fc.constantFrom(...names), fc.array(literal, { maxLength: 4 }), (name, args) => {
        const f = CEL.functions.find((x) => x.function === name) as CelFunction;
        const callee = name.includes('.') || !f.variable ? name : `${f.variable}.${name}`;
        const compiled = env.compile(`${callee}(${args.join(', ')})`);
        if (!compiled.ok) return;
        try {
          compiled.program.evaluate({ ...libraryActivation(undefined), object: {}, variables: {} });
        } catch (e) {
          if (leaked(e)) throw e;
        }
      }),
      { numRuns: 600 },
    );
  });
});
