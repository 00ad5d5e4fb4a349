/** Built-in cluster-scoped kinds (Kubernetes 1.32), for request.namespace and namespaceSelector handling. */
const CLUSTER_SCOPED = new Set([
  'Namespace', 'Node', 'PersistentVolume', 'ClusterRole', 'ClusterRoleBinding', 'CustomResourceDefinition',
  'StorageClass', 'CSIDriver', 'CSINode', 'VolumeAttachment', 'PriorityClass', 'RuntimeClass', 'IngressClass',
  'MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration', 'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding', 'MutatingAdmissionPolicy', 'MutatingAdmissionPolicyBinding', 'APIService',
  'CertificateSigningRequest', 'ComponentStatus', 'FlowSchema', 'PriorityLevelConfiguration', 'PodSecurityPolicy',
  'ClusterPolicy', 'ClusterPolicyReport', 'ClusterCleanupPolicy', 'ValidatingPolicy', 'MutatingPolicy',
  'GeneratingPolicy', 'ImageValidatingPolicy', 'DeletingPolicy', 'GlobalContextEntry', 'DeviceClass',
  'VolumeAttributesClass', 'IPAddress', 'ServiceCIDR', 'ClusterTrustBundle', 'SelfSubjectReview',
  'TokenReview', 'SubjectAccessReview', 'SelfSubjectAccessReview', 'SelfSubjectRulesReview',
]);

export function isClusterScopedKind(kind: string): boolean {
  return CLUSTER_SCOPED.has(kind);
}
