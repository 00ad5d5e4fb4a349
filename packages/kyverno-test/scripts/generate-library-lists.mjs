// Regenerates the pinned lists of Kyverno's JMESPath functions and CEL library functions from the
// upstream snapshots recorded in the shared design briefs ($NEUROSCALE_SHARED, default ../shared):
//   design/kyverno-semantics.md §5.2 — kyverno/kyverno pkg/engine/jmespath/{functions.go,time.go,arithmetic.go}
//   design/kyverno-cel.md §2.4     — kyverno/sdk cel/libs/* (the libraries Kyverno registers for policies)
// Usage: node packages/kyverno-test/scripts/generate-library-lists.mjs
// Writes src/engine/jmespath/functions/generated/kyverno-jmespath-functions.json and
// src/cel/libraries/generated/kyverno-cel-functions.json (sorted, no timestamps).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const PKG = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SHARED = process.env.NEUROSCALE_SHARED ?? path.resolve(PKG, '../../../shared');
const read = (f) => readFileSync(path.join(SHARED, 'design', f), 'utf8');
const section = (text, start, end) => {
  const a = text.indexOf(start);
  const b = text.indexOf(end, a + start.length);
  if (a < 0 || b < 0) throw new Error(`section ${start} not found`);
  return text.slice(a, b);
};
const snapshot = (text, repo) => {
  const row = text.split('\n').find((l) => l.startsWith(`| ${repo}`));
  return row?.match(/`([0-9a-f]{7,40})`/)?.[1];
};
const byteOrder = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

function jmespathList() {
  const doc = read('kyverno-semantics.md');
  const s = section(doc, '### 5.2', '### 5.3');
  const standard = (s.match(/in addition to the standard set\s*\(([^)]*)\)/)?.[1] ?? '')
    .split(',')
    .map((n) => n.trim())
    .filter(Boolean);
  const kyverno = [];
  for (const line of s.split('\n')) {
    const cell = line.match(/^\| ([a-z0-9_ /]+) \|/)?.[1];
    if (!cell || cell.trim() === 'function') continue;
    for (const name of cell.split('/')) kyverno.push(name.trim());
  }
  return {
    source: {
      repository: 'kyverno/kyverno',
      commit: snapshot(doc, 'kyverno/kyverno'),
      files: [
        'pkg/engine/jmespath/functions.go',
        'pkg/engine/jmespath/time.go',
        'pkg/engine/jmespath/arithmetic.go',
      ],
      via: 'design/kyverno-semantics.md §5.2',
    },
    standard: [...new Set(standard)].sort(byteOrder),
    kyverno: [...new Set(kyverno)].sort(byteOrder),
  };
}

/** `List(a, b[, c])` → [`List(a, b)`, `List(a, b, c)`]. */
function expandOptional(sig) {
  const m = sig.match(/^(.*)\[,\s*([^\]]*)\](.*)$/);
  return m ? [`${m[1]}${m[3]}`, `${m[1]}, ${m[2]}${m[3]}`] : [sig];
}

/** Arguments split at commas outside `<...>` (`labels map<string,string>` stays one). */
function splitArgs(text) {
  const out = [];
  let depth = 0;
  let cur = '';
  for (const ch of text) {
    if (ch === '<') depth++;
    if (ch === '>') depth--;
    if (ch === ',' && depth === 0) {
      out.push(cur.trim());
      cur = '';
    } else cur += ch;
  }
  out.push(cur.trim());
  return out;
}

function celList() {
  const doc = read('kyverno-cel.md');
  const s = section(doc, '### 2.4', 'Out of scope');
  const functions = [];
  for (const line of s.split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    const head = cells[1]?.match(/^([a-z0-9]+)(?: \(`(\w+)`\))?$/);
    if (!head || head[1] === 'library') continue;
    const [, library, variable] = head;
    for (const [, code] of cells[2].matchAll(/`([^`]+)`/g)) {
      const calls = code.startsWith('.') ? code.split('/').map((c) => `Image${c}`) : [code];
      for (const call of calls) {
        const sig = call.replace(/→.*$/, '').trim();
        const m = sig.match(/^([A-Za-z0-9_.]+)\((.*)\)$/);
        if (!m) continue;
        for (const form of expandOptional(`${m[1]}(${m[2]})`)) {
          const f = form.match(/^([A-Za-z0-9_.]+)\((.*)\)$/);
          const args = f[2].trim() === '' ? [] : splitArgs(f[2]);
          functions.push({ library, ...(variable ? { variable } : {}), function: f[1], args });
        }
      }
    }
  }
  const key = (f) => `${f.library} ${f.function}(${f.args.join(', ')})`;
  functions.sort((a, b) => byteOrder(key(a), key(b)));
  return {
    source: {
      repository: 'kyverno/sdk',
      commit: doc.match(/kyverno\/sdk ([0-9a-f]{7,40})/)?.[1],
      files: ['cel/libs/*/lib.go'],
      via: 'design/kyverno-cel.md §2.4',
    },
    functions,
  };
}

const write = (rel, data) => {
  const file = path.join(PKG, rel);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(data, null, 2)}\n`);
  console.log(`wrote ${rel}`);
};
write('src/engine/jmespath/functions/generated/kyverno-jmespath-functions.json', jmespathList());
write('src/cel/libraries/generated/kyverno-cel-functions.json', celList());
