import { describePublicEntry } from '../../core/test/support/describe-public-entry.js';
import * as entry from '../src/index.js';

// The public entry is @neuroscale/render's API: a name added here or dropped from here is an API change for every
// consumer (a changeset, and a row in the README's API table). Internals are imported from their source files.
const VALUES = ['TOOL_ENV_ALLOWLIST', 'isolatedToolEnv', 'render'];
const TYPES = [
  'ArgocdCluster',
  'ArgocdEnvironment',
  'ArgocdEnvironmentConfig',
  'IsolatedToolEnvOptions',
  'RemoteFetchOptions',
  'RenderCoverage',
  'RenderOptions',
  'RenderResult',
  'RenderStats',
  'SelectApp',
  'SelectableApp',
  'Setting',
  'SettingOrigin',
];

describePublicEntry({
  name: '@neuroscale/render',
  entry,
  packageDir: new URL('..', import.meta.url),
  values: VALUES,
  types: TYPES,
});
