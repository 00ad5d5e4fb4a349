/**
 * Who pays: owner, team, costCenter and env from labels, plus namespace and Argo CD Application.
 * The object's own labels win over its pod template's; `neuroscale.io/*` keys win over plain ones.
 */

import type { Manifest } from '@neuroscale/core';
import { isPlainRecord as isObject } from '@neuroscale/core';
import type { Attribution } from '../snapshot/snapshot-types.js';

export const UNATTRIBUTED = 'unattributed';

export const ATTRIBUTION_LABELS: Record<'owner' | 'team' | 'costCenter' | 'env', readonly string[]> = {
  owner: ['neuroscale.io/owner', 'owner'],
  team: ['neuroscale.io/team', 'team'],
  costCenter: ['neuroscale.io/cost-center', 'cost-center', 'costCenter'],
  env: ['neuroscale.io/env', 'env'],
};

function labelsOf(value: unknown): Record<string, unknown> {
  return isObject(value) && isObject(value.labels) ? value.labels : {};
}

function templateLabels(m: Manifest): Record<string, unknown> {
  const spec = m.object.spec;
  if (!isObject(spec)) return {};
  if (isObject(spec.template)) return labelsOf(spec.template.metadata);
  if (
    isObject(spec.jobTemplate) &&
    isObject(spec.jobTemplate.spec) &&
    isObject(spec.jobTemplate.spec.template)
  ) {
    return labelsOf(spec.jobTemplate.spec.template.metadata);
  }
  return {};
}

export function attributeWorkload(m: Manifest, namespace: string): Attribution {
  const sources = [labelsOf(m.object.metadata), templateLabels(m)];
  const pick = (keys: readonly string[]): string => {
    for (const labels of sources) {
      for (const k of keys) {
        const v = labels[k];
        if (typeof v === 'string' && v.trim() !== '') return v.trim();
      }
    }
    return UNATTRIBUTED;
  };
  return {
    owner: pick(ATTRIBUTION_LABELS.owner),
    team: pick(ATTRIBUTION_LABELS.team),
    costCenter: pick(ATTRIBUTION_LABELS.costCenter),
    env: pick(ATTRIBUTION_LABELS.env),
    namespace,
    app: m.source.apps.at(-1) ?? UNATTRIBUTED,
  };
}
