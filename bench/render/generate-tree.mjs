/**
 * The one generated GitOps tree of the render, diff and scale benchmarks: a root app-of-apps over N apps
 * (directory, kustomize and helm in turn, sharing one chart and one kustomize base), and optionally one
 * ApplicationSet (list generator) of `appSetElements` more directory apps; `only` makes every app of one kind.
 * `generateTree(root, n, options)` writes it into `root` and returns the counts per kind.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export const REPO = 'https://github.com/bench/gitops.git';

/** One Application of the bench tree (source block indented by four spaces). */
export const benchApplication = (name, source, ns) => `apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: ${name}
  namespace: argocd
spec:
  project: default
  source:
    repoURL: ${REPO}
${source}
  destination:
    server: https://kubernetes.default.svc
    namespace: ${ns}
  syncPolicy:
    syncOptions: [CreateNamespace=true]
`;

/** Write one file of the bench tree, creating its folders. */
export function writeBenchFile(root, p, s) {
  mkdirSync(dirname(join(root, p)), { recursive: true });
  writeFileSync(join(root, p), s);
}

// long: one template per file of the tree, written in order; splitting it would only scatter the tree
export function generateTree(root, N, { appSetElements = 0, only } = {}) {
  const w = (p, s) => writeBenchFile(root, p, s);
  const app = benchApplication;
  const deployment = (name, image) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  labels: {app: ${name}}
spec:
  replicas: 2
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec:
      containers:
        - name: app
          image: ${image}
          resources: {requests: {cpu: 100m, memory: 128Mi}, limits: {cpu: 500m, memory: 256Mi}}
`;
  const service = (name) => `apiVersion: v1
kind: Service
metadata:
  name: ${name}
spec:
  selector: {app: ${name}}
  ports: [{port: 80, targetPort: 8080}]
`;

  // shared helm chart
  w('charts/service/Chart.yaml', 'apiVersion: v2\nname: service\nversion: 1.0.0\n');
  w('charts/service/values.yaml', 'image: ghcr.io/bench/app:1.0.0\nreplicas: 2\nport: 8080\n');
  w(
    'charts/service/templates/deployment.yaml',
    deployment('{{ .Release.Name }}', '{{ .Values.image }}').replace(
      'replicas: 2',
      'replicas: {{ .Values.replicas }}',
    ),
  );
  w('charts/service/templates/service.yaml', service('{{ .Release.Name }}'));
  w(
    'charts/service/templates/configmap.yaml',
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-config\ndata:\n  port: {{ .Values.port | quote }}\n',
  );
  // shared kustomize base
  w('kustomize/base/kustomization.yaml', 'resources: [deployment.yaml, service.yaml]\n');
  w('kustomize/base/deployment.yaml', deployment('web', 'ghcr.io/bench/web:1.0.0'));
  w('kustomize/base/service.yaml', service('web'));

  const kinds = { directory: 0, kustomize: 0, helm: 0 };
  for (let i = 0; i < N; i++) {
    const name = `svc-${String(i).padStart(3, '0')}`;
    const kind = only ?? ['directory', 'kustomize', 'helm'][i % 3];
    kinds[kind]++;
    if (kind === 'directory') {
      w(
        `apps/${name}/manifests/deployment.yaml`,
        `${deployment(name, `ghcr.io/bench/${name}:1.0.${i}`)}---\n${service(name)}`,
      );
      w(
        `apps/${name}/manifests/config.yaml`,
        `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata: {i: "${i}"}\n`,
      );
      w(`apps/${name}/application.yaml`, app(name, `    path: apps/${name}/manifests`, name));
    } else if (kind === 'kustomize') {
      w(
        `apps/${name}/overlay/kustomization.yaml`,
        `resources: [../../../kustomize/base]\nnamePrefix: ${name}-\ncommonLabels: {team: t${i % 7}}\npatches: [{path: limits.yaml}]\n`,
      );
      w(
        `apps/${name}/overlay/limits.yaml`,
        'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          resources:\n            limits: {memory: 256Mi}\n',
      );
      w(
        `apps/${name}/application.yaml`,
        app(
          name,
          `    path: apps/${name}/overlay\n    kustomize:\n      images: [ghcr.io/bench/web:1.${i}.0]`,
          name,
        ),
      );
    } else {
      w(`apps/${name}/values.yaml`, `image: ghcr.io/bench/${name}:2.0.${i}\nreplicas: ${1 + (i % 3)}\n`);
      w(
        `apps/${name}/application.yaml`,
        app(name, `    path: charts/service\n    helm:\n      valueFiles: [/apps/${name}/values.yaml]`, name),
      );
    }
  }
  w(
    'bootstrap/root.yaml',
    app(
      'root',
      `    path: apps\n    directory:\n      recurse: true\n      include: '*/application.yaml'`,
      'argocd',
    ),
  );
  if (appSetElements > 0) {
    w(
      'appset/manifests/config.yaml',
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: edge\ndata: {mode: edge}\n',
    );
    w('appset/manifests/deployment.yaml', deployment('edge', 'ghcr.io/bench/edge:1.0.0'));
    const elements = Array.from(
      { length: appSetElements },
      (_, i) => `          - cell: c${String(i).padStart(4, '0')}`,
    );
    w(
      'apps/edge-cells/application.yaml',
      `apiVersion: argoproj.io/v1alpha1
kind: ApplicationSet
metadata:
  name: edge-cells
  namespace: argocd
spec:
  goTemplate: true
  generators:
    - list:
        elements:
${elements.join('\n')}
  template:
    metadata:
      name: 'edge-{{.cell}}'
    spec:
      project: default
      source:
        repoURL: ${REPO}
        targetRevision: HEAD
        path: appset/manifests
      destination:
        server: https://kubernetes.default.svc
        namespace: 'edge-{{.cell}}'
`,
    );
    kinds.appset = appSetElements;
  }
  return kinds;
}
