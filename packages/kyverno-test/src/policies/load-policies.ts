/**
 * Loading Kyverno policy YAML (ClusterPolicy, Policy, PolicyException) and compiling it with the
 * engine. A document that does not parse or compile becomes a located finding; the others still run.
 */
import { type Finding, finding, isPlainRecord as isObj, type K8sObject } from '@neuroscale/core';
import { type ClassicCelPolicy, prepareClassicCel } from '../cel/classic/prepare-classic-cel.js';
import {
  type CompiledDeletingPolicy,
  compileDeletingPolicy,
  isDeletingPolicyDocument,
} from '../cel/dpol/compile-deleting-policy.js';
import {
  type CompiledGeneratingPolicy,
  compileGeneratingPolicy,
  isGeneratingPolicyDocument,
} from '../cel/gpol/generating-policy.js';
import {
  type CompiledImageValidatingPolicy,
  compileImageValidatingPolicy,
  isImageValidatingPolicyDocument,
} from '../cel/ivpol/image-validating-policy.js';
import {
  type CompiledMutatingPolicy,
  compileMutatingPolicy,
  isMutatingPolicyDocument,
} from '../cel/mpol/mutating-policy.js';
import { compileCelException, isCelExceptionDocument } from '../cel/vpol/compile-cel-exception.js';
import {
  type CompiledValidatingPolicy,
  compileValidatingPolicy,
  isValidatingPolicyDocument,
} from '../cel/vpol/compile-validating-policy.js';
import {
  type CompiledException,
  type CompiledPolicy,
  compileException,
  compilePolicy,
} from '../engine/index.js';
import { checkExceptionReferences } from './check-exception-references.js';
import {
  compileMutatingAdmissionPolicy,
  isMutatingAdmissionPolicyBindingDocument,
  isMutatingAdmissionPolicyDocument,
} from './mutating-admission-policy.js';
import { type LoadedDocument, readYamlInputs } from './read-yaml-inputs.js';
import {
  type AdmissionPolicyInfo,
  bindingsOf,
  compileValidatingAdmissionPolicy,
  isValidatingAdmissionPolicyBindingDocument,
  isValidatingAdmissionPolicyDocument,
} from './validating-admission-policy.js';

/** A classic policy (kyverno.io ClusterPolicy/Policy) or a CEL ValidatingPolicy, MutatingPolicy, GeneratingPolicy, DeletingPolicy or ImageValidatingPolicy. */
export type AnyCompiledPolicy =
  | CompiledPolicy
  | CompiledValidatingPolicy
  | CompiledMutatingPolicy
  | CompiledGeneratingPolicy
  | CompiledDeletingPolicy
  | CompiledImageValidatingPolicy;

export function isClassicPolicy(p: AnyCompiledPolicy): p is CompiledPolicy {
  return p.kind === 'ClusterPolicy' || p.kind === 'Policy';
}

/** A MutatingPolicy, or a MutatingAdmissionPolicy compiled as one (its `admission` carries the bindings). */
export function isMutatingPolicy(p: AnyCompiledPolicy): p is CompiledMutatingPolicy {
  return (
    p.kind === 'MutatingPolicy' ||
    p.kind === 'NamespacedMutatingPolicy' ||
    p.kind === 'MutatingAdmissionPolicy'
  );
}

export function isGeneratingPolicy(p: AnyCompiledPolicy): p is CompiledGeneratingPolicy {
  return p.kind === 'GeneratingPolicy' || p.kind === 'NamespacedGeneratingPolicy';
}

export function isDeletingPolicy(p: AnyCompiledPolicy): p is CompiledDeletingPolicy {
  return p.kind === 'DeletingPolicy' || p.kind === 'NamespacedDeletingPolicy';
}

export function isImageValidatingPolicy(p: AnyCompiledPolicy): p is CompiledImageValidatingPolicy {
  return p.kind === 'ImageValidatingPolicy' || p.kind === 'NamespacedImageValidatingPolicy';
}

export function isValidatingPolicy(p: AnyCompiledPolicy): p is CompiledValidatingPolicy {
  return p.kind === 'ValidatingPolicy' || p.kind === 'NamespacedValidatingPolicy';
}

export interface PolicyAnnotations {
  title?: string;
  category?: string;
  severity?: string;
  description?: string;
}

export interface LoadedPolicy {
  policy: AnyCompiledPolicy;
  /** `validate.cel` rules of a classic policy (evaluated by src/cel over the engine's shadow responses). */
  classicCel?: ClassicCelPolicy;
  /**
   * A ValidatingAdmissionPolicy (compiled as a ValidatingPolicy) or MutatingAdmissionPolicy (compiled as a
   * MutatingPolicy): its bindings and paramKind.
   */
  admission?: AdmissionPolicyInfo;
  object: K8sObject;
  file: string;
  line: number;
  annotations: PolicyAnnotations;
}

/** A policy document of a kind the engine does not evaluate (CEL policy kinds, admission policies). */
export interface UnsupportedPolicy {
  name: string;
  kind: string;
  file: string;
  line: number;
}

/** A ClusterPolicy/Policy that failed to compile (`kyverno test` reports its rows as "Invalid Policy"). */
export interface InvalidPolicy {
  name: string;
  file: string;
  line: number;
}

export interface LoadPoliciesResult {
  policies: LoadedPolicy[];
  exceptions: CompiledException[];
  unsupported: UnsupportedPolicy[];
  invalid: InvalidPolicy[];
  findings: Finding[];
}

export interface LoadPoliciesOptions {
  /** Relative paths are resolved against this folder (default: the current directory). */
  baseDir?: string;
  /** Paths in findings are relative to this folder (default: the current directory). */
  root?: string;
  /**
   * Files (and files found in named folders, symlinks followed) whose real path is outside this
   * folder are refused with a `kyverno-test/path-escape` finding and never read. Default: `root`
   * when given (the repository), else no confinement.
   */
  confineTo?: string;
  /**
   * More files or folders of PolicyExceptions (`kyverno apply --exceptions`): only the
   * PolicyException documents (kyverno.io v2/v2beta1 and CEL policies.kyverno.io) are taken from them.
   */
  exceptions?: readonly string[];
}

// every policy kind the loader recognises is evaluated; kept for kinds found unevaluable later
const UNSUPPORTED_KINDS = new Set<string>([]);

function groupOf(apiVersion: unknown): string {
  if (typeof apiVersion !== 'string') return '';
  const i = apiVersion.indexOf('/');
  return i < 0 ? '' : apiVersion.slice(0, i);
}

function annotationsOf(obj: K8sObject): PolicyAnnotations {
  const a = obj.metadata?.annotations ?? {};
  const out: PolicyAnnotations = {};
  const pick = (k: string) => (typeof a[k] === 'string' ? a[k].trim() : undefined);
  const title = pick('policies.kyverno.io/title');
  const category = pick('policies.kyverno.io/category');
  const severity = pick('policies.kyverno.io/severity');
  const description = pick('policies.kyverno.io/description');
  if (title) out.title = title;
  if (category) out.category = category;
  if (severity) out.severity = severity;
  if (description) out.description = description;
  return out;
}

/** Compile already-read documents (shared by loadPolicies and the test runner). */
// long: one dispatch over the document kinds (classic, ValidatingPolicy, MutatingPolicy, GeneratingPolicy, exceptions)
export function compilePolicyDocuments(documents: readonly LoadedDocument[]): LoadPoliciesResult {
  const out: LoadPoliciesResult = {
    policies: [],
    exceptions: [],
    unsupported: [],
    invalid: [],
    findings: [],
  };
  const admissionPolicies: LoadedDocument[] = [];
  const bindings: K8sObject[] = [];
  const mutatingAdmissionPolicies: LoadedDocument[] = [];
  const mutatingBindings: K8sObject[] = [];
  for (const doc of documents) {
    if (!isObj(doc.value)) continue;
    const obj = doc.value as K8sObject;
    const kind = typeof obj.kind === 'string' ? obj.kind : '';
    const group = groupOf(obj.apiVersion);
    const name = typeof obj.metadata?.name === 'string' ? obj.metadata.name : '';
    const where = { file: doc.file, line: doc.line, column: doc.column };
    // a CEL ValidatingPolicy or MutatingPolicy: its findings located, the policy kept or listed as invalid
    const addCelPolicy = (compiled: {
      policy?:
        | CompiledValidatingPolicy
        | CompiledMutatingPolicy
        | CompiledGeneratingPolicy
        | CompiledDeletingPolicy
        | CompiledImageValidatingPolicy;
      findings: Finding[];
    }) => {
      out.findings.push(...compiled.findings.map((f) => locateFinding(f, doc, name, kind)));
      if (!compiled.policy) return void out.invalid.push({ name, file: doc.file, line: doc.line });
      out.policies.push({
        policy: compiled.policy,
        object: obj,
        file: doc.file,
        line: doc.line,
        annotations: annotationsOf(obj),
      });
    };
    if ((kind === 'ClusterPolicy' || kind === 'Policy') && group === 'kyverno.io') {
      let compiled: ReturnType<typeof compilePolicy>;
      let classicCel: ClassicCelPolicy | undefined;
      try {
        const prepared = prepareClassicCel(obj, { file: doc.file, line: doc.line, locate: doc.locate });
        out.findings.push(...prepared.findings);
        classicCel = prepared.cel;
        compiled = compilePolicy(prepared.shadow, { file: doc.file, line: doc.line });
      } catch (e) {
        compiled = {
          findings: [
            finding({
              ruleId: 'kyverno/invalid-policy',
              message: `policy could not be compiled: ${(e as Error).message}`,
            }),
          ],
        };
      }
      out.findings.push(...compiled.findings.map((f) => locateFinding(f, doc, name, kind)));
      if (compiled.policy) {
        out.policies.push({
          policy: compiled.policy,
          object: obj,
          file: doc.file,
          line: doc.line,
          annotations: annotationsOf(obj),
          ...(classicCel ? { classicCel } : {}),
        });
      } else {
        out.invalid.push({ name, file: doc.file, line: doc.line });
        if (!compiled.findings.length) {
          out.findings.push(
            finding({
              ruleId: 'kyverno/invalid-policy',
              message: `${kind} "${name}" could not be compiled`,
              location: where,
            }),
          );
        }
      }
    } else if (isValidatingPolicyDocument(obj)) {
      addCelPolicy(compileValidatingPolicy(obj, { file: doc.file, line: doc.line, locate: doc.locate }));
    } else if (isMutatingPolicyDocument(obj)) {
      addCelPolicy(compileMutatingPolicy(obj, { file: doc.file, line: doc.line }));
    } else if (isGeneratingPolicyDocument(obj)) {
      addCelPolicy(compileGeneratingPolicy(obj, { file: doc.file, line: doc.line }));
    } else if (isImageValidatingPolicyDocument(obj)) {
      addCelPolicy(compileImageValidatingPolicy(obj, { file: doc.file, line: doc.line }));
    } else if (isDeletingPolicyDocument(obj)) {
      addCelPolicy(compileDeletingPolicy(obj, { file: doc.file, line: doc.line, locate: doc.locate }));
    } else if (kind === 'PolicyException' && (group === 'kyverno.io' || group === 'policies.kyverno.io')) {
      compileExceptionDocument(doc, out);
    } else if (isValidatingAdmissionPolicyDocument(obj)) {
      admissionPolicies.push(doc);
    } else if (isValidatingAdmissionPolicyBindingDocument(obj)) {
      bindings.push(obj);
    } else if (isMutatingAdmissionPolicyDocument(obj)) {
      mutatingAdmissionPolicies.push(doc);
    } else if (isMutatingAdmissionPolicyBindingDocument(obj)) {
      mutatingBindings.push(obj);
    } else if (UNSUPPORTED_KINDS.has(kind)) {
      out.unsupported.push({ name, kind, file: doc.file, line: doc.line });
    }
  }
  // bindings may come in any file or order: admission policies are compiled once all are read
  for (const doc of admissionPolicies) compileAdmissionPolicyDocument(doc, bindings, out);
  for (const doc of mutatingAdmissionPolicies)
    compileMutatingAdmissionPolicyDocument(doc, mutatingBindings, out);
  return out;
}

/** One ValidatingAdmissionPolicy with its bindings, compiled into `out`. */
function compileAdmissionPolicyDocument(
  doc: LoadedDocument,
  bindings: readonly K8sObject[],
  out: LoadPoliciesResult,
): void {
  const obj = doc.value as K8sObject;
  const name = typeof obj.metadata?.name === 'string' ? obj.metadata.name : '';
  const compiled = compileValidatingAdmissionPolicy(obj, { file: doc.file, line: doc.line });
  out.findings.push(
    ...compiled.findings.map((f) => locateFinding(f, doc, name, 'ValidatingAdmissionPolicy')),
  );
  if (!compiled.policy) return void out.invalid.push({ name, file: doc.file, line: doc.line });
  out.policies.push({
    policy: compiled.policy,
    admission: { ...compiled.info, bindings: bindingsOf(name, bindings) },
    object: obj,
    file: doc.file,
    line: doc.line,
    annotations: annotationsOf(obj),
  });
}

/** One MutatingAdmissionPolicy with its bindings, compiled into `out`. */
function compileMutatingAdmissionPolicyDocument(
  doc: LoadedDocument,
  bindings: readonly K8sObject[],
  out: LoadPoliciesResult,
): void {
  const obj = doc.value as K8sObject;
  const name = typeof obj.metadata?.name === 'string' ? obj.metadata.name : '';
  const compiled = compileMutatingAdmissionPolicy(obj, bindingsOf(name, bindings), {
    file: doc.file,
    line: doc.line,
  });
  out.findings.push(...compiled.findings.map((f) => locateFinding(f, doc, name, 'MutatingAdmissionPolicy')));
  if (!compiled.policy) return void out.invalid.push({ name, file: doc.file, line: doc.line });
  out.policies.push({
    policy: compiled.policy,
    admission: compiled.info,
    object: obj,
    file: doc.file,
    line: doc.line,
    annotations: annotationsOf(obj),
  });
}

/** One PolicyException document (kyverno.io, or CEL policies.kyverno.io), compiled into `out`. */
function compileExceptionDocument(
  doc: LoadedDocument,
  out: { exceptions: CompiledException[]; findings: Finding[] },
): void {
  const obj = doc.value as K8sObject;
  const name = typeof obj.metadata?.name === 'string' ? obj.metadata.name : '';
  const options = { file: doc.file, line: doc.line };
  const compiled = isCelExceptionDocument(obj)
    ? compileCelException(obj, options)
    : compileException(obj, options);
  out.findings.push(...compiled.findings.map((f) => locateFinding(f, doc, name, 'PolicyException')));
  if (compiled.exception) out.exceptions.push(compiled.exception);
}

/** The PolicyExceptions among already-read documents (other kinds are ignored, as Kyverno's exception loader does). */
export function compileExceptionDocuments(documents: readonly LoadedDocument[]): {
  exceptions: CompiledException[];
  findings: Finding[];
} {
  const out: { exceptions: CompiledException[]; findings: Finding[] } = { exceptions: [], findings: [] };
  for (const doc of documents) {
    if (isObj(doc.value) && doc.value.kind === 'PolicyException') compileExceptionDocument(doc, out);
  }
  return out;
}

/** Give an engine finding the document's location (and name the policy) when it lacks one. */
function locateFinding(f: Finding, doc: LoadedDocument, policyName: string, kind: string): Finding {
  const out: Finding = { ...f };
  if (!out.location) out.location = { file: doc.file, line: doc.line, column: doc.column };
  else if (out.location.file === undefined || out.location.file === '')
    out.location = { ...out.location, file: doc.file };
  if (!out.location.line) out.location = { ...out.location, line: doc.line };
  if (policyName && !out.message.includes(policyName)) out.message = `policy ${policyName}: ${out.message}`;
  if (!out.object) out.object = { kind, name: policyName };
  return out;
}

/** Read and compile policies from files or folders. */
export async function loadPolicies(
  paths: readonly string[],
  options: LoadPoliciesOptions = {},
): Promise<LoadPoliciesResult> {
  const baseDir = options.baseDir ?? process.cwd();
  const confineTo = options.confineTo ?? options.root;
  const read = await readYamlInputs(paths, baseDir, {
    root: options.root ?? baseDir,
    ...(confineTo !== undefined ? { confineTo } : {}),
  });
  const compiled = compilePolicyDocuments(read.documents);
  compiled.findings.unshift(...read.findings);
  if (options.exceptions?.length) {
    const extra = await readYamlInputs(options.exceptions, baseDir, {
      root: options.root ?? baseDir,
      ...(confineTo !== undefined ? { confineTo } : {}),
    });
    const exceptions = compileExceptionDocuments(extra.documents);
    compiled.findings.push(...extra.findings, ...exceptions.findings);
    compiled.exceptions.push(...exceptions.exceptions);
  }
  compiled.findings.push(...checkExceptionReferences(compiled.exceptions, compiled));
  // apply mode: say which parts are not evaluated, so a silent policy is never mistaken for a passing one
  for (const lp of compiled.policies) {
    for (const u of lp.policy.unsupportedRules) {
      compiled.findings.push(
        finding({
          ruleId: 'kyverno/unsupported-rule',
          severity: 'info',
          message: `rule ${u.rule} of policy ${lp.policy.name} uses ${u.reason}, which is not evaluated offline`,
          object: {
            kind: lp.policy.kind,
            name: lp.policy.name,
            ...(lp.policy.namespace ? { namespace: lp.policy.namespace } : {}),
          },
          location: { file: lp.file, line: lp.line },
        }),
      );
    }
  }
  // apply mode: a DeletingPolicy selects what the cleanup controller deletes on its schedule, it has no
  // admission verdict; only `kyverno test` reads its answers
  // an ImageValidatingPolicy's verdict needs the images' registry
  for (const lp of compiled.policies) {
    if (!isDeletingPolicy(lp.policy) && !isImageValidatingPolicy(lp.policy)) continue;
    compiled.findings.push(
      finding({
        ruleId: 'kyverno/unsupported-policy-kind',
        severity: 'info',
        message: isDeletingPolicy(lp.policy)
          ? `${lp.policy.kind} ${lp.policy.name} decides scheduled deletions, not admission: it is evaluated by policy test only`
          : `${lp.policy.kind} ${lp.policy.name} is not applied: its verdicts need the images' registry (policy test decides the offline ones)`,
        object: { kind: lp.policy.kind, name: lp.policy.name },
        location: { file: lp.file, line: lp.line },
      }),
    );
  }
  for (const u of compiled.unsupported) {
    compiled.findings.push(
      finding({
        ruleId: 'kyverno/unsupported-policy-kind',
        severity: 'info',
        message: `${u.kind} ${u.name} is not evaluated (only ClusterPolicy/Policy rules and the CEL ValidatingPolicy, MutatingPolicy, GeneratingPolicy and DeletingPolicy kinds are)`,
        object: { kind: u.kind, name: u.name },
        location: { file: u.file, line: u.line },
      }),
    );
  }
  return compiled;
}
