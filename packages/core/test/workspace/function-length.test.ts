/**
 * No function in any package's src/ runs over MAX_LINES lines unless a `// long: <reason>` comment right
 * above it says why (a registration table, a lexer's one switch, …). Long functions hide phases that want
 * names of their own; the comment makes keeping one a decision instead of an accident.
 *
 * It lives in core's tests because core is the package every other one depends on; it reads the sources of
 * all of them. Generated folders are not hand-written and are skipped.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const MAX_LINES = 80;
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
const SKIPPED_PACKAGES = new Set<string>();

function sourceFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) return name === 'generated' ? [] : sourceFiles(p);
      return name.endsWith('.ts') && !name.endsWith('.d.ts') ? [p] : [];
    });
}

/** The statement a function's `// long:` comment sits above (the declaration, variable or property). */
function annotatedNode(node: ts.Node): ts.Node {
  let n: ts.Node = node;
  while (
    n.parent &&
    (ts.isVariableDeclaration(n.parent) ||
      ts.isVariableDeclarationList(n.parent) ||
      ts.isVariableStatement(n.parent) ||
      ts.isPropertyAssignment(n.parent) ||
      ts.isExportAssignment(n.parent))
  )
    n = n.parent;
  return n;
}

function hasReason(node: ts.Node, text: string): boolean {
  const ranges = ts.getLeadingCommentRanges(text, annotatedNode(node).getFullStart()) ?? [];
  return ranges.some((r) => /^\/\/\s*long:\s*\S/.test(text.slice(r.pos, r.end)));
}

function longFunctions(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  // a file of at most MAX_LINES lines cannot hold a longer function: no parse needed
  let lines = 1;
  for (let i = text.indexOf('\n'); i !== -1 && lines <= MAX_LINES; i = text.indexOf('\n', i + 1)) lines++;
  if (lines <= MAX_LINES) return [];
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const out: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const start = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line;
      const end = sf.getLineAndCharacterOfPosition(node.end).line;
      if (end - start + 1 > MAX_LINES) {
        // the reason covers the functions nested in it (a long callback is the same job)
        if (hasReason(node, text)) return;
        const name = (node as ts.FunctionDeclaration).name?.getText(sf) ?? '(anonymous)';
        out.push(`${relative(repoRoot, file)}:${start + 1} ${name} (${end - start + 1} lines)`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

describe('function length', () => {
  it(`no function over ${MAX_LINES} lines without a \`// long: <reason>\` comment`, () => {
    const packagesDir = join(repoRoot, 'packages');
    const offenders = readdirSync(packagesDir)
      .sort()
      .filter((pkg) => !SKIPPED_PACKAGES.has(pkg))
      .flatMap((pkg) => {
        const src = join(packagesDir, pkg, 'src');
        return statSync(src, { throwIfNoEntry: false })?.isDirectory() ? sourceFiles(src) : [];
      })
      .flatMap(longFunctions);
    expect(offenders).toEqual([]);
    // it parses every package's sources: seconds when the machine is quiet, far more on a loaded CI runner
  }, 120_000);
});
