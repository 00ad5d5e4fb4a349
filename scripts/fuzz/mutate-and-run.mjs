#!/usr/bin/env node
/**
 * Mutation fuzzing of the whole CLI: take this repository's tree (gitops/, policies/, config) and every
 * fixtures/<case> tree, mutate a few of their YAML files with a seeded PRNG (drop keys, swap types,
 * inject anchors/aliases and alias bombs, duplicate keys, truncate, insert control characters, break
 * indentation, nest deeply…), run the BUILT CLI in-process on the mutant, and fail on any crash
 * (exit 2 with "internal error", or output that is not the JSON report), hang (no answer within the
 * per-run timeout) or unhandled exception/rejection.
 *
 *   node scripts/fuzz/mutate-and-run.mjs [--iterations 1000] [--seed 1] [--timeout 180000]
 *                                        [--only <iteration>] [--keep-failures <dir>] [--json]
 *                                        [--max-heap-mb 1536]   (heap cap of the CLI worker: over it = `oom`)
 *                                        [--mutators protoKeys,matrixProduct,…]   (only these mutators)
 *                                        [--inject-fault hang|reject|internal]   (self-test of the supervisor)
 *
 * The CLI runs in a worker thread, so a synchronous infinite loop is caught too: the main thread
 * applies and reverts the mutations and terminates the worker when it does not answer in time.
 * Each iteration's mutations depend only on (seed, iteration): `--only N --seed S` replays one.
 * Needs `pnpm run build` first (imports packages/cli/dist/index.js).
 */
import { execFileSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const CLI_DIST = join(REPO_ROOT, 'packages/cli/dist/index.js');

/* ------------------------------------------------------------------------------------------------ */
/* worker: run the CLI on request                                                                   */

async function workerMain() {
  const { runCli } = await import(pathToFileURL(workerData.cliDist).href);
  const unhandled = (kind) => (e) =>
    parentPort.postMessage({ type: 'unhandled', kind, message: String(e?.stack ?? e).slice(0, 2000) });
  process.on('unhandledRejection', unhandled('unhandledRejection'));
  process.on('uncaughtException', unhandled('uncaughtException'));
  parentPort.on('message', async ({ id, cwd, argv, fault }) => {
    let stdout = '';
    let stderr = '';
    // --inject-fault: prove the supervisor notices each kind of failure
    if (fault === 'hang') for (;;);
    if (fault === 'reject') Promise.reject(new Error('injected unhandled rejection'));
    try {
      const code = await runCli(argv, {
        stdout: (t) => {
          if (fault === 'internal') throw new Error('injected failure while writing the report');
          stdout += t;
        },
        stderr: (t) => {
          stderr += t;
        },
        readStdin: async () => '',
        cwd,
        env: { PATH: process.env.PATH },
        isTTY: false,
      });
      let json = true;
      try {
        JSON.parse(stdout);
      } catch {
        json = false;
      }
      parentPort.postMessage({ type: 'done', id, code, json, stderr: stderr.slice(0, 2000) });
    } catch (e) {
      parentPort.postMessage({ type: 'threw', id, message: String(e?.stack ?? e).slice(0, 2000) });
    }
  });
}

/* ------------------------------------------------------------------------------------------------ */
/* main: bases, mutations, supervision                                                              */

function parseArgs(argv) {
  const opts = {
    iterations: 1000,
    seed: 1,
    timeout: 180_000,
    only: undefined,
    keepFailures: undefined,
    json: false,
    injectFault: undefined,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--iterations') opts.iterations = Number(next());
    else if (a === '--seed') opts.seed = Number(next());
    else if (a === '--timeout') opts.timeout = Number(next());
    else if (a === '--only') opts.only = Number(next());
    else if (a === '--keep-failures') opts.keepFailures = resolve(next());
    else if (a === '--json') opts.json = true;
    else if (a === '--max-heap-mb') opts.maxHeapMb = Number(next());
    else if (a === '--mutators') {
      opts.mutators = next().split(',');
      const unknown = opts.mutators.filter((m) => !MUTATION_NAMES.includes(m));
      if (unknown.length)
        throw new Error(`unknown mutator(s) ${unknown.join(', ')}; known: ${MUTATION_NAMES.join(', ')}`);
    } else if (a === '--inject-fault') {
      opts.injectFault = next();
      if (!['hang', 'reject', 'internal'].includes(opts.injectFault))
        throw new Error('--inject-fault is hang, reject or internal');
    } else if (a === '--help' || a === '-h') opts.help = true;
    else throw new Error(`unknown argument ${a}`);
  }
  for (const k of ['iterations', 'seed', 'timeout', ...(opts.maxHeapMb !== undefined ? ['maxHeapMb'] : [])]) {
    if (!Number.isInteger(opts[k]) || opts[k] < 0) throw new Error(`--${k} must be a non-negative integer`);
  }
  return opts;
}

/** mulberry32: small, fast, seedable. */
function prng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n) => Math.floor(next() * n),
    pick: (arr) => arr[Math.floor(next() * arr.length)],
    chance: (p) => next() < p,
  };
}

/** A per-iteration seed from (seed, iteration), so any iteration replays alone. */
function iterationSeed(seed, i) {
  let h = (seed * 0x9e3779b1) ^ (i * 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return (h ^ (h >>> 16)) >>> 0;
}

const YAML_FILE = /\.(ya?ml|json)$/i;

function listFiles(dir) {
  const out = [];
  const walk = (d) => {
    for (const name of readdirSync(d).sort()) {
      const abs = join(d, name);
      const st = lstatSync(abs);
      if (st.isDirectory()) {
        if (name !== '.git') walk(abs);
      } else if (st.isFile() && YAML_FILE.test(name)) out.push(abs);
    }
  };
  walk(dir);
  return out;
}

/** Working copies: this repository's tree, and each fixture case (its head/ tree for cost cases). */
function prepareBases(workspace) {
  const bases = [];
  const add = (name, src, parts) => {
    const dir = join(workspace, name);
    mkdirSync(dir, { recursive: true });
    for (const p of parts)
      if (existsSync(join(src, p))) cpSync(join(src, p), join(dir, p), { recursive: true });
    const git = (...args) => execFileSync('git', args, { cwd: dir, stdio: 'ignore' });
    git('init', '-q', '-b', 'main');
    git('remote', 'add', 'origin', 'https://github.com/neuroscale/neuroscale.git');
    git('add', '-A');
    git('-c', 'user.name=fuzz', '-c', 'user.email=fuzz@example.com', 'commit', '-qm', 'base');
    const files = [
      ...listFiles(join(dir, 'gitops')),
      ...(existsSync(join(dir, 'policies')) ? listFiles(join(dir, 'policies')) : []),
    ];
    if (existsSync(join(dir, 'neuroscale.config.yaml'))) files.push(join(dir, 'neuroscale.config.yaml'));
    if (files.length > 0) bases.push({ name, dir, files });
  };
  const parts = ['gitops', 'policies', 'neuroscale.config.yaml'];
  add('repo', REPO_ROOT, parts);
  const fixtures = join(REPO_ROOT, 'fixtures');
  if (existsSync(fixtures)) {
    for (const c of readdirSync(fixtures).sort()) {
      const caseDir = join(fixtures, c);
      if (!lstatSync(caseDir).isDirectory()) continue;
      const src = existsSync(join(caseDir, 'gitops'))
        ? caseDir
        : existsSync(join(caseDir, 'head/gitops'))
          ? join(caseDir, 'head')
          : undefined;
      if (src) add(`fixture-${c}`, src, parts);
    }
  }
  return bases;
}

/* mutations: text in, text out ------------------------------------------------------------------- */

const CONTROL = [
  '\u0000',
  '\u0001',
  '\u0007',
  '\u0008',
  '\u000b',
  '\u000c',
  '\u001b',
  '\u007f',
  '\u0085',
  '\u2028',
  '\ufeff',
  '\ufffe',
  '\r',
  '\t',
  '\ud800',
];
const VALUES = [
  '[]',
  '{}',
  '0',
  '-1',
  '1e309',
  '0x1F',
  '0o17',
  '.inf',
  '.nan',
  'true',
  'yes',
  'off',
  'null',
  '~',
  '""',
  "''",
  '"\\u0000"',
  '2Gi',
  '-5m',
  '1e-1000',
  '!!binary AAAA',
  '!!str 1',
  '!custom x',
  '&a x',
  '*undefined',
  '|',
  '>-',
  '- a',
  '{a: [b, {c: d}]}',
  '"unterminated',
  "'also",
  '[1, 2',
  '? complex',
  '<<: *x',
  '99999999999999999999999999',
];
const KEYS = [
  'apiVersion',
  'kind',
  'metadata',
  'name',
  'namespace',
  'spec',
  'source',
  'sources',
  'path',
  'helm',
  'valueFiles',
  'kustomize',
  'resources',
  'containers',
  'image',
  'replicas',
  'template',
  'labels',
  'generators',
  'destination',
  'rules',
  'validate',
  'pattern',
  'match',
  'requests',
  'limits',
  'cpu',
  'memory',
  'nvidia.com/gpu',
];

function lines(text) {
  return text.split('\n');
}

const MUTATIONS = {
  dropLine(text, r) {
    const ls = lines(text);
    if (ls.length < 2) return text;
    const n = 1 + r.int(3);
    const at = r.int(ls.length);
    ls.splice(at, n);
    return ls.join('\n');
  },
  dropBlock(text, r) {
    // a key and everything indented below it
    const ls = lines(text);
    const at = r.int(ls.length);
    const indent = /^(\s*)/.exec(ls[at])[1].length;
    let end = at + 1;
    while (end < ls.length && (/^(\s*)/.exec(ls[end])[1].length > indent || ls[end].trim() === '')) end++;
    ls.splice(at, end - at);
    return ls.join('\n');
  },
  swapType(text, r) {
    const ls = lines(text);
    const candidates = ls
      .map((l, i) => (/^\s*(- )?[^#\s][^:]*:\s*\S/.test(l) ? i : -1))
      .filter((i) => i >= 0);
    if (!candidates.length) return text;
    const i = r.pick(candidates);
    ls[i] = ls[i].replace(/:\s*\S.*$/, `: ${r.pick(VALUES)}`);
    return ls.join('\n');
  },
  renameKey(text, r) {
    const ls = lines(text);
    const candidates = ls
      .map((l, i) => (/^\s*(- )?[A-Za-z0-9_./-]+:/.test(l) ? i : -1))
      .filter((i) => i >= 0);
    if (!candidates.length) return text;
    const i = r.pick(candidates);
    ls[i] = ls[i].replace(/^(\s*(?:- )?)[A-Za-z0-9_./-]+:/, `$1${r.pick(KEYS)}:`);
    return ls.join('\n');
  },
  duplicateKey(text, r) {
    const ls = lines(text);
    const candidates = ls.map((l, i) => (/^\s*[A-Za-z0-9_./-]+:/.test(l) ? i : -1)).filter((i) => i >= 0);
    if (!candidates.length) return text;
    const i = r.pick(candidates);
    ls.splice(i + 1, 0, ls[i]);
    return ls.join('\n');
  },
  anchorAlias(text, r) {
    const ls = lines(text);
    const candidates = ls.map((l, i) => (/^\s*[A-Za-z0-9_./-]+:\s*$/.test(l) ? i : -1)).filter((i) => i >= 0);
    if (!candidates.length) return text;
    const i = r.pick(candidates);
    ls[i] = `${ls[i]} &fz${i}`;
    const j = r.int(ls.length);
    const indent = /^(\s*)/.exec(ls[j])[1];
    ls.splice(j + 1, 0, `${indent}fuzzalias${j}: *fz${r.chance(0.8) ? i : 'missing'}`);
    return ls.join('\n');
  },
  aliasBomb(text, r) {
    const levels = 3 + r.int(25);
    const fan = 2 + r.int(8);
    const bomb = ['fuzzbomb:', '  l0: &l0 "lol"'];
    for (let k = 1; k <= levels; k++)
      bomb.push(
        `  l${k}: &l${k} [${Array(fan)
          .fill(`*l${k - 1}`)
          .join(', ')}]`,
      );
    return r.chance(0.5) ? `${text}\n${bomb.join('\n')}\n` : `${bomb.join('\n')}\n${text}`;
  },
  selfAlias(text) {
    return `${text}\nfuzzloop: &loop\n  again: *loop\n`;
  },
  truncate(text, r) {
    return text.slice(0, r.int(text.length + 1));
  },
  controlChars(text, r) {
    let t = text;
    const n = 1 + r.int(5);
    for (let k = 0; k < n; k++) {
      const at = r.int(t.length + 1);
      t = t.slice(0, at) + r.pick(CONTROL) + t.slice(at);
    }
    return t;
  },
  indentation(text, r) {
    const ls = lines(text);
    const i = r.int(ls.length);
    ls[i] = r.chance(0.5) ? ' '.repeat(1 + r.int(3)) + ls[i] : ls[i].replace(/^\s{1,3}/, '');
    if (r.chance(0.2)) ls[i] = `\t${ls[i]}`;
    return ls.join('\n');
  },
  deepNesting(text, r) {
    const depth = 50 + r.int(400);
    return r.chance(0.5)
      ? `${text}\nfuzzdeep: ${'['.repeat(depth)}${']'.repeat(depth)}\n`
      : `${text}\nfuzzdeep: ${'{a: '.repeat(depth)}1${'}'.repeat(depth)}\n`;
  },
  documentMarkers(text, r) {
    const ls = lines(text);
    ls.splice(r.int(ls.length + 1), 0, r.pick(['---', '...', '--- !!map', '%YAML 1.2', '--- |', '---\n---']));
    return ls.join('\n');
  },
  swapLines(text, r) {
    const ls = lines(text);
    if (ls.length < 2) return text;
    const a = r.int(ls.length);
    const b = r.int(ls.length);
    [ls[a], ls[b]] = [ls[b], ls[a]];
    return ls.join('\n');
  },
  longValue(text, r) {
    const ls = lines(text);
    const i = r.int(ls.length);
    ls.splice(i + 1, 0, `fuzzlong: "${'x'.repeat(1000 + r.int(300_000))}"`);
    return ls.join('\n');
  },
  manyDocuments(text, r) {
    const n = 100 + r.int(3000);
    return `${text}\n${Array.from({ length: n }, (_, k) => `---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: fuzz-${k}\n`).join('')}`;
  },
  pathEscape(text, r) {
    const target = r.pick([
      '../../../../etc',
      '/etc/passwd',
      '../outside',
      '$values/../../x.yaml',
      'https://example.com/x.yaml',
      'git@github.com:evil/x.git',
      '..',
      '.',
    ]);
    const ls = lines(text);
    const candidates = ls
      .map((l, i) => (/^\s*(- )?(path|repoURL|chart|resources|valueFiles|- )/.test(l) ? i : -1))
      .filter((i) => i >= 0);
    if (!candidates.length) return text;
    const i = r.pick(candidates);
    ls[i] = ls[i].includes(':')
      ? ls[i].replace(/:\s*.*$/, `: ${target}`)
      : ls[i].replace(/-\s*.*$/, `- ${target}`);
    return ls.join('\n');
  },
  templateInjection(text, r) {
    const ls = lines(text);
    const i = r.int(ls.length);
    ls[i] = ls[i].replace(
      /:\s*(\S.*)$/,
      `: ${r.pick(['"{{ .name }}"', '"{{ index . 1000 }}"', '"{{ range . }}{{ end }}"', '"{{ template \\"x\\" }}"', "\"{{ regex_match('(a+)+$', 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!') }}\"", '"{{ request.object | length(@) }}"', '"{{"'])}`,
    );
    return ls.join('\n');
  },
};

/* mutators aimed at the render stage's defences (prototype pollution, linear matching, size caps) ----- */

const BACKTRACKING_REGEXES = [
  '(a+)+$',
  '(a|aa)*b',
  '(a*)*c',
  '^(\\\\w+\\\\s?)*$',
  '(x+x+)+y',
  '(a',
  '(?=a)',
  '\\\\1',
];
const BACKTRACKING_GLOBS = [
  '*a*a*a*a*a*a*b',
  '{a,{a,{a,{a,{a,b}}}}}*a*a*a*c',
  '**/*a*a*a*a*?*b',
  '[a-',
  '{x,y',
];
const PROTO_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty'];

/** An Application for a path inside this base tree, appended as another document of the mutated file. */
function applicationDoc(name, path, extra = '') {
  return `---
apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: ${name}
  namespace: argocd
spec:
  project: default
  source:
    repoURL: https://github.com/neuroscale/neuroscale.git
    targetRevision: HEAD
    path: ${path}${extra}
  destination:
    server: https://kubernetes.default.svc
    namespace: ${name}
`;
}

function aliasBombText(levels, fan) {
  const out = [
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata:',
    '  name: fuzz-bomb',
    'data:',
    '  l0: &l0 "lol"',
  ];
  for (let k = 1; k <= levels; k++)
    out.push(
      `  l${k}: &l${k} [${Array(fan)
        .fill(`*l${k - 1}`)
        .join(', ')}]`,
    );
  return `${out.join('\n')}\n`;
}

Object.assign(MUTATIONS, {
  /** `__proto__` / `constructor.prototype` keys under a random mapping, as maps or scalars. */
  protoKeys(text, r) {
    const ls = lines(text);
    const candidates = ls
      .map((l, i) => (/^\s*(- )?[A-Za-z0-9_./-]+:\s*$/.test(l) ? i : -1))
      .filter((i) => i >= 0);
    const key = r.pick(PROTO_KEYS);
    const value = r.pick([
      '{polluted: fuzz}',
      '{prototype: {polluted: fuzz}}',
      'fuzz',
      '[{polluted: fuzz}]',
      '{__proto__: {polluted: fuzz}}',
    ]);
    if (!candidates.length) return `${text}\n${key}: ${value}\n`;
    const i = r.pick(candidates);
    const indent = /^(\s*(?:- )?)/.exec(ls[i])[1].replace('-', ' ');
    ls.splice(i + 1, 0, `${indent}  ${key}: ${value}`);
    return ls.join('\n');
  },
  /** An ApplicationSet whose elements, template, sprig merges and templatePatch carry `__proto__` keys. */
  protoApplicationSet(text, r) {
    const key = r.pick(PROTO_KEYS);
    const fn = r.pick(['merge', 'mergeOverwrite', 'deepCopy', 'set (dict) "__proto__"', 'dict "__proto__"']);
    return `${text}
---
apiVersion: argoproj.io/v1alpha1
kind: ApplicationSet
metadata:
  name: fuzz-proto-${r.int(1000)}
  namespace: argocd
spec:
  goTemplate: true
  generators:
    - list:
        elements:
          - name: fp${r.int(1000)}
            ${key}: {polluted: fuzz}
            evil: {__proto__: {polluted: fuzz}, constructor: {prototype: {polluted: fuzz}}}
  template:
    metadata:
      name: '{{ .name }}'
      annotations:
        x: '{{ ${fn} .evil | toJson }}'
        ${key}: template
    spec:
      project: default
      source: {repoURL: https://github.com/neuroscale/neuroscale.git, path: gitops}
      destination: {server: https://kubernetes.default.svc, namespace: '{{ .name }}'}
  templatePatch: |
    metadata:
      ${key}: {polluted: fuzz}
      labels: {${key}: patched}
`;
  },
  /** Catastrophic-backtracking regexes in ApplicationSet templates (sprig regex functions are RE2 here). */
  backtrackingRegex(text, r) {
    const re = r.pick(BACKTRACKING_REGEXES);
    const fn = r.pick([
      'regexMatch',
      'regexFind',
      'regexReplaceAll',
      'regexSplit',
      'mustRegexMatch',
      'regexFindAll',
    ]);
    const args =
      fn === 'regexReplaceAll' ? ' "x"' : fn === 'regexSplit' || fn === 'regexFindAll' ? ' -1' : '';
    const subject = 'a'.repeat(20 + r.int(5000)) + '!';
    const expr = `{{ ${fn} "${re}" "${subject}"${args} | toString | trunc 40 }}`;
    const ls = lines(text);
    const candidates = ls
      .map((l, i) => (/^\s*(name|namespace|path|[a-z./-]+): \S/.test(l) ? i : -1))
      .filter((i) => i >= 0);
    if (candidates.length && r.chance(0.5)) {
      const i = r.pick(candidates);
      ls[i] = ls[i].replace(/:\s*\S.*$/, `: '${expr}'`);
      return ls.join('\n');
    }
    return `${text}
---
apiVersion: argoproj.io/v1alpha1
kind: ApplicationSet
metadata:
  name: fuzz-regex-${r.int(1000)}
  namespace: argocd
spec:
  goTemplate: true
  generators:
    - list:
        elements: [{name: fr${r.int(1000)}}]
  template:
    metadata:
      name: '{{ .name }}'
      annotations:
        r: '${expr}'
    spec:
      project: default
      source: {repoURL: https://github.com/neuroscale/neuroscale.git, path: gitops}
      destination: {server: https://kubernetes.default.svc, namespace: '{{ .name }}'}
`;
  },
  /** Backtracking-prone globs in directory include/exclude and git generator paths (matched in linear time). */
  backtrackingGlob(text, r) {
    const glob = r.pick(BACKTRACKING_GLOBS);
    const ls = lines(text);
    const candidates = ls.map((l, i) => (/^\s*path: \S/.test(l) ? i : -1)).filter((i) => i >= 0);
    if (candidates.length && r.chance(0.6)) {
      const i = r.pick(candidates);
      const indent = /^(\s*)/.exec(ls[i])[1];
      ls.splice(
        i + 1,
        0,
        `${indent}directory:`,
        `${indent}  recurse: true`,
        `${indent}  ${r.pick(['include', 'exclude'])}: '${glob}'`,
      );
      return ls.join('\n');
    }
    return `${text}
---
apiVersion: argoproj.io/v1alpha1
kind: ApplicationSet
metadata:
  name: fuzz-glob-${r.int(1000)}
  namespace: argocd
spec:
  generators:
    - git:
        repoURL: https://github.com/neuroscale/neuroscale.git
        revision: HEAD
        ${r.chance(0.5) ? 'directories' : 'files'}: [{path: '${glob.replaceAll("'", '')}'}]
  template:
    metadata: {name: 'fg-{{path.basename}}'}
    spec:
      project: default
      source: {repoURL: https://github.com/neuroscale/neuroscale.git, path: '{{path}}'}
      destination: {server: https://kubernetes.default.svc, namespace: fuzz}
`;
  },
  /** Matrix products (and nested matrix/merge) around the per-generator and per-ApplicationSet caps. */
  matrixProduct(text, r) {
    const n1 = 1 + r.int(200);
    const n2 = 1 + r.int(200);
    const list = (key, n, extra = '') =>
      `{list: {elements: [${Array.from({ length: n }, (_, k) => `{${key}: "${k}"${extra}}`).join(', ')}]}}`;
    const inner = r.chance(0.3)
      ? `{matrix: {generators: [${list('c', 1 + r.int(30))}, ${list('d', 1 + r.int(30))}]}}`
      : list('b', n2, r.chance(0.3) ? ', i: "{{ .a }}"' : '');
    const kind = r.chance(0.8) ? 'matrix' : 'merge';
    const gen =
      kind === 'matrix'
        ? `{matrix: {generators: [${list('a', n1)}, ${inner}]}}`
        : `{merge: {mergeKeys: [a], generators: [${list('a', n1)}, ${list('a', n2)}]}}`;
    return `${text}
---
apiVersion: argoproj.io/v1alpha1
kind: ApplicationSet
metadata:
  name: fuzz-matrix-${r.int(1000)}
  namespace: argocd
spec:
  goTemplate: true
  generators: [${gen}${r.chance(0.3) ? `, ${list('a', 1 + r.int(9000))}` : ''}]
  template:
    metadata: {name: 'fm-{{ .a }}-{{ .b | default "x" }}-{{ .c | default "y" }}-{{ .d | default "z" }}'}
    spec:
      project: default
      source: {repoURL: https://github.com/neuroscale/neuroscale.git, path: gitops/apps}
      destination: {server: https://kubernetes.default.svc, namespace: fuzz}
`;
  },
  /** A kustomize overlay over a deep or looping chain of bases, sometimes with an alias bomb or deep YAML. */
  kustomizeBases(text, r, ctx) {
    const root = `gitops/fuzz-kustomize-${r.int(1_000_000)}`;
    const depth = 1 + r.int(r.chance(0.3) ? 60 : 6);
    for (let k = 0; k < depth; k++) {
      const next = k + 1 < depth ? `  - ../b${k + 1}\n` : r.chance(0.3) ? '  - ../b0\n' : '  - cm.yaml\n';
      ctx.addFile(
        `${root}/b${k}/kustomization.yaml`,
        `resources:\n${next}${r.chance(0.2) ? `namePrefix: p${k}-\n` : ''}`,
      );
    }
    const last = `${root}/b${depth - 1}`;
    const leaf = r.pick(['bomb', 'deep', 'plain', 'proto']);
    const cm =
      leaf === 'bomb'
        ? aliasBombText(4 + r.int(12), 2 + r.int(9))
        : leaf === 'deep'
          ? `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: fuzz-deep\ndata:\n  x: ${'['.repeat(150 + r.int(200))}${']'.repeat(150 + r.int(200))}\n`
          : leaf === 'proto'
            ? 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: fuzz-proto\n  __proto__: {polluted: fuzz}\nconstructor: [{name: a}]\n'
            : 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: fuzz-plain\n';
    ctx.addFile(`${last}/cm.yaml`, cm);
    ctx.addFile(`${root}/overlay/kustomization.yaml`, 'resources:\n  - ../b0\n');
    return `${text}\n${applicationDoc(`fuzz-kust-${r.int(1000)}`, `${root}/overlay`)}`;
  },
});

const MUTATION_NAMES = Object.keys(MUTATIONS);

function mutateIteration(base, r, names = MUTATION_NAMES) {
  const count = 1 + r.int(3);
  const applied = [];
  const originals = new Map();
  const created = [];
  const ctx = {
    addFile(rel, content) {
      const abs = join(base.dir, rel);
      mkdirSync(dirname(abs), { recursive: true });
      writeFileSync(abs, content);
      created.push(abs);
    },
  };
  for (let k = 0; k < count; k++) {
    // the config file is one of few files in a fixture: pick it rarely, so most mutants reach the stages
    const manifests = base.files.filter((f) => !f.endsWith('neuroscale.config.yaml'));
    const file = r.chance(0.05) || manifests.length === 0 ? r.pick(base.files) : r.pick(manifests);
    if (!originals.has(file)) originals.set(file, readFileSync(file));
    const before = readFileSync(file, 'utf8');
    const name = r.pick(names);
    const after = MUTATIONS[name](before, r, ctx);
    writeFileSync(file, after);
    applied.push(`${name} ${relative(base.dir, file)}`);
  }
  originals.created = created;
  return { applied, originals };
}

function restore(originals) {
  for (const [file, bytes] of originals) writeFileSync(file, bytes);
  for (const abs of originals.created ?? []) rmSync(abs, { force: true });
  for (const abs of originals.created ?? []) {
    // remove the folders a mutator created (deepest first; a folder that still has files stays)
    for (let d = dirname(abs); d.includes('fuzz-kustomize-'); d = dirname(d))
      rmSync(d, { recursive: true, force: true });
  }
}

/* supervision --------------------------------------------------------------------------------- */

/** Heap cap of the CLI worker (`--max-heap-mb`); a run that needs more is an `oom` outcome, not a host OOM. */
let workerHeapMb = 1536;

function startWorker() {
  const worker = new Worker(fileURLToPath(import.meta.url), {
    workerData: { cliDist: CLI_DIST },
    resourceLimits: { maxOldGenerationSizeMb: workerHeapMb, maxYoungGenerationSizeMb: 64 },
    stdout: true,
    stderr: true,
  });
  // the CLI never prints outside io in-process; drain anything else (tool libraries) so it cannot block
  worker.stdout.resume();
  worker.stderr.resume();
  return worker;
}

function runInWorker(state, request, timeoutMs) {
  return new Promise((resolvePromise) => {
    const id = ++state.nextId;
    const worker = state.worker;
    const cleanup = () => {
      clearTimeout(timer);
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
    };
    const onMessage = (m) => {
      if (m.type === 'unhandled') {
        state.unhandled.push(m);
        return;
      }
      if (m.id !== id) return;
      cleanup();
      resolvePromise(m);
    };
    const onError = (e) => {
      cleanup();
      state.worker = startWorker();
      const oom = e?.code === 'ERR_WORKER_OUT_OF_MEMORY';
      resolvePromise({ type: oom ? 'oom' : 'worker-error', message: String(e?.stack ?? e).slice(0, 2000) });
    };
    const onExit = (code) => {
      cleanup();
      state.worker = startWorker();
      resolvePromise({ type: 'worker-exit', message: `worker exited with code ${code}` });
    };
    const timer = setTimeout(() => {
      cleanup();
      worker.terminate();
      state.worker = startWorker();
      resolvePromise({ type: 'hang', message: `no answer within ${timeoutMs} ms` });
    }, timeoutMs);
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
    worker.postMessage({ id, ...request });
  });
}

/** Outcome of one run: ok (exit 0/1 with a JSON report), refused (a clean usage error), or a failure kind. */
function classify(m) {
  if (m.type === 'done') {
    if (m.code === 2) return /internal error/.test(m.stderr) ? 'internal-error' : 'refused';
    if (m.code !== 0 && m.code !== 1) return 'bad-exit-code';
    return m.json ? 'ok' : 'bad-json';
  }
  if (m.type === 'threw') return 'threw';
  return m.type; // hang, worker-error, worker-exit
}

async function main(argv) {
  let opts;
  try {
    opts = parseArgs(argv);
  } catch (e) {
    console.error(`mutate-and-run: ${e.message}`);
    return 2;
  }
  if (opts.help) {
    console.log(
      'usage: node scripts/fuzz/mutate-and-run.mjs [--iterations N] [--seed S] [--timeout MS] [--only I] [--keep-failures DIR] [--json]',
    );
    return 0;
  }
  if (!existsSync(CLI_DIST)) {
    console.error(`mutate-and-run: ${CLI_DIST} is missing; run \`pnpm run build\` first`);
    return 2;
  }
  if (opts.maxHeapMb !== undefined) workerHeapMb = opts.maxHeapMb;
  const workspace = mkdtempSync(join(tmpdir(), 'ns-fuzz-'));
  const started = Date.now();
  const bases = prepareBases(workspace);
  const state = { worker: startWorker(), nextId: 0, unhandled: [] };
  const counts = {};
  const failures = [];
  const refusals = [];
  let done = 0;
  const range = opts.only !== undefined ? [opts.only] : Array.from({ length: opts.iterations }, (_, i) => i);
  try {
    for (const i of range) {
      const r = prng(iterationSeed(opts.seed, i));
      const base = r.pick(bases);
      const { applied, originals } = mutateIteration(base, r, opts.mutators);
      const unhandledBefore = state.unhandled.length;
      let m;
      try {
        const fault = i === range[0] ? opts.injectFault : undefined;
        m = await runInWorker(state, { cwd: base.dir, argv: ['.', '--format', 'json'], fault }, opts.timeout);
      } finally {
        if (opts.keepFailures) state.lastMutant = { base, applied };
      }
      let outcome = classify(m);
      if (state.unhandled.length > unhandledBefore) outcome = 'unhandled';
      counts[outcome] = (counts[outcome] ?? 0) + 1;
      if (outcome === 'refused') refusals.push(`#${i} ${(m.stderr ?? '').split('\n')[0]}`);
      if (outcome !== 'ok' && outcome !== 'refused') {
        const failure = {
          iteration: i,
          outcome,
          base: base.name,
          mutations: applied,
          message: (m.stderr || m.message || state.unhandled.at(-1)?.message || '')
            .split('\n')
            .slice(0, 6)
            .join('\n'),
        };
        failures.push(failure);
        if (opts.keepFailures) {
          const dst = join(opts.keepFailures, `iteration-${i}`);
          mkdirSync(dst, { recursive: true });
          cpSync(base.dir, dst, { recursive: true, filter: (src) => !src.includes(`${base.dir}/.git`) });
          writeFileSync(join(dst, 'FAILURE.json'), `${JSON.stringify(failure, null, 2)}\n`);
        }
        if (!opts.json)
          console.error(
            `FAIL #${i} ${outcome} [${base.name}] ${applied.join('; ')}\n  ${failure.message.replaceAll('\n', '\n  ')}`,
          );
      }
      restore(originals);
      done++;
      if (!opts.json && (range.length <= 50 || done % 100 === 0)) {
        process.stderr.write(`  ${done}/${range.length} ${JSON.stringify(counts)}\n`);
      }
    }
  } finally {
    await state.worker.terminate();
    rmSync(workspace, { recursive: true, force: true });
  }
  const summary = {
    seed: opts.seed,
    iterations: range.length,
    bases: bases.length,
    outcomes: counts,
    failures: failures.length,
    seconds: Math.round((Date.now() - started) / 100) / 10,
    maxRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
  };
  if (opts.json) console.log(JSON.stringify({ ...summary, failureDetails: failures, refusals }));
  else {
    if (refusals.length)
      console.log(
        `refused with a usage error (expected for a broken config):\n  ${refusals.slice(0, 10).join('\n  ')}`,
      );
    console.log(
      `mutate-and-run: ${summary.iterations} mutants (seed ${summary.seed}, ${summary.bases} base trees) in ${summary.seconds} s: ` +
        `${Object.entries(counts)
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
          .map(([k, v]) => `${k} ${v}`)
          .join(', ')}; ${failures.length} failure(s); peak RSS ${summary.maxRssMiB} MiB`,
    );
  }
  return failures.length > 0 ? 1 : 0;
}

// last, so every constant above is initialised before either side starts
if (!isMainThread) {
  await workerMain();
} else {
  process.exitCode = await main(process.argv.slice(2));
}
