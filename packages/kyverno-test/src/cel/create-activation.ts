/**
 * The activation a MutatingPolicy, MutatingAdmissionPolicy or GeneratingPolicy evaluates against for one
 * resource: a CREATE admission request (object, no oldObject), its namespace object, the Kyverno libraries
 * bound to the test's context, empty exception allowances (kyverno pkg/cel/policies/{mpol,gpol}/engine
 * build the same) and `params` (a MutatingAdmissionPolicy binding's, else null).
 */
import type { K8sObject } from '@neuroscale/core';
import { admissionRequest, celObject, factsOf } from './activation.js';
import { type CelEvaluationContext, libraryActivation, namespaceObjectOf } from './cel-context.js';

export function createActivation(resource: K8sObject, ctx: CelEvaluationContext): Record<string, unknown> {
  const facts = factsOf(resource);
  const a: Record<string, unknown> = Object.create(libraryActivation(ctx.celContext));
  a.object = celObject(resource);
  a.oldObject = null;
  const ns = facts.namespace ? namespaceObjectOf(ctx, facts.namespace) : undefined;
  a.namespaceObject = ns ? celObject(ns) : null;
  a.request = admissionRequest({
    facts,
    resource: `${facts.kind.toLowerCase()}s`,
    operation: 'CREATE',
    object: a.object,
    oldObject: null,
    userInfo: ctx.userInfo,
  });
  a.exceptions = { allowedImages: [], allowedValues: [] };
  // a MutatingAdmissionPolicy's params (its binding's paramRef); null for every other policy
  a.params =
    ctx.admissionParams === undefined || ctx.admissionParams === null
      ? null
      : celObject(ctx.admissionParams as K8sObject);
  return a;
}
