import { describePublicEntry } from '../../core/test/support/describe-public-entry.js';
import * as entry from '../src/index.js';

// The public entry is @neuroscale/kyverno-test's API: a name added here or dropped from here is an API change for every
// consumer (a changeset, and a row in the README's API table). Internals are imported from their source files.
const VALUES = ['admitManifests', 'applyPolicies', 'formatTestTable', 'loadPolicies', 'runTestSuites'];
const TYPES = [
  'AdmitManifestsOptions',
  'AdmitManifestsResult',
  'ApplyPoliciesOptions',
  'ApplyPoliciesResult',
  'FormatTestTableOptions',
  'LoadPoliciesOptions',
  'LoadPoliciesResult',
  'LoadedPolicy',
  'PolicyReport',
  'PolicyReportResult',
  'RunTestSuitesOptions',
  'SuiteResult',
  'TestRunResult',
  'TestRunSummary',
];

describePublicEntry({
  name: '@neuroscale/kyverno-test',
  entry,
  packageDir: new URL('..', import.meta.url),
  values: VALUES,
  types: TYPES,
});
