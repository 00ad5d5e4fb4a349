/**
 * @neuroscale/render — one way in: render(options). Sources, post-render and the ApplicationSet generators
 * are internals; tests reach them through their source files.
 */
export { type RenderOptions, type RenderResult, type RenderStats, render } from './render.js';
