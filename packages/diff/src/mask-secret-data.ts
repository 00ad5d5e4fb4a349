/**
 * Secrets as Argo CD shows them in a diff: `stringData` folded into `data` (base64), then every value replaced
 * by a run of `+`: per key, the first distinct value gets `++++++++`, the next one more `+`, so a reader sees
 * which keys changed but never a value. argoproj/gitops-engine pkg/diff/diff.go (`HideSecretData`,
 * `NormalizeSecret`), applied to base then head here (Argo CD: target, live, last-applied).
 */
import type { K8sObject } from '@neuroscale/core';
import { apiGroup, getOwn, isPlainRecord, setOwn } from '@neuroscale/core';

export function isSecret(obj: K8sObject | undefined): boolean {
  return obj?.kind === 'Secret' && apiGroup(obj.apiVersion) === '';
}

/** `stringData` into `data` as base64, as the API server stores it (NormalizeSecret). */
function foldStringData(obj: K8sObject): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  const raw = getOwn(obj, 'data');
  if (isPlainRecord(raw)) for (const [k, v] of Object.entries(raw)) setOwn(data, k, v);
  const stringData = getOwn(obj, 'stringData');
  if (isPlainRecord(stringData)) {
    for (const [k, v] of Object.entries(stringData)) {
      setOwn(data, k, Buffer.from(typeof v === 'string' ? v : JSON.stringify(v), 'utf8').toString('base64'));
    }
  }
  delete obj.stringData;
  return data;
}

/** Masks the data of the Secrets among the sides in place (undefined = the side has no such object). */
export function maskSecretData(sides: readonly (K8sObject | undefined)[]): void {
  const secrets = sides.filter((s): s is K8sObject => s !== undefined && isSecret(s));
  if (secrets.length === 0) return;
  const datas = secrets.map(foldStringData);
  const keys = new Set(datas.flatMap((d) => Object.keys(d)));
  for (const key of keys) {
    let next = '++++++++';
    const replacement = new Map<string, string>();
    for (const data of datas) {
      if (!Object.hasOwn(data, key)) continue;
      const value = JSON.stringify(data[key]);
      let masked = replacement.get(value);
      if (masked === undefined) {
        masked = next;
        replacement.set(value, masked);
        next += '+';
      }
      setOwn(data, key, masked);
    }
  }
  secrets.forEach((s, i) => {
    const data = datas[i] as Record<string, unknown>;
    if (Object.keys(data).length > 0) setOwn(s, 'data', data);
    else delete s.data;
  });
}
