/**
 * One ajv instance per Kubernetes version: the strict definitions document is added once
 * (`k8s#/definitions/…`) and each kind is compiled lazily as `{ $ref }` into it, so shared
 * definitions (ObjectMeta, PodSpec…) are generated once. CRD schemas compile into the same
 * instance, which lets their `metadata` reference the real ObjectMeta.
 */
import { createRequire } from 'node:module';
import type { Ajv } from 'ajv';
import type { KubernetesSchemaData } from '../data/generated-data.js';
import { FORMATS_MODULE_ID } from './compile-cache.js';
import { KUBERNETES_FORMATS } from './kubernetes-formats.js';

export const K8S_SCHEMA_ID = 'k8s';

export function definitionRef(definition: string): string {
  return `${K8S_SCHEMA_ID}#/definitions/${definition}`;
}

// ajv itself is loaded on the first compile (synchronously, CommonJS): a run whose validators all come
// from the compile cache never loads it.
type AjvModule = typeof import('ajv');
let ajvModule: AjvModule | undefined;
const loadAjv = (): AjvModule => {
  ajvModule ??= createRequire(import.meta.url)('ajv') as AjvModule;
  return ajvModule;
};

export function createKubernetesAjv(data: KubernetesSchemaData, options: { source?: boolean } = {}): Ajv {
  const { Ajv, _ } = loadAjv();
  const ajv = new Ajv({
    strict: false,
    allErrors: true,
    logger: false,
    validateFormats: true,
    // inline only small referenced schemas: big shared ones (PodSpec…) compile once as functions
    inlineRefs: 8,
    code: options.source ? { source: true, formats: _`require(${FORMATS_MODULE_ID})` } : {},
  });
  for (const [name, format] of Object.entries(KUBERNETES_FORMATS)) ajv.addFormat(name, format);
  ajv.addSchema({ $id: K8S_SCHEMA_ID, definitions: data.definitions });
  return ajv;
}
