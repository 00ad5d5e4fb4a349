/**
 * One param set → one Application (`template.go GenerateApplications` + `utils.go RenderTemplateParams` +
 * `patch.go applyTemplatePatch`): typed render of the template, resources finalizer, templatePatch as a
 * strategic merge patch with spec.project pinned, namespace forced to the ApplicationSet's, project defaulted.
 */
import { cloneData, fromEntriesOwn, getAtPointer, loadYaml } from '@neuroscale/core';
import { APPLICATION_TEMPLATE_SHAPE } from './generated/application-template-shape.js';
import { type GeneratorContext, isRecord, type ParamSet, report } from './generators/generator-context.js';
import { renderString } from './render-string.js';
import { strategicMergePatch } from './strategic-merge-patch.js';
import { renderTyped } from './template-shape.js';

export const RESOURCES_FINALIZER = 'resources-finalizer.argocd.argoproj.io';

export interface TemplateSource {
  template: Record<string, unknown>;
  /** Pointer of the generator-level template (e.g. /spec/generators/0/git/template), for locating fields. */
  generatorTemplatePointer: string;
}

export function renderApplication(
  src: TemplateSource,
  params: ParamSet,
  g: GeneratorContext,
): Record<string, unknown> | undefined {
  const spec = g.appSet.spec as Record<string, unknown>;
  const where = (rel: string) =>
    getAtPointer(g.appSet, src.generatorTemplatePointer + rel) !== undefined
      ? src.generatorTemplatePointer + rel
      : `/spec/template${rel}`;
  let app: Record<string, unknown>;
  if (Object.keys(params).length === 0) {
    // RenderTemplateParams returns the template untouched (and without finalizer) for an empty param set
    app = cloneData(src.template);
  } else {
    const r = renderTyped(src.template, APPLICATION_TEMPLATE_SHAPE, (s, ptr) => {
      const res = renderString(s, params, g.mode);
      if (res.ok && res.unresolved.length) unresolvedFinding(g, where(ptr()), res.unresolved, s);
      if (res.ok && res.warnings) templateWarnings(g, where(ptr()), res.warnings);
      return res.ok ? { ok: true, value: res.value } : res;
    });
    if (!r.ok) {
      report(g, {
        ruleId: 'render/appset-template-error',
        message: `error generating application from params: ${r.error}`,
        pointer: where(r.pointer),
        details: { params: jsonSafe(params) },
      });
      return undefined;
    }
    app = r.value as Record<string, unknown>;
    if (!isRecord(app.metadata)) app.metadata = {};
    const meta = app.metadata as Record<string, unknown>;
    const syncPolicy = isRecord(spec.syncPolicy) ? spec.syncPolicy : {};
    const finalizers = Array.isArray(meta.finalizers) ? meta.finalizers : [];
    if (syncPolicy.preserveResourcesOnDeletion !== true && finalizers.length === 0)
      meta.finalizers = [RESOURCES_FINALIZER];
  }
  if (typeof spec.templatePatch === 'string') {
    const patched = applyTemplatePatch(app, spec.templatePatch, params, g);
    if (!patched) return undefined;
    app = patched;
  }
  const meta = (isRecord(app.metadata) ? app.metadata : {}) as Record<string, unknown>;
  const appSpec = (isRecord(app.spec) ? app.spec : {}) as Record<string, unknown>;
  const namespace = g.appSet.metadata?.namespace;
  const metadata: Record<string, unknown> = fromEntriesOwn([['name', meta.name], ...Object.entries(meta)]);
  if (namespace) metadata.namespace = namespace;
  else delete metadata.namespace;
  if (typeof appSpec.project !== 'string' || appSpec.project === '') appSpec.project = 'default';
  return { apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata, spec: appSpec };
}

function applyTemplatePatch(
  app: Record<string, unknown>,
  patch: string,
  params: ParamSet,
  g: GeneratorContext,
): Record<string, unknown> | undefined {
  const rendered = renderString(patch, params, g.mode);
  if (!rendered.ok) {
    report(g, {
      ruleId: 'render/appset-template-error',
      message: `error replacing values in templatePatch: ${rendered.error}`,
      pointer: '/spec/templatePatch',
    });
    return undefined;
  }
  if (rendered.unresolved.length) unresolvedFinding(g, '/spec/templatePatch', rendered.unresolved, patch);
  if (rendered.warnings) templateWarnings(g, '/spec/templatePatch', rendered.warnings);
  const { documents, findings } = loadYaml(rendered.value, { file: g.ctx.location.file });
  const err = findings.find((f) => f.severity === 'error');
  const value = documents[0]?.value;
  if (err || (value !== undefined && value !== null && !isRecord(value))) {
    report(g, {
      ruleId: 'render/appset-template-error',
      message: `invalid templatePatch: the rendered patch is not a YAML/JSON object${err ? ` (${err.message})` : ''}`,
      pointer: '/spec/templatePatch',
      details: { rendered: rendered.value },
    });
    return undefined;
  }
  if (!isRecord(value)) return app;
  for (const field of ['metadata', 'spec'] as const) {
    if (field in value && value[field] !== null && !isRecord(value[field])) {
      report(g, {
        ruleId: 'render/appset-template-error',
        message: `invalid templatePatch: ${field} must be an object`,
        pointer: '/spec/templatePatch',
      });
      return undefined;
    }
  }
  const before = isRecord(app.spec) ? app.spec.project : undefined;
  const out = strategicMergePatch(app, value);
  // patch.go: the project cannot be changed by a patch
  if (isRecord(out.spec)) {
    if (before === undefined) delete out.spec.project;
    else out.spec.project = before;
  } else if (before !== undefined) out.spec = { project: before };
  return out;
}

const seenUnresolved = new WeakMap<object, Set<string>>();

function unresolvedFinding(g: GeneratorContext, pointer: string, unresolved: string[], source: string) {
  let seen = seenUnresolved.get(g.findings);
  if (!seen) {
    seen = new Set();
    seenUnresolved.set(g.findings, seen);
  }
  for (const u of unresolved) {
    const key = `${pointer}\u0000${u}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const message =
      u === '<no value>'
        ? `${JSON.stringify(source)} renders "<no value>": it references a parameter that does not exist (add goTemplateOptions: ["missingkey=error"] to make this an error)`
        : `placeholder ${u} in ${JSON.stringify(source)} was not replaced: no string parameter with that name, so Argo CD leaves it verbatim`;
    report(g, {
      ruleId: 'render/appset-unresolved-placeholder',
      severity: 'warning',
      message,
      pointer,
      details: { placeholder: u },
    });
  }
}

/** Problems Go swallows while rendering (an invalid `regexMatch` pattern): reported once per field and text. */
function templateWarnings(g: GeneratorContext, pointer: string, warnings: string[]) {
  let seen = seenUnresolved.get(g.findings);
  if (!seen) {
    seen = new Set();
    seenUnresolved.set(g.findings, seen);
  }
  for (const w of warnings) {
    const key = `${pointer}\u0000regex\u0000${w}`;
    if (seen.has(key)) continue;
    seen.add(key);
    report(g, { ruleId: 'render/appset-invalid-regex', severity: 'warning', message: w, pointer });
  }
}

/** Params are JSON data built fresh per param set and never mutated afterwards: returned as they are. */
export function jsonSafe(v: ParamSet): Record<string, unknown> {
  return v;
}
