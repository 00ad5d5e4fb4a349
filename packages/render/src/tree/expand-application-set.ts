/**
 * Bridge to ApplicationSet expansion (src/applicationset, contract in src/applicationset/types.ts).
 */
import type { K8sObject } from '@neuroscale/core';
import { expandApplicationSet } from '../applicationset/index.js';
import type { ApplicationSetContext, ApplicationSetExpansion } from '../applicationset/types.js';

export type ExpandApplicationSet = (
  appSet: K8sObject,
  context: ApplicationSetContext,
) => ApplicationSetExpansion | Promise<ApplicationSetExpansion>;

export function loadApplicationSetExpander(): ExpandApplicationSet {
  return expandApplicationSet;
}
