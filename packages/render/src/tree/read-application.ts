/**
 * Application / ApplicationSet object → AppSpec (the fields render needs), with findings for shapes
 * Argo CD would reject.
 */
import type { Finding, K8sObject } from '@neuroscale/core';
import { apiGroup } from '@neuroscale/core';
import { type AppOrigin, type AppSpec, appFinding, isRecord, type SourceSpec } from '../render-context.js';
import { COVERAGE_RULE } from './classify-app-coverage.js';

export function isArgoAppKind(obj: K8sObject): 'Application' | 'ApplicationSet' | undefined {
  if (apiGroup(obj.apiVersion) !== 'argoproj.io') return undefined;
  return obj.kind === 'Application' || obj.kind === 'ApplicationSet' ? obj.kind : undefined;
}

export interface ReadApplicationInput {
  object: K8sObject;
  origin: AppOrigin;
  parentChain: string[];
  generatedBy?: string;
  argocdNamespace: string;
}

function parseWave(raw: unknown): number {
  if (typeof raw !== 'string') return 0;
  const n = Number.parseInt(raw.trim(), 10);
  return Number.isFinite(n) && /^[-+]?\d+$/.test(raw.trim()) ? n : 0;
}

// long: one pass over the Application's fields in document order, each field's check a few lines
export function readApplication(input: ReadApplicationInput): { app: AppSpec; findings: Finding[] } {
  const { object } = input;
  const kind = isArgoAppKind(object) ?? 'Application';
  const md = isRecord(object.metadata) ? object.metadata : {};
  const name = typeof md.name === 'string' ? md.name : '';
  const namespace = typeof md.namespace === 'string' && md.namespace ? md.namespace : undefined;
  const ns = namespace ?? input.argocdNamespace;
  const spec = isRecord(object.spec) ? object.spec : {};
  const syncPolicy = isRecord(spec.syncPolicy) ? spec.syncPolicy : {};
  const dest = isRecord(spec.destination) ? spec.destination : undefined;
  const sources: SourceSpec[] = [];
  if (kind === 'Application') {
    if (Array.isArray(spec.sources) && spec.sources.length > 0) {
      spec.sources.forEach((s, i) => {
        sources.push({ index: i, pointer: `/spec/sources/${i}`, spec: isRecord(s) ? s : {} });
      });
    } else if (isRecord(spec.source)) {
      sources.push({ index: 0, pointer: '/spec/source', spec: spec.source });
    }
  }
  const app: AppSpec = {
    kind,
    name,
    // Application and ApplicationSet are different resources (argoproj.io/Application vs /ApplicationSet):
    // an ApplicationSet that generates an Application of its own name is no cycle and no duplicate
    key: `${kind}/${ns}/${name}`,
    instance: ns === input.argocdNamespace ? name : `${ns}_${name}`,
    object,
    wave: parseWave(
      md.annotations && isRecord(md.annotations) ? md.annotations['argocd.argoproj.io/sync-wave'] : undefined,
    ),
    syncOptions: Array.isArray(syncPolicy.syncOptions)
      ? syncPolicy.syncOptions.filter((s): s is string => typeof s === 'string')
      : [],
    automated: isRecord(syncPolicy.automated) || syncPolicy.automated === true,
    sources,
    origin: input.origin,
    chain: [...input.parentChain, name],
  };
  if (namespace) app.namespace = namespace;
  if (typeof spec.project === 'string') app.project = spec.project;
  if (dest) {
    const d: AppSpec['destination'] = {};
    if (typeof dest.server === 'string') d.server = dest.server;
    if (typeof dest.name === 'string') d.name = dest.name;
    if (typeof dest.namespace === 'string') d.namespace = dest.namespace;
    app.destination = d;
  }
  if (isRecord(syncPolicy.managedNamespaceMetadata)) {
    const m = syncPolicy.managedNamespaceMetadata;
    app.managedNamespaceMetadata = {};
    if (isRecord(m.labels)) app.managedNamespaceMetadata.labels = m.labels as Record<string, string>;
    if (isRecord(m.annotations))
      app.managedNamespaceMetadata.annotations = m.annotations as Record<string, string>;
  }
  if (input.parentChain.length > 0) app.parent = input.parentChain[input.parentChain.length - 1];
  if (input.generatedBy) app.generatedBy = input.generatedBy;

  const findings: Finding[] = [];
  if (!name) {
    findings.push(
      appFinding(app, {
        ruleId: 'render/invalid-application',
        message: `${kind} has no metadata.name`,
        pointer: '/metadata',
      }),
    );
  }
  if (kind === 'Application') {
    if (isRecord(spec.sourceHydrator) && sources.length === 0) {
      findings.push(
        appFinding(app, {
          ruleId: COVERAGE_RULE,
          severity: 'warning',
          message: `Application ${name} (${input.origin.file}:${input.origin.line}) is not rendered here: it uses spec.sourceHydrator, and its manifests live in the hydrated branch, which offline render cannot read`,
          details: { cause: 'render/source-hydrator-unsupported' },
          pointer: '/spec/sourceHydrator',
        }),
      );
    } else if (sources.length === 0) {
      findings.push(
        appFinding(app, {
          ruleId: 'render/invalid-application',
          message: `Application ${name} has neither spec.source nor spec.sources`,
          pointer: '/spec',
        }),
      );
    }
    findings.push(...refNameFindings(app, sources));
    if (!dest) {
      findings.push(
        appFinding(app, {
          ruleId: 'render/invalid-application',
          message: `Application ${name} has no spec.destination`,
          pointer: '/spec',
        }),
      );
    } else {
      // util/argo/argo.go GetDestinationCluster / ValidateDestination: exactly one of server and name.
      const server = typeof dest.server === 'string' && dest.server !== '';
      const clusterName = typeof dest.name === 'string' && dest.name !== '';
      if (!server && !clusterName) {
        findings.push(
          appFinding(app, {
            ruleId: 'render/invalid-application',
            message: `Application ${name}: Destination server missing from app spec (set spec.destination.server or spec.destination.name); Argo CD never syncs it`,
            pointer: '/spec/destination',
          }),
        );
      } else if (server && clusterName) {
        findings.push(
          appFinding(app, {
            ruleId: 'render/invalid-application',
            message: `Application ${name}: application destination can't have both name and server defined`,
            pointer: '/spec/destination',
          }),
        );
      }
    }
  }
  return { app, findings };
}

/**
 * util/argo/argo.go ValidateRepo: every `ref` matches ^[a-zA-Z0-9_-]+$ ("sources.ref X cannot contain any
 * special characters except '_' and '-'") and no two sources share one ("multiple sources had the same
 * `ref` key"); either fails the app.
 */
function refNameFindings(app: AppSpec, sources: SourceSpec[]): Finding[] {
  const findings: Finding[] = [];
  const seen = new Set<string>();
  for (const s of sources) {
    const ref = s.spec.ref;
    if (typeof ref !== 'string' || ref === '') continue;
    const message = !/^[a-zA-Z0-9_-]+$/.test(ref)
      ? `Application ${app.name}: sources.ref ${ref} cannot contain any special characters except '_' and '-'`
      : seen.has(ref)
        ? `Application ${app.name}: invalid sources: multiple sources had the same \`ref\` key`
        : undefined;
    seen.add(ref);
    if (message)
      findings.push(
        appFinding(app, { ruleId: 'render/invalid-application', message, pointer: `${s.pointer}/ref` }),
      );
  }
  return findings;
}
