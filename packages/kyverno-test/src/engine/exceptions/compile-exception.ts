import type { K8sObject } from '@neuroscale/core';
import type { CompileExceptionResult, CompileOptions } from '../types.js';

export function compileException(obj: K8sObject, opts: CompileOptions = {}): CompileExceptionResult {
  return {
    exception: { name: obj.metadata?.name ?? '', namespace: obj.metadata?.namespace, source: { ...opts }, internal: obj },
    findings: [],
  };
}
