/**
 * Function libraries against the results documented for cel-go extensions, the Kubernetes CEL
 * library (k8s.io/apiserver pkg/cel/library doc comments) and the Kyverno SDK.
 */
import { describe, expect, it } from 'vitest';
import { fromCel } from '../../src/cel/adapter/cel-values.js';
import { libraryActivation } from '../../src/cel/cel-context.js';
import { classicCelEnvironment, validatingPolicyEnvironment } from '../../src/cel/environments.js';

const env = validatingPolicyEnvironment();

function ev(expr: string): unknown {
  const c = env.compile(expr);
  if (!c.ok) throw new Error(c.error);
  return fromCel(c.program.evaluate({ ...libraryActivation(undefined), object: {}, variables: {} }));
}

const TRUE_CASES: Record<string, string[]> = {
  'cel-go strings': [
    '"hello".charAt(1) == "e"',
    '"hello".charAt(5) == ""',
    '"hello hello".replace("he", "we") == "wello wello"',
    '"hello hello".replace("he", "we", 1) == "wello hello"',
    '"gums".reverse() == "smug"',
    '"%s is %d years, %.2f%%".format(["x", 3, 1.5]) == "x is 3 years, 1.50%"',
    'strings.quote("a\\nb") == "\\"a\\\\nb\\""',
    '"TacoCat".lowerAscii() == "tacocat"',
    '"a,b,c".split(",", 2) == ["a", "b,c"]',
    '"hello".indexOf("l", 3) == 3',
    '" \\t x \\n".trim() == "x"',
    'matches("abc", "^a.c$")',
  ],
  'cel-go lists': [
    '[1, 2, 3, 4].slice(1, 3) == [2, 3]',
    '[[1, 2], [3]].flatten() == [1, 2, 3]',
    '[[[1]], [[2, 3]]].flatten(2) == [1, 2, 3]',
    '[[[1]]].flatten() == [[1]]',
    '[1, 2, 2, 3, 1].distinct() == [1, 2, 3]',
    '[1, 2, 3].reverse() == [3, 2, 1]',
    '["b", "c", "a"].sort() == ["a", "b", "c"]',
    'lists.range(4) == [0, 1, 2, 3]',
  ],
  'cel-go sets': [
    'sets.contains([1, 2, 3], [3, 1])',
    '!sets.contains([1], [2])',
    'sets.equivalent([1, 2], [2, 1, 1])',
    'sets.intersects([1, 2], [2, 5])',
  ],
  // cel-go ext/regex.go doc comments
  'cel-go regex': [
    "regex.replace('hello world hello', 'hello', 'hi') == 'hi world hi'",
    "regex.replace('banana', 'a', 'x', 0) == 'banana'",
    "regex.replace('banana', 'a', 'x', 1) == 'bxnana'",
    "regex.replace('banana', 'a', 'x', 2) == 'bxnxna'",
    "regex.replace('banana', 'a', 'x', -12) == 'bxnxnx'",
    "regex.replace('foo bar', '(fo)o (ba)r', r'\\2 \\1') == 'ba fo'",
    "regex.replace('a.b', '[.]', r'\\\\') == 'a\\\\b'",
    "regex.replace('docker.io/nginx', '^docker\\\\.io/(.*)', r'mirror.io/\\1') == 'mirror.io/nginx'",
    "regex.extract('hello world', 'hello(.*)').value() == ' world'",
    "regex.extract('item-A, item-B', 'item-(\\\\w+)').orValue('') == 'A'",
    "!regex.extract('HELLO', 'hello').hasValue()",
    "regex.extractAll('id:123, id:456', 'id:\\\\d+') == ['id:123', 'id:456']",
    "regex.extractAll('id:123, id:456', 'assa') == []",
    "regex.extractAll('a1 b c3', '[a-z]([0-9])?') == ['1', '3']",
  ],
  'cel-go base64 and bind': [
    'base64.encode(b"hello") == "aGVsbG8="',
    'base64.decode("aGVsbG8=") == b"hello"',
    'cel.bind(x, 2, x * x) == 4',
  ],
  'cel-go math': [
    'math.greatest(1, 5, 3) == 5',
    'math.least([4, 2, 9]) == 2',
    'math.greatest(-1.5) == -1.5',
    'math.ceil(1.2) == 2.0',
    'math.floor(-1.2) == -2.0',
    'math.round(2.5) == 3.0 && math.round(-2.5) == -3.0',
    'math.trunc(-1.7) == -1.0',
    'math.abs(-3) == 3',
    'math.sign(-7) == -1',
    'math.isNaN(0.0 / 0.0)',
    'math.isInf(1.0 / 0.0)',
    'math.bitAnd(6, 3) == 2 && math.bitOr(6, 3) == 7 && math.bitXor(6, 3) == 5',
    'math.bitShiftLeft(1, 4) == 16 && math.bitShiftRight(-1, 60) == 15',
    'math.sqrt(16) == 4.0',
  ],
  'standard library gaps': [
    'string(timestamp("2024-01-02T03:04:05Z")) == "2024-01-02T03:04:05Z"',
    'int(timestamp("1970-01-01T00:01:00Z")) == 60',
    'string(duration("90s")) == "90s"',
    'int(uint(5)) == 5',
  ],
  'kubernetes lists and regex': [
    '[1, 2, 3].isSorted() && ![2, 1].isSorted()',
    '[1, 2, 3].sum() == 6',
    '[1.5, 2.5].sum() == 4.0',
    '[3, 1, 2].min() == 1 && [3, 1, 2].max() == 3',
    '["a", "b", "a"].indexOf("a") == 0 && ["a", "b", "a"].lastIndexOf("a") == 2',
    '"abc 123".find("[0-9]+") == "123"',
    '"123 abc 456".findAll("[0-9]+") == ["123", "456"]',
    '"123 abc 456".findAll("[0-9]+", 1) == ["123"]',
  ],
  'kubernetes quantity': [
    'quantity("1Gi").isGreaterThan(quantity("1000Mi"))',
    'quantity("500m").compareTo(quantity("0.5")) == 0',
    'quantity("1.5").asApproximateFloat() == 1.5',
    'quantity("2k").asInteger() == 2000',
    '!quantity("1500m").isInteger()',
    'quantity("1").add(quantity("500m")).isGreaterThan(quantity("1.4"))',
    'quantity("2Gi").sub(1).isLessThan(quantity("2Gi"))',
    'quantity("-1").sign() == -1',
    'isQuantity("1e3") && !isQuantity("1.1.1")',
  ],
  'kubernetes ip and cidr': [
    'ip("192.168.0.1").family() == 4 && ip("::1").family() == 6',
    'ip("127.0.0.1").isLoopback() && ip("::").isUnspecified()',
    'ip("169.254.1.1").isLinkLocalUnicast() && ip("8.8.8.8").isGlobalUnicast()',
    'ip.isCanonical("2001:db8::1") && !ip.isCanonical("2001:DB8::1")',
    '!isIP("1.2.3.04") && !isIP("::ffff:1.2.3.4") && !isIP("fe80::1%eth0")',
    'cidr("10.0.0.0/8").containsIP("10.1.2.3") && !cidr("10.0.0.0/8").containsIP("11.0.0.1")',
    'cidr("10.0.0.0/8").containsCIDR("10.1.0.0/16") && !cidr("10.1.0.0/16").containsCIDR("10.0.0.0/8")',
    'string(cidr("192.168.1.5/24").masked()) == "192.168.1.0/24"',
    'cidr("192.168.0.0/16").prefixLength() == 16 && string(cidr("192.168.0.0/16").ip()) == "192.168.0.0"',
    'isCIDR("::1/128") && !isCIDR("10.0.0.0/33")',
  ],
  'kubernetes urls': [
    'url("https://user@example.com:8443/a/b?x=1&x=2").getHostname() == "example.com"',
    'url("https://example.com:8443/a").getPort() == "8443"',
    'url("https://[::1]:80/").getHostname() == "::1"',
    'url("https://example.com/a?x=1&x=2").getQuery()["x"] == ["1", "2"]',
    'url("/relative/path").getEscapedPath() == "/relative/path"',
    'isURL("https://example.com") && !isURL("example.com")',
  ],
  'kubernetes named formats and semver': [
    'format.dns1123Label().validate("my-name").hasValue() == false',
    'format.dns1123Label().validate("My_Name").hasValue()',
    'format.named("uuid").value().validate("123e4567-e89b-12d3-a456-426614174000").hasValue() == false',
    '!format.named("nope").hasValue()',
    'format.labelValue().validate("").hasValue() == false',
    'semver("1.2.3").isLessThan(semver("1.10.0"))',
    'semver("1.0.0-alpha").isLessThan(semver("1.0.0"))',
    'semver("v1.2", true).minor() == 2 && !isSemver("v1.2") && isSemver("v1.2", true)',
    'semver("2.0.0").compareTo(semver("2.0.0")) == 0 && semver("3.4.5").major() == 3',
  ],
  'kyverno pure libraries': [
    'parseServiceAccount("system:serviceaccount:ns1:sa1").Namespace == "ns1"',
    'json.unmarshal("{\\"a\\": [1, 2]}").a[1] == 2',
    'json.marshal({"b": [1], "a": [2]}) == "{\\"a\\":[2],\\"b\\":[1]}"',
    'yaml.parse("a: 1\\nb: [x]").b[0] == "x"',
    'math.round(3.14159, 2) == 3.14',
    'sha256("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"',
    'md5("") == "d41d8cd98f00b204e9800998ecf8427e"',
    'image("nginx").registry() == "index.docker.io" && image("nginx").repository() == "library/nginx" && image("nginx").tag() == "latest"',
    'parseImageReference("ghcr.io/org/app@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef").containsDigest()',
    'isImage("registry.k8s.io/pause:3.9") && !isImage("Bad Image")',
    'time.truncate(timestamp("2024-01-01T10:35:00Z"), duration("1h")) == timestamp("2024-01-01T10:00:00Z")',
    'time.now() > timestamp("2024-01-01T00:00:00Z")',
  ],
};

describe('CEL function libraries', () => {
  for (const [lib, cases] of Object.entries(TRUE_CASES)) {
    it(lib, () => {
      const wrong = cases.flatMap((c) => {
        try {
          const v = ev(c);
          return v === true ? [] : [`${c} => ${JSON.stringify(v)}`];
        } catch (e) {
          return [`${c}: ${(e as Error).message}`];
        }
      });
      expect(wrong).toEqual([]);
    });
  }

  it('errors, not guesses: invalid arguments and non-deterministic functions', () => {
    for (const expr of [
      'quantity("1.1.1")',
      'ip("300.1.1.1")',
      'cidr("10.0.0.0")',
      'url("nope")',
      'semver("1.2")',
      'random()',
      'lists.range(100000000)',
      '[1].slice(0, 2)',
      'base64.decode("!!")',
      '[].min()',
      // cel-go ext/regex.go: a reference to a missing group, a trailing backslash, two capture groups
      "regex.replace('test', '(.)', r'\\2')",
      "regex.replace('test', 't', 'x\\\\')",
      "regex.replace('foo bar', '(', 'x')",
      "regex.extract('testuser@testdomain', '(.*)@([^.]*)')",
      "regex.extractAll('testuser@testdomain', '(.*)@([^.]*)')",
    ]) {
      expect(() => ev(expr), expr).toThrow();
    }
  });

  it('the classic validate.cel env has the Kubernetes library but not the Kyverno one', () => {
    const classic = classicCelEnvironment();
    expect(classic.compile('quantity("1").isInteger()').ok).toBe(true);
    expect(classic.compile('parseServiceAccount("x")').ok).toBe(false);
    expect(classic.compile('image.GetMetadata("x")').ok).toBe(false);
    // cel-go's regex extension is Kyverno's addition (kyverno pkg/cel/compiler/env.go)
    expect(classic.compile("regex.replace('a', 'a', 'b')").ok).toBe(false);
    const authz = classic.compile("authorizer.group('apps') != null");
    expect(authz.ok).toBe(true);
    if (authz.ok) expect(() => authz.program.evaluate({ authorizer: {} })).toThrow();
  });
});
