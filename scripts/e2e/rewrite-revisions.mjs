#!/usr/bin/env node
// Rewrite every in-repo source of the GitOps tree to a branch of another URL:
//   repoURL <from> → <to>; targetRevision/revision HEAD → <branch>   (Applications and ApplicationSet git generators)
// Usage: rewrite-revisions.mjs <gitops dir> <from-url> <to-url> <branch>
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [dir, from, to, branch] = process.argv.slice(2);
if (!dir || !from || !to || !branch) {
  console.error('usage: rewrite-revisions.mjs <gitops dir> <from-url> <to-url> <branch>');
  process.exit(2);
}
let changed = 0;
const walk = (d) => {
  for (const name of readdirSync(d)) {
    const p = join(d, name);
    if (statSync(p).isDirectory()) walk(p);
    else if (/\.ya?ml$/.test(name)) {
      const text = readFileSync(p, 'utf8');
      if (!text.includes(from)) continue;
      const out = text
        .split(from)
        .join(to)
        .replace(/^(\s*(?:targetRevision|revision):\s*)HEAD\s*$/gm, `$1${branch}`);
      if (out !== text) {
        writeFileSync(p, out);
        changed++;
      }
    }
  }
};
walk(dir);
console.log(`rewrote ${changed} file(s)`);
if (changed === 0) process.exit(1);
