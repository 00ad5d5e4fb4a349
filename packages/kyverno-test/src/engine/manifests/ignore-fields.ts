/**
 * The fields a manifest comparison ignores for one resource (kyverno v1.19.1
 * pkg/engine/handlers/validation/validate_manifest.go verifyManifest builds the list in this order):
 *
 * 1. k8s-manifest-sigstore's pkg/k8smanifest/resources/default-config.yaml (`k8smanifest.AddDefaultConfig`);
 * 2. kyverno's pkg/engine/resources/default-config.yaml;
 * 3. the rule's `manifests.ignoreFields`;
 * 4. the signature annotations of the annotation domain (option.go AnnotationKeyIgnoreField).
 *
 * A binding applies when one of its `objects` matches the resource (option.go ObjectReference.Match with
 * pkg/util/pattern.go MatchPattern over group, version, kind, name and namespace; no objects = all).
 */
import { isObject } from '../jmespath/json.js';

export interface ObjectReference {
  group?: string;
  version?: string;
  kind?: string;
  name?: string;
  namespace?: string;
}

export interface FieldBinding {
  fields: string[];
  objects: ObjectReference[];
}

const ANY: ObjectReference[] = [{ kind: '*' }];

const SIGSTORE_DEFAULTS: FieldBinding[] = [
  {
    fields: [
      'metadata.annotations.cosign.sigstore.dev/resourceBundleRef',
      'metadata.annotations.cosign.sigstore.dev/signature',
      'metadata.annotations.cosign.sigstore.dev/message',
      'metadata.annotations.cosign.sigstore.dev/certificate',
      'metadata.annotations.cosign.sigstore.dev/bundle',
    ],
    objects: ANY,
  },
  {
    fields: [
      'metadata.managedFields.*',
      'metadata.resourceVersion',
      'metadata.selfLink',
      'metadata.annotations.kubectl.kubernetes.io/last-applied-configuration',
      'metadata.annotations.namespace',
      'metadata.creationTimestamp',
      'metadata.generation',
      'metadata.uid',
      'metadata.finalizers',
      'metadata.labels.app.kubernetes.io/instance',
      'status',
    ],
    objects: ANY,
  },
  { fields: ['secrets.*.name', 'imagePullSecrets.*.name'], objects: [{ kind: 'ServiceAccount' }] },
  {
    fields: ['spec.ports.*.nodePort', 'spec.clusterIP', 'spec.clusterIPs.0'],
    objects: [{ kind: 'Service' }],
  },
  { fields: ['metadata.annotations.deployment.kubernetes.io/revision'], objects: [{ kind: 'Deployment' }] },
  {
    fields: ['metadata.annotations.deprecated.daemonset.template.generation'],
    objects: [{ kind: 'DaemonSet' }],
  },
  { fields: ['spec.host'], objects: [{ kind: 'Route', group: 'route.openshift.io' }] },
];

const KYVERNO_DEFAULTS: FieldBinding[] = [
  {
    fields: [
      'metadata.namespace',
      'spec.containers.*.imagePullPolicy',
      'spec.containers.*.terminationMessagePath',
      'spec.containers.*.terminationMessagePolicy',
      'spec.dnsPolicy',
      'spec.restartPolicy',
      'spec.schedulerName',
      'spec.terminationGracePeriodSeconds',
      'metadata.labels.app.kubernetes.io/instance',
      'metadata.managedFields.*',
      'metadata.resourceVersion',
      'metadata.selfLink',
      'metadata.annotations.control-plane.alpha.kubernetes.io/leader',
      'metadata.annotations.kubectl.kubernetes.io/last-applied-configuration',
      'metadata.finalizers*',
      'metadata.annotations.namespace',
      'metadata.annotations.deprecated.daemonset.template.generation',
      'metadata.creationTimestamp',
      'metadata.uid',
      'metadata.generation',
      'status',
      'metadata.annotations.deployment.kubernetes.io/revision',
    ],
    objects: ANY,
  },
  {
    fields: [
      'spec.volumes.*.name',
      'spec.volumes.*.projected.*',
      'spec.volumes.*.configMap.defaultMode',
      'spec.containers.*.volumeMounts.*',
      'spec.tolerations.*',
      'spec.enableServiceLinks',
      'spec.preemptionPolicy',
      'spec.priority',
      'spec.serviceAccount',
    ],
    objects: [{ kind: 'Pod' }],
  },
  {
    fields: [
      'spec.progressDeadlineSeconds',
      'spec.revisionHistoryLimit',
      'spec.strategy.*',
      'spec.template.metadata.creationTimestamp',
      'spec.containers.*.ports.*.protocol',
      'spec.containers.*.resources',
      'spec.securityContext',
    ],
    objects: [{ kind: 'Deployment' }],
  },
  {
    fields: ['spec.conversion.strategy', 'spec.names.listKind'],
    objects: [{ kind: 'CustomResourceDefinition' }],
  },
  {
    fields: [
      'spec.ports.*.nodePort',
      'spec.clusterIP',
      'spec.clusterIPs.0',
      'spec.sessionAffinity',
      'spec.type',
      'spec.ipFamilies.*',
      'spec.ipFamilyPolicy',
      'spec.internalTrafficPolicy',
    ],
    objects: [{ kind: 'Service' }],
  },
  {
    fields: [
      'metadata.annotations.pod-policies.kyverno.io/autogen-controllers',
      'spec.failurePolicy',
      'spec.background',
      'spec.validationFailureAction',
    ],
    objects: [{ kind: 'ClusterPolicy' }, { kind: 'Policy' }],
  },
  { fields: ['secrets.*.name', 'imagePullSecrets.*.name'], objects: [{ kind: 'ServiceAccount' }] },
];

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

/** The rule's `ignoreFields` (kyverno v1 `ObjectFieldBinding`: `fields`, `objects`). */
export function parseFieldBindings(raw: unknown): FieldBinding[] {
  if (!Array.isArray(raw)) return [];
  return raw.filter(isObject).map((b) => ({
    fields: Array.isArray(b.fields) ? b.fields.filter((f): f is string => typeof f === 'string') : [],
    objects: Array.isArray(b.objects)
      ? b.objects.filter(isObject).map((o) => ({
          group: str(o.group),
          version: str(o.version),
          kind: str(o.kind),
          name: str(o.name),
          namespace: str(o.namespace),
        }))
      : [],
  }));
}

/** option.go AnnotationConfig.AnnotationKeyIgnoreField for a domain. */
function annotationBinding(domain: string): FieldBinding {
  const base = ['message', 'signature', 'certificate', 'bundle', 'resourceBundleRef'];
  return { fields: base.map((b) => `metadata.annotations.${domain}/${b}*`), objects: ANY };
}

/** pkg/util/pattern.go MatchPattern (prefix `*` only, comma-separated alternatives). */
export function matchSigstorePattern(pattern: string | undefined, value: string): boolean {
  const p = (pattern ?? '').trim();
  if (p === '' || p === '*') return true;
  if (p === '-' && value === '') return true;
  if (p.endsWith('*')) return value.startsWith(p.replace(/\*+$/, ''));
  if (p === value) return true;
  if (p.includes(','))
    return p.split(',').some((q) => {
      const t = q.trim();
      return (
        t === '' ||
        t === '*' ||
        (t === '-' && value === '') ||
        (t.endsWith('*') ? value.startsWith(t.replace(/\*+$/, '')) : t === value)
      );
    });
  return false;
}

function referenceOf(resource: Record<string, unknown>): Required<ObjectReference> {
  const apiVersion = str(resource.apiVersion) ?? '';
  const slash = apiVersion.indexOf('/');
  const md = isObject(resource.metadata) ? resource.metadata : {};
  return {
    group: slash < 0 ? '' : apiVersion.slice(0, slash),
    version: slash < 0 ? apiVersion : apiVersion.slice(slash + 1),
    kind: str(resource.kind) ?? '',
    name: str(md.name) ?? '',
    namespace: str(md.namespace) ?? '',
  };
}

function bindingApplies(b: FieldBinding, ref: Required<ObjectReference>): boolean {
  if (b.objects.length === 0) return true;
  return b.objects.some(
    (o) =>
      matchSigstorePattern(o.group, ref.group) &&
      matchSigstorePattern(o.version, ref.version) &&
      matchSigstorePattern(o.kind, ref.kind) &&
      matchSigstorePattern(o.name, ref.name) &&
      matchSigstorePattern(o.namespace, ref.namespace),
  );
}

/** The ignore fields for this resource, in verifyManifest's order. */
export function ignoreFieldsFor(
  resource: Record<string, unknown>,
  options: { ruleBindings: FieldBinding[]; annotationDomain: string },
): string[] {
  const ref = referenceOf(resource);
  const all = [
    ...SIGSTORE_DEFAULTS,
    ...KYVERNO_DEFAULTS,
    ...options.ruleBindings,
    annotationBinding(options.annotationDomain),
  ];
  return all.filter((b) => bindingApplies(b, ref)).flatMap((b) => b.fields);
}
