/**
 * Findings about an object admission changed or created say so: a generated object is not in the pull
 * request, and a mutated one differs from what it shows. The note names the rules (and, for a generated
 * object, the trigger object and its source line, where the finding is located).
 */
import {
  apiGroup,
  describeObject,
  type Finding,
  type Manifest,
  type ObjectRef,
  objectRef,
} from '@neuroscale/core';

const refKey = (r: ObjectRef) =>
  `${apiGroup(r.apiVersion)}/${r.kind ?? ''}/${r.namespace ?? ''}/${r.name ?? ''}`;

/** The sentence appended to a finding on `m`; undefined for an object admission did not touch. */
export function admissionNote(m: Manifest): string | undefined {
  const a = m.source.admission;
  if (a?.generatedBy) {
    const g = a.generatedBy;
    return `a generated object, not in the repository: generate rule ${g.rule} of policy ${g.policy} creates it at admission of ${describeObject(g.trigger)} (${m.source.file}:${m.source.line})`;
  }
  if (a?.mutatedBy?.length) return `in the admitted object, after mutate rule(s) ${a.mutatedBy.join(', ')}`;
  return undefined;
}

export interface AnnotateOptions {
  /** Only generated objects, or mutated ones too. */
  which: 'generated' | 'changed';
  /**
   * Match a finding by the object's identity and its source line too (a generated object's findings are
   * located at its trigger's line), so a rendered object of the same name keeps its findings as they
   * are; without it, by identity only (for findings of a run over the changed objects alone).
   */
  matchLine: boolean;
}

/** `findings` with the admission note on each one about an object of `admitted` that admission changed. */
export function annotateAdmittedFindings(
  findings: readonly Finding[],
  admitted: readonly Manifest[],
  options: AnnotateOptions,
): Finding[] {
  const key = (ref: ObjectRef, file: string, line: number | undefined) =>
    options.matchLine ? `${refKey(ref)}\u0000${file}\u0000${line ?? 0}` : refKey(ref);
  const byKey = new Map<string, Manifest>();
  for (const m of admitted) {
    const a = m.source.admission;
    if (!a || (options.which === 'generated' && !a.generatedBy)) continue;
    byKey.set(key(objectRef(m.object), m.source.file, m.source.line), m);
  }
  if (byKey.size === 0) return [...findings];
  return findings.map((f) => {
    if (!f.object || !f.location) return f;
    const m = byKey.get(key(f.object, f.location.file, f.location.line));
    const note = m && admissionNote(m);
    if (!m || !note) return f;
    return {
      ...f,
      message: `${f.message} (${note})`,
      details: { ...f.details, admission: m.source.admission },
    };
  });
}
