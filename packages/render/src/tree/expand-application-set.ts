/**
 * Bridge to ApplicationSet expansion (src/applicationset, contract in src/applicationset/types.ts).
 * Loaded lazily so a tree without ApplicationSets never pays for the template engine.
 */
import type { K8sObject } from '@neuroscale/core';
import type { ApplicationSetContext, ApplicationSetExpansion } from '../applicationset/types.js';

export type ExpandApplicationSet = (appSet: K8sObject, context: ApplicationSetContext) => ApplicationSetExpansion | Promise<ApplicationSetExpansion>;

let loaded: Promise<ExpandApplicationSet | undefined> | undefined;

export function loadApplicationSetExpander(): Promise<ExpandApplicationSet | undefined> {
  loaded ??= import('../applicationset/index.js' as string).then(
    (m: { expandApplicationSet?: ExpandApplicationSet }) => m.expandApplicationSet,
    () => undefined,
  );
  return loaded;
}
