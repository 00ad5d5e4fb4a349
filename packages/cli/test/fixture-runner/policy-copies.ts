/**
 * Policy cases carry copies of policies/<name>/policy.yaml so each fixture is self-contained.
 * A copy that drifts from the pack tests a policy nobody ships: find the stale ones (and, with
 * UPDATE_FIXTURES=1, refresh them).
 */
import { copyFileSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES_DIR, REPO_ROOT } from './run-fixture-case.js';

export interface PolicyCopy {
  /** fixtures/<case>/policies/<name>/policy.yaml, repo-relative. */
  copy: string;
  /** policies/<name>/policy.yaml, repo-relative. */
  pack: string;
  state: 'same' | 'differs' | 'not-in-pack';
}

export function listPolicyCopies(): PolicyCopy[] {
  const out: PolicyCopy[] = [];
  for (const c of readdirSync(FIXTURES_DIR, { withFileTypes: true })) {
    if (!c.isDirectory()) continue;
    const dir = join(FIXTURES_DIR, c.name, 'policies');
    if (!existsSync(dir)) continue;
    for (const p of readdirSync(dir, { withFileTypes: true })) {
      if (!p.isDirectory()) continue;
      const copy = `fixtures/${c.name}/policies/${p.name}/policy.yaml`;
      const pack = `policies/${p.name}/policy.yaml`;
      if (!existsSync(join(REPO_ROOT, copy))) continue;
      let state: PolicyCopy['state'] = 'not-in-pack';
      if (existsSync(join(REPO_ROOT, pack))) {
        const same =
          readFileSync(join(REPO_ROOT, copy), 'utf8') === readFileSync(join(REPO_ROOT, pack), 'utf8');
        state = same ? 'same' : 'differs';
      }
      out.push({ copy, pack, state });
    }
  }
  return out.sort((a, b) => (a.copy < b.copy ? -1 : a.copy > b.copy ? 1 : 0));
}

export function refreshPolicyCopies(copies: readonly PolicyCopy[]): void {
  for (const c of copies) {
    if (c.state === 'differs') copyFileSync(join(REPO_ROOT, c.pack), join(REPO_ROOT, c.copy));
  }
}
