/**
 * Size limits of ApplicationSet expansion. An ApplicationSet from a pull request can multiply small inputs
 * into millions of param sets (a matrix of two 3,000-element lists is 9,000,000 Applications), so counts are
 * computed before anything is expanded and an ApplicationSet over a limit is refused with a finding
 * (`render/appset-too-many-params`) on the generator that went over. Argo CD has no such limit; a real
 * ApplicationSet with more than 10,000 Applications would overwhelm the controller long before ours.
 */
export interface ApplicationSetLimits {
  /** Param sets one generator (list, git, clusters, or a matrix/merge result) may produce. */
  maxParamSetsPerGenerator: number;
  /** Param sets (= Applications before validation) one ApplicationSet may produce over all its generators. */
  maxParamSetsPerApplicationSet: number;
  /** Bytes of parameter files one git files generator may read (sizes from stat, summed before any read). */
  maxGitFilesBytes: number;
}

export const DEFAULT_APPLICATIONSET_LIMITS: ApplicationSetLimits = {
  maxParamSetsPerGenerator: 10_000,
  maxParamSetsPerApplicationSet: 10_000,
  // the YAML loader's per-file limit (DEFAULT_YAML_LIMITS.maxFileBytes), for all the files together
  maxGitFilesBytes: 32 * 1024 * 1024,
};
