/**
 * Pod-controller autogen of a MutatingPolicy (kyverno pkg/cel/policies/mpol/autogen/autogen.go):
 * when matchConstraints names only core/v1 pods (pkg/cel/autogen CanAutoGen, shared with the
 * ValidatingPolicy variants), each replacement group ("defaults": deployments, daemonsets, jobs,
 * replicasets, statefulsets; "cronjobs") gets a copy of the policy matching those controllers whose
 * matchConditions and ApplyConfiguration expressions are rewritten by `convertPodToTemplateExpression`
 * — JSONPatch expressions and variables are left as written, as upstream leaves them.
 */

/** `convertPodToTemplateExpression`: plain text replacements, then an `Object{...}` wrapped into the template. */
export function podToTemplateExpression(expression: string, group: 'defaults' | 'cronjobs'): string {
  const spec = group === 'cronjobs' ? 'spec.jobTemplate.spec.template.spec' : 'spec.template.spec';
  const metadata =
    group === 'cronjobs' ? 'spec.jobTemplate.spec.template.metadata' : 'spec.template.metadata';
  let e = expression
    .replaceAll('object.spec', `object.${spec}`)
    .replaceAll('Object.spec', `Object.${spec}`)
    .replaceAll('object.metadata.labels', `object.${metadata}.labels`)
    .replaceAll('Object.metadata.labels', `Object.${metadata}.labels`)
    .replaceAll('object.metadata.annotations', `object.${metadata}.annotations`)
    .replaceAll('Object.metadata.annotations', `Object.${metadata}.annotations`);
  const trimmed = e.trim();
  if (!trimmed.startsWith('Object{')) return e;
  const content = trimmed.slice('Object{'.length);
  let depth = 1;
  let end = 0;
  for (let i = 0; i < content.length; i++) {
    const c = content[i];
    if (c === '{') depth++;
    else if (c === '}') {
      depth--;
      if (depth === 0) {
        end = i;
        break;
      }
    }
  }
  if (end <= 0) return e;
  const [open, close] =
    group === 'cronjobs'
      ? [
          'Object{spec: Object.spec{jobTemplate: Object.spec.jobTemplate{spec: Object.spec.jobTemplate.spec{template: Object.spec.jobTemplate.spec.template{',
          '}}}}}',
        ]
      : ['Object{spec: Object.spec{template: Object.spec.template{', '}}}'];
  e = open + content.slice(0, end) + close + content.slice(end + 1);
  return e;
}
