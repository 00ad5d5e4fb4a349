export { compilePolicy } from './compile-policy.js';
export { evaluatePolicy } from './evaluate-policy.js';
export { compileException } from './exceptions/compile-exception.js';
export * from './types.js';
