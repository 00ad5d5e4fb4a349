import { describe, expect, it } from 'vitest';
import { renderGoTemplate } from '../../src/applicationset/gotemplate/index.js';

const r = (src: string, data: unknown = {}, missingKey?: 'error') => {
  const res = renderGoTemplate(src, data as never, missingKey ? { missingKey } : {});
  return res.ok ? res.value : `ERR: ${res.error}`;
};

describe('Go text/template interpreter', () => {
  it('renders fields, nested fields and missing keys like Go', () => {
    expect(r('{{ .path.basename }}', { path: { basename: 'a' } })).toBe('a');
    expect(r('x-{{ .missing }}')).toBe('x-<no value>');
    expect(r('{{ .a.b }}')).toBe('<no value>');
    expect(r('{{ .missing }}', {}, 'error')).toMatch(/map has no entry for key "missing"/);
    expect(r('{{ .a.b }}', { a: null })).toMatch(/nil pointer evaluating interface \{\}\.b/);
    expect(r('{{ .a }}', { a: null })).toBe('<no value>');
    expect(r('{{ .a.b }}', { a: 'str' })).toMatch(/can't evaluate field b/);
  });

  it('prints float64 params with %v and ints as ints', () => {
    expect(r('{{ .n }}', { n: 1000000 })).toBe('1e+06');
    expect(r('{{ .n }}', { n: 3 })).toBe('3');
    expect(r('{{ .n }}', { n: 0.5 })).toBe('0.5');
    expect(r('{{ .n }}', { n: 123456 })).toBe('123456');
    expect(r('{{ .n }}', { n: 0.00001 })).toBe('1e-05');
    expect(r('{{ add 1 2 }}')).toBe('3');
    expect(r('{{ .l }}', { l: ['a', 1, true] })).toBe('[a 1 true]');
    expect(r('{{ .m }}', { m: { b: 1, a: 'x' } })).toBe('map[a:x b:1]');
  });

  it('trims whitespace with {{- and -}} and skips comments', () => {
    expect(r('a  {{- "b" -}}  c')).toBe('abc');
    expect(r('a {{/* comment */}} b')).toBe('a  b');
    expect(r('a {{- /* comment */ -}} b')).toBe('ab');
    expect(r('{{-3}}')).toBe('-3');
  });

  it('supports if/else if/else, with, range, variables and $', () => {
    const t = '{{ if eq .env "prod" }}P{{ else if eq .env "dev" }}D{{ else }}O{{ end }}';
    expect(r(t, { env: 'prod' })).toBe('P');
    expect(r(t, { env: 'dev' })).toBe('D');
    expect(r(t, { env: 'x' })).toBe('O');
    expect(r('{{ with .a }}{{ . }}{{ else }}none{{ end }}', { a: '' })).toBe('none');
    expect(r('{{ range $i, $v := .l }}{{ $i }}={{ $v }};{{ end }}', { l: ['a', 'b'] })).toBe('0=a;1=b;');
    expect(r('{{ range $k, $v := .m }}{{ $k }}={{ $v }};{{ end }}', { m: { z: 1, a: 2 } })).toBe('a=2;z=1;');
    expect(r('{{ range .l }}x{{ else }}empty{{ end }}', { l: [] })).toBe('empty');
    expect(r('{{ range .l }}{{ $.root }}{{ . }}{{ end }}', { l: ['a'], root: 'R' })).toBe('Ra');
    expect(r('{{ $x := "a" }}{{ if true }}{{ $x = "b" }}{{ end }}{{ $x }}')).toBe('b');
    expect(
      r('{{ range .l }}{{ if eq . "b" }}{{ break }}{{ end }}{{ . }}{{ end }}', { l: ['a', 'b', 'c'] }),
    ).toBe('a');
    expect(
      r('{{ range .l }}{{ if eq . "b" }}{{ continue }}{{ end }}{{ . }}{{ end }}', { l: ['a', 'b', 'c'] }),
    ).toBe('ac');
    expect(r('{{ range 3 }}{{ . }}{{ end }}')).toBe('012');
  });

  it('reproduces Go type errors in comparisons and function arguments', () => {
    expect(r('{{ eq .n 3 }}', { n: 3 })).toMatch(/incompatible types for comparison/);
    expect(r('{{ eq .n 3.0 }}', { n: 3 })).toBe('true');
    expect(r('{{ lower .missing }}')).toMatch(/invalid value; expected string/);
    expect(r('{{ trunc .n "abc" }}', { n: 2 })).toMatch(/wrong type for value; expected int; got float64/);
    expect(r('{{ nosuchfunc }}')).toMatch(/function "nosuchfunc" not defined/);
    expect(r('{{ now }}')).toMatch(/not supported by the offline renderer/);
    expect(r('{{ if }}')).toMatch(/missing value for if/);
    expect(r('{{ .a')).toMatch(/unclosed action/);
    expect(r('{{ end }}')).toMatch(/unexpected/);
  });

  it('implements the sprig functions ApplicationSets use', () => {
    expect(r('{{ .a | default "d" }}', {})).toBe('d');
    expect(r('{{ default "d" .a }}', { a: 'v' })).toBe('v');
    expect(r('{{ "A-b" | lower | upper }}')).toBe('A-B');
    expect(r('{{ trimPrefix "apps/" .p }}', { p: 'apps/x' })).toBe('x');
    expect(r('{{ trimSuffix "-x" "a-x" }}')).toBe('a');
    expect(r('{{ replace "." "-" "a.b.c" }}')).toBe('a-b-c');
    expect(r('{{ hasPrefix "exp-" "exp-1" }}')).toBe('true');
    expect(r('{{ contains "b" "abc" }}')).toBe('true');
    expect(r('{{ quote "a\\"b" }} {{ squote "x" }}')).toBe('"a\\"b" \'x\'');
    expect(r('{{ toJson .m }}', { m: { b: [1, 'x<'], a: null } })).toBe('{"a":null,"b":[1,"x\\u003c"]}');
    expect(r('{{ splitList "/" "a/b/c" | join "," }}')).toBe('a,b,c');
    expect(r('{{ $d := dict "a" 1 "b" "x" }}{{ get $d "b" }}{{ hasKey $d "a" }}{{ get $d "zz" }}')).toBe(
      'xtrue',
    );
    expect(r('{{ ternary "y" "n" true }}{{ empty "" }}{{ coalesce "" "c" }}')).toBe('ytruec');
    expect(r('{{ b64enc "hi" }} {{ b64dec "aGk=" }}')).toBe('aGk= hi');
    expect(r('{{ sha256sum "a" }}')).toBe('ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb');
    expect(r('{{ regexReplaceAll "a(x*)b" "-ab-axxb-" "${1}W" }}')).toBe('-W-xxW-');
    expect(r('{{ regexMatch "^[a-z]+$" "abc" }}')).toBe('true');
    expect(r('{{ trunc 3 "abcdef" }} {{ trunc -2 "abcdef" }} {{ substr 1 3 "abcdef" }}')).toBe('abc ef bc');
    expect(r('{{ indent 2 "a\\nb" }}|{{ nindent 2 "a" }}')).toBe('  a\n  b|\n  a');
    expect(r('{{ toString 3 }} {{ atoi "42" }} {{ int .f }} {{ add 1 .f }} {{ sub 5 2 }}', { f: 2.9 })).toBe(
      '3 42 2 3 3',
    );
    expect(r('{{ len "héllo" }} {{ len .l }}', { l: [1, 2] })).toBe('6 2');
    expect(r('{{ index .m "a" }} {{ index .l 1 }}', { m: { a: 'A' }, l: ['x', 'y'] })).toBe('A y');
    expect(r('{{ printf "%s-%d-%v-%05.1f" "a" 3 .f 3.14159 }}', { f: 1000000 })).toBe('a-3-1e+06-003.1');
    expect(r('{{ and 1 0 }} {{ or 0 "" "x" }} {{ not true }}')).toBe('0 x false');
  });

  it('implements the Argo CD additions', () => {
    expect(r('{{ normalize "My_App.Name--" }}')).toBe('my-app.name');
    expect(r('{{ slugify "Hello World, how are you today" }}')).toBe('hello-world-how-are-you-today');
    expect(r('{{ slugify 10 true "Hello World, how are you" }}')).toBe('hello');
    expect(r('{{ slugify 10 false "Hello World, how are you" }}')).toBe('hello-worl');
    expect(r('{{ toYaml .m }}', { m: { b: ['x'], a: 'yes' } })).toBe('a: "yes"\nb:\n- x');
    expect(r('{{ (fromYaml "a: 1").a }}')).toBe('1');
    expect(r('{{ index (fromYamlArray "- x\\n- z") 1 }}')).toBe('z');
    // go-yaml v2 (YAML 1.1) reads a bare y as a boolean, as Argo CD does
    expect(r('{{ index (fromYamlArray "- x\\n- y") 1 }}')).toBe('true');
  });
});
