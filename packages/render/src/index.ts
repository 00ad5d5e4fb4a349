export { TRACKING_ANNOTATION } from './post-render/post-render-app.js';
export { type RenderOptions, type RenderResult, type RenderStats, render } from './render.js';
export { normalizeRepoURL } from './repo/repo-url.js';
export { gobwasMatch } from './sources/gobwas-glob.js';
export {
  type IsolatedToolEnvOptions,
  isolatedToolEnv,
  TOOL_ENV_ALLOWLIST,
} from './tool-sandbox/run-isolated-tool.js';
