/**
 * The diff as a function of two render results: per Application added / removed / changed / unchanged, per
 * object added / removed / changed with a unified YAML diff of the objects as Argo CD compares them (its
 * tracking annotation, ignoreDifferences, defaulted fields and Secret values normalised away). No git, no
 * terminal, no file: the CLI renders both sides and hands them in.
 */
import type { Finding, Manifest } from '@neuroscale/core';
import { compareStrings, finding, locationOf, objectRef } from '@neuroscale/core';
import type {
  AppChange,
  AppDiff,
  DiffObjectRef,
  DiffRenderInput,
  IgnoreDifferencesOverrides,
  IgnoreDifferencesRule,
  ObjectDiff,
  RenderDiff,
} from './diff-model.js';
import { equalizeQuantities } from './equalize-quantities.js';
import { overrideRules } from './ignore-rules.js';
import { type AppSide, compareRefs, diffObjectRef, indexApps } from './index-apps.js';
import { type JqBudget, JqRunner } from './jq-runner.js';
import { maskSecretData } from './mask-secret-data.js';
import { type NormalizeContext, normalizeForDiff } from './normalize-object.js';
import { toStableYaml, unifiedDiff } from './yaml-unified-diff.js';

export interface DiffOptions {
  /** Label of the base side in the result (e.g. the git ref). Default `base`. */
  base?: string;
  /** Label of the head side. Default `head`. */
  head?: string;
  /** `resource.customizations.ignoreDifferences.<key>` of the Argo CD environment (`argocd-cm`). */
  ignoreDifferencesOverrides?: IgnoreDifferencesOverrides;
  /**
   * `spec.ignoreDifferences` of root Applications (read from files, not rendered by another app), by app name, as
   * written: untrusted lists, parsed like the rendered ones.
   */
  rootAppIgnoreDifferences?: Readonly<Record<string, readonly unknown[]>>;
  /** Context lines of each unified diff (3). */
  contextLines?: number;
  /** An object whose YAML is larger is not diffed line by line: a note and a finding (1 MiB). */
  maxObjectBytes?: number;
  /** Longest edit script per object before the diff becomes a note (20,000 lines). */
  maxEditLength?: number;
  /** Budget of each jqPathExpressions evaluation (Argo CD's 1 s by default). */
  jq?: JqBudget;
}

export interface DiffRendersResult {
  diff: RenderDiff;
  /** Problems met while diffing (a jq expression that failed, an object too large); each with file and line. */
  findings: Finding[];
}

interface DiffRun {
  options: Required<Pick<DiffOptions, 'contextLines' | 'maxObjectBytes' | 'maxEditLength'>>;
  overrides: IgnoreDifferencesRule[];
  jq: JqRunner;
  findings: Finding[];
}

const refPath = (r: DiffObjectRef) =>
  `${r.group || 'core'}/${r.kind}/${r.namespace ? `${r.namespace}/` : ''}${r.name}`;

function where(m: Manifest): { file: string; line: number } {
  return { file: m.source.file, line: m.source.line };
}

async function normalized(
  m: Manifest | undefined,
  app: string,
  rules: IgnoreDifferencesRule[],
  run: DiffRun,
) {
  if (!m) return undefined;
  const ctx: NormalizeContext = { rules, jq: run.jq, findings: run.findings, app, location: where(m) };
  return normalizeForDiff(m.object, ctx);
}

function textDiff(
  base: unknown,
  head: unknown,
  ref: DiffObjectRef,
  at: Manifest,
  app: string,
  run: DiffRun,
): string | undefined {
  const oldText = base === undefined ? '' : toStableYaml(base);
  const newText = head === undefined ? '' : toStableYaml(head);
  if (oldText === newText) return undefined;
  const size = Math.max(Buffer.byteLength(oldText), Buffer.byteLength(newText));
  const problem = (ruleId: string, message: string) => tooLarge(run, at, app, message, ruleId);
  if (size > run.options.maxObjectBytes)
    return problem(
      'diff/object-too-large',
      `${refPath(ref)} is ${size} bytes as YAML, over the diff limit of ${run.options.maxObjectBytes}; not diffed line by line`,
    );
  const text = unifiedDiff(oldText, newText, {
    context: run.options.contextLines,
    oldLabel: base === undefined ? '/dev/null' : `base/${refPath(ref)}`,
    newLabel: head === undefined ? '/dev/null' : `head/${refPath(ref)}`,
    maxEditLength: run.options.maxEditLength,
  });
  return (
    text ??
    problem(
      'diff/diff-too-large',
      `${refPath(ref)} changed by more than ${run.options.maxEditLength} lines; not diffed line by line`,
    )
  );
}

async function diffObject(
  base: Manifest | undefined,
  head: Manifest | undefined,
  app: AppSide,
  run: DiffRun,
): Promise<ObjectDiff | undefined> {
  const at = (head ?? base) as Manifest;
  const baseJson = base ? JSON.stringify(base.object) : '';
  const headJson = head ? JSON.stringify(head.object) : '';
  // identical rendered objects stay identical after a deterministic normalisation: skip the work
  if (base && head && baseJson === headJson) return undefined;
  const ref = diffObjectRef(at);
  const size = Math.max(baseJson.length, headJson.length);
  if (size > run.options.maxObjectBytes) {
    // sizes before work: no normalisation, YAML or diff of an object this large
    const message = `${refPath(ref)} is ${size} bytes as JSON, over the diff limit of ${run.options.maxObjectBytes}; not diffed line by line`;
    return {
      ref,
      change: changeOf(base, head),
      diff: tooLarge(run, at, app.node.name, message),
      location: where(at),
    };
  }
  const rules = [...app.rules, ...run.overrides];
  const b = await normalized(base, app.node.name, rules, run);
  const h = await normalized(head, app.node.name, rules, run);
  maskSecretData([b, h]);
  if (b && h) equalizeQuantities(b, h);
  const diff = textDiff(b, h, ref, at, app.node.name, run);
  if (diff === undefined) return undefined;
  return { ref, change: changeOf(base, head), diff, location: where(at) };
}

const changeOf = (base: Manifest | undefined, head: Manifest | undefined): ObjectDiff['change'] =>
  !base ? 'added' : !head ? 'removed' : 'changed';

/** The note an object gets instead of its diff, and the finding that says so. */
function tooLarge(
  run: DiffRun,
  at: Manifest,
  app: string,
  message: string,
  ruleId = 'diff/object-too-large',
): string {
  run.findings.push(
    finding({
      ruleId,
      severity: 'warning',
      message,
      object: objectRef(at.object),
      location: locationOf(at),
      app,
    }),
  );
  return `(${message})\n`;
}

async function diffApp(base: AppSide | undefined, head: AppSide | undefined, run: DiffRun): Promise<AppDiff> {
  const side = (head ?? base) as AppSide;
  const keys = new Set([...(base?.objects.keys() ?? []), ...(head?.objects.keys() ?? [])]);
  const objects: ObjectDiff[] = [];
  for (const key of keys) {
    const d = await diffObject(base?.objects.get(key), head?.objects.get(key), side, run);
    if (d) objects.push(d);
  }
  objects.sort((x, y) => compareRefs(x.ref, y.ref));
  const status: AppChange = !base
    ? 'added'
    : !head
      ? 'removed'
      : objects.length > 0
        ? 'changed'
        : 'unchanged';
  const out: AppDiff = {
    name: side.node.name,
    cluster: side.cluster,
    ...(side.namespace ? { namespace: side.namespace } : {}),
    status,
    objects,
  };
  const broken = [base, head].find((s) => s && s.node.status !== 'rendered');
  // skipped on both sides: both sides are equally empty and render reported why; one side only: the diff misleads
  if (broken && base?.node.status !== head?.node.status) {
    const which = broken === base ? 'base' : 'head';
    run.findings.push(
      finding({
        ruleId: 'diff/app-not-rendered',
        severity: 'warning',
        message: `app ${broken.node.name} was ${broken.node.status} in the ${which} revision${broken.node.reason ? ` (${broken.node.reason})` : ''}; its diff is incomplete`,
        location: broken.node.location,
        app: broken.node.name,
      }),
    );
  }
  return out;
}

export async function diffRenders(
  base: DiffRenderInput,
  head: DiffRenderInput,
  options: DiffOptions = {},
): Promise<DiffRendersResult> {
  const run: DiffRun = {
    options: {
      contextLines: options.contextLines ?? 3,
      maxObjectBytes: options.maxObjectBytes ?? 1024 * 1024,
      maxEditLength: options.maxEditLength ?? 20_000,
    },
    overrides: overrideRules(options.ignoreDifferencesOverrides),
    jq: new JqRunner(options.jq),
    findings: [],
  };
  const roots = options.rootAppIgnoreDifferences ?? {};
  const baseApps = indexApps(base, roots);
  const headApps = indexApps(head, roots);
  const apps: AppDiff[] = [];
  try {
    for (const key of new Set([...baseApps.keys(), ...headApps.keys()])) {
      apps.push(await diffApp(baseApps.get(key), headApps.get(key), run));
    }
  } finally {
    await run.jq.close();
  }
  apps.sort(
    (a, b) =>
      compareStrings(a.name, b.name) ||
      compareStrings(a.cluster, b.cluster) ||
      compareStrings(a.namespace ?? '', b.namespace ?? ''),
  );
  notApplicableOffline(headApps, run);
  // a rule that fails on the base object fails the same way on the head: one finding
  const findings = [...new Map(run.findings.map((f) => [JSON.stringify(f), f])).values()];
  return {
    diff: { base: options.base ?? 'base', head: options.head ?? 'head', apps, summary: summarize(apps) },
    findings,
  };
}

/** managedFieldsManagers needs the live object's managedFields: say so once per app, never silently. */
function notApplicableOffline(apps: Map<string, AppSide>, run: DiffRun): void {
  for (const app of apps.values()) {
    if (!app.rules.some((r) => r.managedFieldsManagers?.length)) continue;
    run.findings.push(
      finding({
        ruleId: 'diff/managed-fields-offline',
        severity: 'info',
        message: `app ${app.node.name}: ignoreDifferences managedFieldsManagers need the live objects' managedFields; not applicable offline, those fields are shown in the diff`,
        location: app.node.location,
        app: app.node.name,
      }),
    );
  }
}

function summarize(apps: readonly AppDiff[]): RenderDiff['summary'] {
  const summary: RenderDiff['summary'] = {
    apps: { added: 0, removed: 0, changed: 0, unchanged: 0 },
    objects: { added: 0, removed: 0, changed: 0 },
  };
  for (const app of apps) {
    summary.apps[app.status]++;
    for (const o of app.objects) summary.objects[o.change]++;
  }
  return summary;
}
