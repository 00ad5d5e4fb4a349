/**
 * ApplicationSet → Applications, offline, as the Argo CD v3.0 ApplicationSet controller generates them
 * (`applicationset/controllers/template/template.go GenerateApplications`, `applicationset_controller.go
 * validateGeneratedApplications`). Pure: every repository read goes through the context.
 */
import { cloneData, type Finding, type K8sObject, sortFindings } from '@neuroscale/core';
import { type GeneratorContext, isRecord, type ParamSet, report } from './generators/generator-context.js';
import { mergoMerge } from './generators/matrix-merge.js';
import { generatorKinds, runGenerator } from './generators/run-generator.js';
import { parseGoTemplateOptions } from './gotemplate/index.js';
import { DEFAULT_APPLICATIONSET_LIMITS } from './limits.js';
import { jsonSafe, renderApplication } from './render-application.js';
import type { ApplicationSetContext, ApplicationSetExpansion, GeneratedApplication } from './types.js';

export function expandApplicationSet(appSet: K8sObject, ctx: ApplicationSetContext): ApplicationSetExpansion {
  const findings: Finding[] = [];
  const spec = isRecord(appSet.spec) ? appSet.spec : undefined;
  const options = parseGoTemplateOptions(
    Array.isArray(spec?.goTemplateOptions) ? spec.goTemplateOptions : [],
  );
  const g: GeneratorContext = {
    appSet,
    ctx,
    mode: { goTemplate: spec?.goTemplate === true, missingKey: options.missingKey },
    findings,
    applyNestedSelectors: spec?.applyNestedSelectors === true,
    limits: { ...DEFAULT_APPLICATIONSET_LIMITS, ...ctx.limits },
  };
  if (!spec || !Array.isArray(spec.generators) || !isRecord(spec.template)) {
    report(g, {
      ruleId: 'render/appset-invalid',
      message: 'ApplicationSet needs spec.generators (a list) and spec.template (an object)',
      pointer: '/spec',
    });
    return { applications: [], findings: sortFindings(findings) };
  }
  for (const e of options.errors)
    report(g, {
      ruleId: 'render/appset-invalid',
      severity: 'warning',
      message: `goTemplateOptions: ${e}`,
      pointer: '/spec/goTemplateOptions',
    });
  if (typeof spec.templatePatch === 'string' && !g.mode.goTemplate) {
    report(g, {
      ruleId: 'render/appset-template-patch-flat-mode',
      severity: 'info',
      message:
        'templatePatch is documented for goTemplate: true only; in flat mode Argo CD still substitutes {{params}} but no functions or conditionals',
      pointer: '/spec/templatePatch',
    });
  }

  const batches = generateParamSets(spec.generators, g);
  if (!batches) return { applications: [], findings: sortFindings(findings) };
  const generated = renderBatches(batches, spec.template as Record<string, unknown>, g);
  return { applications: validate(generated, g), findings: sortFindings(findings) };
}

/** One generator's parameter sets, with where the generator is written. */
interface ParamBatch {
  pointer: string;
  kind: string;
  entry: Record<string, unknown>;
  params: ParamSet[];
}

/** Every generator's param sets; undefined when their total is over the per-ApplicationSet limit. */
function generateParamSets(generators: unknown[], g: GeneratorContext): ParamBatch[] | undefined {
  // Pass 1: every generator's param sets, counted before any Application is rendered; the sum over the
  // generators is capped per ApplicationSet.
  const batches: ParamBatch[] = [];
  let total = 0;
  for (let i = 0; i < generators.length; i++) {
    const entry: unknown = generators[i];
    const pointer = `/spec/generators/${i}`;
    if (!isRecord(entry) || generatorKinds(entry).length === 0) {
      report(g, {
        ruleId: 'render/appset-generator-error',
        message: 'generator entry sets no generator',
        pointer,
      });
      continue;
    }
    for (const kind of generatorKinds(entry)) {
      const out = runGenerator(kind, entry, pointer, g, { depth: 0, selector: entry.selector });
      if (out.failed) continue;
      total += out.params.length;
      if (total > g.limits.maxParamSetsPerApplicationSet) {
        report(g, {
          ruleId: 'render/appset-too-many-params',
          message: `the generators would produce ${total} or more parameter sets, over the limit of ${g.limits.maxParamSetsPerApplicationSet} per ApplicationSet; no Application was generated`,
          pointer,
          details: { count: total, limit: g.limits.maxParamSetsPerApplicationSet },
        });
        return undefined;
      }
      batches.push({ pointer, kind, entry, params: out.params });
    }
  }
  return batches;
}

/** Each param set through its generator's template merged over spec.template. */
function renderBatches(
  batches: ParamBatch[],
  specTemplate: Record<string, unknown>,
  g: GeneratorContext,
): GeneratedApplication[] {
  // Pass 2: render.
  const generated: GeneratedApplication[] = [];
  for (const { pointer, kind, entry, params: sets } of batches) {
    const body = entry[kind];
    const genTemplate = isRecord(body) && isRecord(body.template) ? cloneData(body.template) : {};
    // mergo.Merge(generatorTemplate, spec.template): the generator template wins where it is not empty
    const template = mergoMerge(genTemplate, cloneData(specTemplate), false);
    for (const params of sets) {
      const object = renderApplication(
        { template, generatorTemplatePointer: `${pointer}/${kind}/template` },
        params,
        g,
      );
      if (object) generated.push({ object: object as K8sObject, params: jsonSafe(params) });
    }
  }
  return generated;
}

/** `validateGeneratedApplications`: names must be non-empty and unique (first kept), projects must exist. */
function validate(apps: GeneratedApplication[], g: GeneratorContext): GeneratedApplication[] {
  const byName = new Map<string, GeneratedApplication>();
  for (const app of apps) {
    const name = app.object.metadata?.name;
    if (typeof name !== 'string' || name === '') {
      report(g, {
        ruleId: 'render/appset-empty-name',
        message: 'a generated Application has an empty name; Argo CD rejects it',
        pointer: '/spec/template/metadata/name',
        details: { params: app.params },
      });
      continue;
    }
    if (byName.has(name)) {
      report(g, {
        ruleId: 'render/appset-duplicate-name',
        message: `ApplicationSet generates more than one Application named "${name}"; Argo CD rejects the duplicates (first one kept)`,
        pointer: '/spec/template/metadata/name',
        details: { name, params: app.params },
      });
      continue;
    }
    const project = (app.object.spec as Record<string, unknown> | undefined)?.project;
    if (g.ctx.knownProjects && typeof project === 'string' && !g.ctx.knownProjects.has(project)) {
      report(g, {
        ruleId: 'render/appset-project-not-found',
        message: `generated Application "${name}" references project "${project}" which does not exist; Argo CD does not create it`,
        pointer: '/spec/template/spec/project',
        details: { name, project },
      });
      continue;
    }
    byName.set(name, app);
  }
  return [...byName.values()].sort((a, b) => {
    const x = a.object.metadata!.name!;
    const y = b.object.metadata!.name!;
    return x < y ? -1 : x > y ? 1 : 0;
  });
}
