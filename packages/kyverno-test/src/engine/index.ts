export * from './types.js';
export { compilePolicy } from './compile-policy.js';
export { compileException } from './exceptions/compile-exception.js';
export { evaluatePolicy } from './evaluate-policy.js';
