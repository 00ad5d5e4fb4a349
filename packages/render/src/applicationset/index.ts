export { expandApplicationSet } from './expand-application-set.js';
export { parseGoTemplateOptions, renderGoTemplate, type TemplateResult } from './gotemplate/index.js';
export type { ApplicationSetContext, ApplicationSetExpansion, GeneratedApplication } from './types.js';
