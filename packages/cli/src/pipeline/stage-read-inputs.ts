import { type ManifestInputs, readManifestInputs } from '../input/read-manifest-inputs.js';
import type { StageWork } from './run-stage.js';

/** Plain manifest files, folders or `-` (for `validate` and `policy apply`): the load stage of those commands. */
export async function readInputsStage(
  inputs: string[],
  io: { cwd: string; readStdin: () => Promise<string> },
): Promise<StageWork<ManifestInputs>> {
  const result = await readManifestInputs(inputs, io.cwd, io.readStdin);
  return { objects: result.manifests.length, findings: result.findings, result };
}
