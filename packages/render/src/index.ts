export { render, type RenderOptions, type RenderResult, type RenderStats } from './render.js';
export { normalizeRepoURL } from './repo/repo-url.js';
export { gobwasMatch } from './sources/gobwas-glob.js';
export { TRACKING_ANNOTATION } from './post-render/post-render-app.js';
