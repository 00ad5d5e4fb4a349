/**
 * Vitest reporter: one block at the very end of the run listing what was skipped and why. Tests that
 * need data outside the repository (../shared) or optional toolchains skip themselves and warn once
 * when their file loads; those warnings scroll away in a long run, so they are repeated here, with the
 * number of skipped tests per file.
 */
import { relative } from 'node:path';
import type { Reporter, TestModule, Vitest } from 'vitest/node';

type UserConsoleLog = Parameters<NonNullable<Reporter['onUserConsoleLog']>>[0];

const SKIP_NOTE = /\bSKIP(PED|PING)?\b|skipping/i;

export default class SkipSummaryReporter implements Reporter {
  private vitest: Vitest | undefined;
  private readonly notes = new Set<string>();

  onInit(vitest: Vitest): void {
    this.vitest = vitest;
  }

  onUserConsoleLog(log: UserConsoleLog): void {
    if (!SKIP_NOTE.test(log.content)) return;
    for (const line of log.content.split('\n')) if (line.trim()) this.notes.add(line.trim());
  }

  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const root = this.vitest?.config.root ?? process.cwd();
    const perFile: string[] = [];
    let total = 0;
    for (const module of testModules) {
      let skipped = 0;
      for (const test of module.children.allTests()) {
        // `todo` is a plan, not a skip caused by the environment
        if (test.result().state === 'skipped' && test.options.mode !== 'todo') skipped++;
      }
      if (skipped === 0) continue;
      total += skipped;
      perFile.push(`  ${skipped.toString().padStart(4)}  ${relative(root, module.moduleId)}`);
    }
    if (total === 0 && this.notes.size === 0) return;
    const lines = [
      '',
      `Skipped: ${total} test${total === 1 ? '' : 's'} did not run in this environment`,
      ...perFile.sort(),
    ];
    if (this.notes.size) lines.push('Reasons given:', ...[...this.notes].sort().map((n) => `  - ${n}`));
    lines.push('');
    if (this.vitest) this.vitest.logger.log(lines.join('\n'));
    else console.log(lines.join('\n'));
  }
}
