/**
 * @neuroscale/kyverno-test — Kyverno validate rules evaluated in-process: `kyverno test` suites
 * (runTestSuites / formatTestTable) and policies applied to rendered manifests (loadPolicies /
 * applyPolicies), no kyverno binary. CEL policies (ValidatingPolicy, validate.cel) included.
 */

export * from './apply/index.js';
export * from './cel/index.js';
export * from './engine/index.js';
export * from './policies/index.js';
export * from './runner/index.js';
