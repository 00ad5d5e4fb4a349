#!/usr/bin/env node
/**
 * Agreement with the real Kyverno CLI on Kyverno's own `kyverno test` suites: runs `neuroscale-validate
 * policy test <suite> --format json` on every folder holding a kyverno-test.yaml under the given root (from
 * that root, as a checkout would be run) and counts the result rows whose verdict equals the suite's
 * expectation. Kyverno's CI runs `kyverno test` on these folders and they pass, so an expectation is the
 * real CLI's verdict; rows we report as unsupported (they need a registry or signatures) count as
 * disagreeing. Prints the count per top-level group, then every disagreement.
 *
 * Kyverno's source, suites included, comes from the Go module proxy (no git clone needed):
 *   GOPATH=$(mktemp -d) GOFLAGS=-modcacherw go mod download -json github.com/kyverno/kyverno@v1.19.1
 *   node bench/kyverno-test/own-suites.mjs <Dir from that output>/test/cli
 * (the module cache is read-only: copy test/cli elsewhere first if a suite should be edited).
 *
 * Usage: node bench/kyverno-test/own-suites.mjs <root>   (build first: pnpm run build)
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const bin = join(here, '../../packages/cli/dist/bin.cjs');
const root = process.argv[2] ? resolve(process.argv[2]) : undefined;
if (!root) {
  console.error('usage: node bench/kyverno-test/own-suites.mjs <folder of kyverno test suites>');
  process.exit(2);
}

const suites = [];
(function walk(d) {
  for (const e of readdirSync(d).sort()) {
    const p = join(d, e);
    if (statSync(p).isDirectory()) walk(p);
    else if (e === 'kyverno-test.yaml' || e === 'kyverno-test.yml') suites.push(d);
  }
})(root);

const groups = new Map();
const disagreements = [];
const t0 = performance.now();
for (const suite of suites) {
  const rel = relative(root, suite);
  const group = rel.split('/')[0];
  const g = groups.get(group) ?? { agree: 0, rows: 0, unsupported: 0, suites: 0 };
  groups.set(group, g);
  g.suites++;
  const r = spawnSync(process.execPath, [bin, 'policy', 'test', suite, '--format', 'json'], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  let out;
  try {
    out = JSON.parse(r.stdout);
  } catch {
    disagreements.push(`${rel}: no JSON (exit ${r.status}): ${r.stderr.slice(0, 300)}`);
    continue;
  }
  for (const s of out.suites ?? []) {
    for (const u of s.unsupported ?? []) {
      const n = u.verdicts ?? 1;
      g.rows += n;
      g.unsupported += n;
      disagreements.push(
        `${rel} | unsupported ${u.policy}/${u.rule} [${u.resources}] want ${u.expected}: ${u.reason}`,
      );
    }
    for (const row of s.results ?? []) {
      g.rows++;
      if (row.ok) g.agree++;
      else
        disagreements.push(
          `${rel} | ${row.policy}/${row.rule} ${row.resource} want ${row.expected}, got ${row.actual} (${row.reason})`,
        );
    }
  }
}
let agree = 0;
let rows = 0;
for (const [name, g] of [...groups].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
  console.log(
    `${name.padEnd(40)} ${g.agree}/${g.rows}${g.unsupported ? ` (${g.unsupported} unsupported)` : ''}, ${g.suites} suites`,
  );
  agree += g.agree;
  rows += g.rows;
}
console.log(
  `agreement: ${agree}/${rows} rows (${((100 * agree) / Math.max(rows, 1)).toFixed(1)} %) in ${suites.length} suites, ${((performance.now() - t0) / 1000).toFixed(1)} s`,
);
if (disagreements.length) console.log(`\ndisagreements:\n${disagreements.join('\n')}`);
