/**
 * Kind → resource (plural) for the Kubernetes 1.32 built-in API, as the CLI's REST mapper knows it.
 * Unknown kinds fall back to Kubernetes' naive pluralisation (`UnsafeGuessKindToResource`).
 */
const IRREGULAR: Record<string, string> = {
  Endpoints: 'endpoints',
  PodSecurityPolicy: 'podsecuritypolicies',
  NetworkPolicy: 'networkpolicies',
  PriorityClass: 'priorityclasses',
  StorageClass: 'storageclasses',
  IngressClass: 'ingressclasses',
  RuntimeClass: 'runtimeclasses',
  DeviceClass: 'deviceclasses',
  ResourceClaimTemplate: 'resourceclaimtemplates',
  VolumeAttributesClass: 'volumeattributesclasses',
  ComponentStatus: 'componentstatuses',
};

/** Lower-case plural resource name of a kind. */
export function pluralOf(kind: string): string {
  const irregular = IRREGULAR[kind];
  if (irregular) return irregular;
  const k = kind.toLowerCase();
  if (k === '') return '';
  if (k.endsWith('s') || k.endsWith('x') || k.endsWith('z') || k.endsWith('ch') || k.endsWith('sh'))
    return `${k}es`;
  if (k.endsWith('y') && !/[aeiou]y$/.test(k)) return `${k.slice(0, -1)}ies`;
  return `${k}s`;
}
