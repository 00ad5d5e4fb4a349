/**
 * A small app-of-apps for hostile-input tests: `hostile` renders gitops/hostile/ (where a test drops
 * its bad file) and `good` renders gitops/good/, whose Deployment carries a known schema error
 * (`replica:`), so every test can prove the rest of the tree was still rendered and validated.
 */
import type { Finding } from '@neuroscale/core';
import { cli, tempRepo } from '../helpers.js';

const app = (name: string, path: string, extra = '') => `apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: ${name}
  namespace: argocd
spec:
  project: default
  source:
    repoURL: https://github.com/example/platform.git
    targetRevision: HEAD
    path: ${path}
${extra}  destination:
    server: https://kubernetes.default.svc
    namespace: demo
`;

export const ROOT_APP = app('root', 'gitops/apps');

export function childApp(name: string, path: string, sourceExtra = ''): string {
  return app(name, path, sourceExtra);
}

export const GOOD_DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: still-here
spec:
  replica: 2
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: nginx:1.27
`;

/** The files of the tree, plus the test's own (path → content). */
export function hostileTree(
  files: Record<string, string>,
  apps: Record<string, string> = {},
): Record<string, string> {
  return {
    'gitops/bootstrap/root.yaml': ROOT_APP,
    'gitops/apps/good.yaml': childApp('good', 'gitops/good'),
    'gitops/apps/hostile.yaml': childApp('hostile', 'gitops/hostile'),
    'gitops/good/deployment.yaml': GOOD_DEPLOYMENT,
    ...apps,
    ...files,
  };
}

export interface JsonRun {
  code: number;
  stdout: string;
  stderr: string;
  findings: Finding[];
  summary: { errors: number; warnings: number; objects: number; failed: boolean };
}

export async function runJson(dir: string, extra: string[] = []): Promise<JsonRun> {
  const r = await cli(['.', '--format', 'json', ...extra], { cwd: dir });
  let report: { findings?: Finding[]; summary?: JsonRun['summary'] } = {};
  try {
    report = JSON.parse(r.stdout);
  } catch {
    throw new Error(`not JSON (exit ${r.code}): ${r.stderr.slice(0, 2000)}`);
  }
  return { ...r, findings: report.findings ?? [], summary: report.summary! };
}

export async function runTree(files: Record<string, string>, apps: Record<string, string> = {}) {
  const dir = tempRepo(hostileTree(files, apps));
  return { dir, ...(await runJson(dir)) };
}

/** The good app's Deployment was rendered and schema-validated (its `replica` typo is reported). */
export function goodAppValidated(findings: Finding[]): boolean {
  return findings.some(
    (f) =>
      f.ruleId.startsWith('schema/') &&
      f.object?.name === 'still-here' &&
      f.location?.file === 'gitops/good/deployment.yaml' &&
      /replica/.test(f.message),
  );
}

export function brief(findings: Finding[]): [string, string | undefined, number | undefined][] {
  return findings.map((f) => [f.ruleId, f.location?.file, f.location?.line]);
}
