/**
 * List generator (`applicationset/generators/list.go`): flat mode requires string values (`values` map → `values.k`);
 * Go mode uses each element verbatim; `elementsYaml` is appended as-is in both modes.
 */
import { cloneData, loadYaml, setOwn } from '@neuroscale/core';
import {
  FAILED,
  type GeneratorContext,
  type GeneratorOutput,
  isRecord,
  ok,
  type ParamSet,
  report,
  tooManyParams,
} from './generator-context.js';

// long: one loop over the list generator's elements, mirroring Argo CD's list.go
export function listGenerator(
  list: Record<string, unknown>,
  pointer: string,
  g: GeneratorContext,
): GeneratorOutput {
  const out: ParamSet[] = [];
  const elements = Array.isArray(list.elements) ? list.elements : [];
  if (tooManyParams(g, elements.length, `${pointer}/elements`, 'list generator')) return FAILED;
  for (let i = 0; i < elements.length; i++) {
    const el = elements[i];
    const ptr = `${pointer}/elements/${i}`;
    if (!isRecord(el)) {
      report(g, {
        ruleId: 'render/appset-generator-error',
        message: `list element ${i} is not an object: error unmarshling list element`,
        pointer: ptr,
      });
      return FAILED;
    }
    if (g.mode.goTemplate) {
      out.push(cloneData(el));
      continue;
    }
    const params: ParamSet = {};
    for (const [k, v] of Object.entries(el)) {
      if (k === 'values') {
        if (!isRecord(v)) {
          report(g, {
            ruleId: 'render/appset-generator-error',
            message: `list element ${i}: error parsing values map (values must be a map of strings)`,
            pointer: `${ptr}/values`,
          });
          return FAILED;
        }
        for (const [vk, vv] of Object.entries(v)) {
          if (typeof vv !== 'string') {
            report(g, {
              ruleId: 'render/appset-generator-error',
              message: `list element ${i}: values.${vk} is not a string: error parsing value as string (flat mode requires string values; quote it or use goTemplate: true)`,
              pointer: `${ptr}/values/${vk}`,
            });
            return FAILED;
          }
          setOwn(params, `values.${vk}`, vv);
        }
      } else if (typeof v !== 'string') {
        report(g, {
          ruleId: 'render/appset-generator-error',
          message: `list element ${i}: ${k} is not a string: error parsing value as string (flat mode requires string values; quote it or use goTemplate: true)`,
          pointer: `${ptr}/${k}`,
        });
        return FAILED;
      } else {
        setOwn(params, k, v);
      }
    }
    out.push(params);
  }
  if (typeof list.elementsYaml === 'string' && list.elementsYaml.length > 0) {
    const { documents, findings } = loadYaml(list.elementsYaml, { file: g.ctx.location.file });
    const value = documents[0]?.value;
    if (
      findings.some((f) => f.severity === 'error') ||
      (value !== undefined && value !== null && !Array.isArray(value))
    ) {
      report(g, {
        ruleId: 'render/appset-generator-error',
        message: `error unmarshling decoded ElementsYaml: expected a YAML list of objects${findings[0] ? ` (${findings[0].message})` : ''}`,
        pointer: `${pointer}/elementsYaml`,
      });
      return FAILED;
    }
    const extra = (value as unknown[] | undefined) ?? [];
    if (tooManyParams(g, out.length + extra.length, `${pointer}/elementsYaml`, 'list generator'))
      return FAILED;
    for (const el of extra) {
      if (!isRecord(el)) {
        report(g, {
          ruleId: 'render/appset-generator-error',
          message: 'error unmarshling decoded ElementsYaml: every element must be an object',
          pointer: `${pointer}/elementsYaml`,
        });
        return FAILED;
      }
      out.push(el);
    }
  }
  return ok(out);
}
