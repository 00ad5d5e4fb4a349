/**
 * `kustomize.buildOptions` of argocd-cm as `kubectl kustomize` arguments. Argo CD appends them to
 * `kustomize build <path>` split with strings.Fields (util/kustomize/kustomize.go parseKustomizeBuildOptions).
 * The options come from the scanned tree, so only options that read nothing outside the staged copy and run
 * no program of the tree's choosing pass: `--enable-helm` runs this install's pinned helm (`--helm-command`),
 * never one named by the repository; exec/plugin/network/mount options are refused (a finding).
 */

/** Options taking a value (`--opt v` or `--opt=v`) that are safe here. */
const WITH_VALUE = new Set([
  '--load-restrictor',
  '--load_restrictor',
  '--helm-api-versions',
  '--helm-kube-version',
  '--reorder',
]);
/** Flags that are safe here. */
const FLAGS = new Set(['--enable-helm', '--stack-trace', '--enable-managedby-label']);

export interface KustomizeBuildArgs {
  args: string[];
  /** Options not passed, for a finding. */
  refused: string[];
  enableHelm: boolean;
}

export function kustomizeBuildArgs(
  options: readonly string[],
  helmPath: string | undefined,
): KustomizeBuildArgs {
  const args: string[] = [];
  const refused: string[] = [];
  let enableHelm = false;
  for (let i = 0; i < options.length; i++) {
    const opt = options[i]!;
    const eq = opt.indexOf('=');
    const name = eq > 0 ? opt.slice(0, eq) : opt;
    if (FLAGS.has(opt)) {
      if (opt === '--enable-helm') {
        if (!helmPath) {
          refused.push(`${opt} (helm not found)`);
          continue;
        }
        enableHelm = true;
        args.push(opt, '--helm-command', helmPath);
      } else args.push(opt);
    } else if (WITH_VALUE.has(name)) {
      if (eq > 0) args.push(opt);
      else if (i + 1 < options.length) args.push(opt, options[++i]!);
      else refused.push(opt);
    } else {
      refused.push(opt);
    }
  }
  return { args, refused, enableHelm };
}
