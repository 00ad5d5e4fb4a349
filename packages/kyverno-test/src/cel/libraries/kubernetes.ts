/** The Kubernetes CEL library (k8s.io/apiserver v0.35 pkg/cel/library), authz excepted. */
import type { CelLibrary } from '../adapter/index.js';
import { k8sFormat } from './k8s-format.js';
import { k8sIpCidr } from './k8s-ip.js';
import { k8sLists, k8sRegex } from './k8s-lists.js';
import { k8sQuantity } from './k8s-quantity.js';
import { k8sSemver } from './k8s-semver.js';
import { k8sUrl } from './k8s-url.js';

export const kubernetesLibraries: readonly CelLibrary[] = [
  k8sLists,
  k8sRegex,
  k8sUrl,
  k8sQuantity,
  k8sIpCidr,
  k8sFormat,
  k8sSemver,
];
