/**
 * The merge of a MutatingAdmissionPolicy's apply configuration as kyverno's CLI runs it: Kubernetes
 * `ApplyStructuredMergeDiff` (k8s.io/apiserver pkg/admission/plugin/policy/mutating/patch/smd.go) with
 * the type converter kyverno hands it, `managedfields.NewDeducedTypeConverter()` (kyverno v1.19.1
 * pkg/admissionpolicy/mutate.go `mutateResource`). Without a schema, structured-merge-diff deduces the
 * type from the value (sigs.k8s.io/structured-merge-diff typed/parser.go `DeducedParseableType`):
 *
 * - maps are `separable`: merged key by key, recursively;
 * - lists are `atomic`: the configuration's list replaces the object's whole;
 * - scalars (null included) replace the object's value.
 *
 * No field is atomic in the deduced schema, so the "may not mutate atomic" check never refuses one.
 */
import { getOwn, isPlainRecord as isObj, setOwn } from '@neuroscale/core';

type Obj = Record<string, unknown>;

/** `configuration` merged into `object` (neither input is changed). */
export function mergeDeducedApplyConfiguration(object: Obj, configuration: Obj): Obj {
  const out: Obj = {};
  for (const [k, v] of Object.entries(object)) setOwn(out, k, v);
  for (const [k, v] of Object.entries(configuration)) {
    const current = Object.hasOwn(out, k) ? getOwn(out, k) : undefined;
    setOwn(out, k, isObj(v) && isObj(current) ? mergeDeducedApplyConfiguration(current, v) : v);
  }
  return out;
}
