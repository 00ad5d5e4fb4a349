/**
 * The base revision, rendered once per run for every stage that compares with it (cost, diff): a temporary
 * worktree from git (the working tree is never touched), rendered with the same options and the same render
 * cache as the head. The checkout stays until `dispose()`, so lazy source locators of base objects still read
 * their files while the stages run.
 */
import type { RenderResult } from '@neuroscale/render';
import { checkoutBase } from '../git/checkout-base.js';
import type { PipelineOptions } from './pipeline-options.js';
import { runRenderStage } from './stage-render.js';

export type BaseRender =
  | { ok: true; ref: string; commit: string; result: RenderResult; dispose: () => void }
  | { ok: false; ref: string; message: string; dispose: () => void };

/** Undefined without `--base`. */
export async function renderBaseRevision(options: PipelineOptions): Promise<BaseRender | undefined> {
  const ref = options.base;
  if (!ref) return undefined;
  options.onProgress?.(`base: rendering revision ${ref}`);
  const base = checkoutBase(options.repoRoot, ref);
  if (!base.ok) return { ok: false, ref, message: base.message, dispose: () => {} };
  try {
    const result = await runRenderStage(options, base.dir);
    return { ok: true, ref, commit: base.commit, result, dispose: base.dispose };
  } catch (err) {
    base.dispose();
    throw err;
  }
}
