/**
 * Rows of the upstream corpus that `kyverno test` itself answers with "Excluded" (no rule response:
 * counted as passed whatever the row expects). Reviewed by hand against the policy and resources;
 * the conformance test counts these rows as conformant only while our engine also excludes them,
 * and fails if an entry is no longer observed (stale list).
 *
 * Key: `<suite path>\t<resource as printed>`.
 */
export const KNOWN_EXCLUDED: Record<string, string> = {
  'istio/enforce-ambient-mode-namespace/.kyverno-test/kyverno-test.yaml\tv1/Namespace/bad-istio-amb01':
    'the policy names its rule check-amblient-mode-enabled (typo); rows ask for check-ambient-mode-enabled, so no rule response is selected',
  'istio/enforce-ambient-mode-namespace/.kyverno-test/kyverno-test.yaml\tv1/Namespace/bad-istio-amb02':
    'same rule-name typo',
  'istio/enforce-ambient-mode-namespace/.kyverno-test/kyverno-test.yaml\tv1/Namespace/bad-istio-amb03':
    'same rule-name typo',
  'istio/enforce-ambient-mode-namespace/.kyverno-test/kyverno-test.yaml\tv1/Namespace/good-istio-amb01':
    'same rule-name typo',
  'istio/enforce-ambient-mode-namespace/.kyverno-test/kyverno-test.yaml\tv1/Namespace/good-istio-amb02':
    'same rule-name typo',
  'istio/add-ambient-mode-namespace/.kyverno-test/kyverno-test.yaml\tv1/Namespace/istio-test-none-ns':
    'rows ask for rule check-ambient-mode-enabled; the mutate policy names its rule add-ambient-mode-enabled, so no rule response is selected',
  'istio/add-ambient-mode-namespace/.kyverno-test/kyverno-test.yaml\tv1/Namespace/istio-test-dis-ns':
    'same rule-name mismatch',
  'istio/add-ambient-mode-namespace/.kyverno-test/kyverno-test.yaml\tv1/Namespace/istio-test-en-ns':
    'same rule-name mismatch',
  'istio/add-ambient-mode-namespace/.kyverno-test/kyverno-test.yaml\tv1/Namespace/istio-test-alt-ns':
    'same rule-name mismatch',
  'kasten/kasten-data-protection-by-label/.kyverno-test/kyverno-test.yaml\tapps/v1/Deployment/nginx/nginx-deployment-skipped':
    'labelled purpose=test: the match selector purpose=production does not match, so the rule yields no response (row expects skip)',
  'other/memory-requests-equal-limits/.kyverno-test/kyverno-test.yaml\tbatch/v1beta1/CronJob/default/hello':
    'autogen-cronjob rules match batch/v1 CronJob only; a batch/v1beta1 CronJob matches no rule',
  'other-cel/memory-requests-equal-limits/.kyverno-test/kyverno-test.yaml\tbatch/v1beta1/CronJob/default/hello':
    'CEL twin of the same case: autogen-cronjob rules match batch/v1 CronJob only; a batch/v1beta1 CronJob matches no rule',
  'other/require-emptydir-requests-limits/.kyverno-test/kyverno-test.yaml\tv1/Pod/default/skip-pod':
    'every foreach element is skipped by the foreach preconditions (its only emptyDir sets sizeLimit), so the rule yields no response (row expects skip)',
};
