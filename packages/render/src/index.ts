/**
 * @neuroscale/render — one way in: render(options). Sources, post-render and the ApplicationSet generators
 * are internals; tests reach them through their source files. The tool environment builder is public
 * because it is the isolation contract (docs/limits.md) the CLI's hostile-input tests hold render to.
 */
export type {
  ArgocdCluster,
  ArgocdEnvironment,
  ArgocdEnvironmentConfig,
  Setting,
  SettingOrigin,
} from './environment/argocd-environment.js';
export {
  type RemoteFetchOptions,
  type RenderCoverage,
  type RenderOptions,
  type RenderResult,
  type RenderStats,
  render,
} from './render.js';
export {
  type IsolatedToolEnvOptions,
  isolatedToolEnv,
  TOOL_ENV_ALLOWLIST,
} from './tool-sandbox/run-isolated-tool.js';
export type { SelectApp, SelectableApp } from './tree/walk-app-tree.js';
