export { expandApplicationSet } from './expand-application-set.js';
export type { ApplicationSetContext, ApplicationSetExpansion, GeneratedApplication } from './types.js';
export { renderGoTemplate, parseGoTemplateOptions, type TemplateResult } from './gotemplate/index.js';
