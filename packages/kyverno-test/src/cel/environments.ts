/**
 * The CEL environments Kyverno composes (kyverno 497e091):
 * - ValidatingPolicy: Kubernetes base env + cel-go extensions + Kyverno SDK libraries, variables
 *   object, oldObject, request, namespaceObject, variables, exceptions and the library variables;
 * - classic `validate.cel`: the Kubernetes VAP env — no Kyverno libraries — with params and authorizer.
 * Built once per process (environment construction registers a few hundred overloads).
 */
import { CelEnvironment, type CelLibrary } from './adapter/index.js';
import { celGoEncoders, celGoLists, celGoMath, celGoSets } from './libraries/cel-go-collections.js';
import { celGoConversions } from './libraries/cel-go-conversions.js';
import { celGoRegex } from './libraries/cel-go-regex.js';
import { celGoStrings } from './libraries/cel-go-strings.js';
import { kubernetesLibraries } from './libraries/kubernetes.js';
import { kyvernoContextLibrary } from './libraries/kyverno-context.js';
import { kyvernoImage } from './libraries/kyverno-image.js';
import { kyvernoPure } from './libraries/kyverno-pure.js';

/** The Kubernetes base environment and the cel-go extensions every Kyverno environment starts from. */
export const BASE_LIBRARIES: readonly CelLibrary[] = [
  celGoConversions,
  celGoStrings,
  celGoLists,
  celGoSets,
  celGoEncoders,
  celGoMath,
  ...kubernetesLibraries,
];

/**
 * What Kyverno's own environment adds to the Kubernetes base (kyverno v1.19.1 pkg/cel/compiler/env.go):
 * cel-go's `regex` extension. Not in the Kubernetes environments (classic `validate.cel`, VAP, MAP).
 */
const KYVERNO_BASE_LIBRARIES: readonly CelLibrary[] = [...BASE_LIBRARIES, celGoRegex];

let vpol: CelEnvironment | undefined;
let nvpol: CelEnvironment | undefined;
let classic: CelEnvironment | undefined;

const VPOL_VARIABLES = ['object', 'oldObject', 'request', 'namespaceObject', 'variables', 'exceptions'];

export function validatingPolicyEnvironment(namespaced = false): CelEnvironment {
  if (namespaced) {
    nvpol ??= new CelEnvironment({
      variables: VPOL_VARIABLES,
      libraries: [
        ...KYVERNO_BASE_LIBRARIES,
        kyvernoContextLibrary({ namespaced: true }),
        kyvernoImage,
        kyvernoPure,
      ],
    });
    return nvpol;
  }
  vpol ??= new CelEnvironment({
    variables: VPOL_VARIABLES,
    libraries: [...KYVERNO_BASE_LIBRARIES, kyvernoContextLibrary(), kyvernoImage, kyvernoPure],
  });
  return vpol;
}

/** The message of every image-verification call evaluated offline (see imageVerificationEnvironment). */
export const REGISTRY_REQUIRED = 'reads the image registry, which is not done offline';

/**
 * The functions an ImageValidatingPolicy adds (kyverno v1.19.1 pkg/cel/libs/imageverify/lib.go): declared
 * with Kyverno's signatures so policies compile, and every call stops the evaluation with REGISTRY_REQUIRED
 * (they fetch signatures, attestations and manifests).
 */
const imageVerifyLibrary: CelLibrary = {
  name: 'kyverno imageverify (offline)',
  install(b) {
    const offline = (fn: string) => () => {
      throw new Error(`${fn} ${REGISTRY_REQUIRED}`);
    };
    b.fn('verifyImageSignatures(string, list<dyn>): int', offline('verifyImageSignatures'));
    b.fn(
      'verifyAttestationSignatures(string, string, list<dyn>): int',
      offline('verifyAttestationSignatures'),
    );
    b.fn('getImageData(string): dyn', offline('getImageData'));
    b.fn('extractPayload(string, string): dyn', offline('extractPayload'));
  },
};

let ivpol: CelEnvironment | undefined;
let nivpol: CelEnvironment | undefined;

/**
 * ImageValidatingPolicy validations (kyverno v1.19.1 pkg/image/verification/evaluator/compiler.go
 * createBaseIvpolEnv): the ValidatingPolicy variables plus `images`, `attestors` and `attestations`, and
 * the image-verification functions.
 */
export function imageVerificationEnvironment(namespaced = false): CelEnvironment {
  const make = () =>
    new CelEnvironment({
      variables: [...VPOL_VARIABLES, 'images', 'attestors', 'attestations'],
      libraries: [
        ...BASE_LIBRARIES,
        kyvernoContextLibrary(namespaced ? { namespaced: true } : {}),
        kyvernoImage,
        kyvernoPure,
        imageVerifyLibrary,
      ],
    });
  if (namespaced) {
    nivpol ??= make();
    return nivpol;
  }
  ivpol ??= make();
  return ivpol;
}

let matchImage: CelEnvironment | undefined;

/** `matchImageReferences[].expression` (kyverno v1.19.1 pkg/cel/compiler NewMatchImageEnv): `ref` only. */
export function matchImageEnvironment(): CelEnvironment {
  matchImage ??= new CelEnvironment({ variables: ['ref'], libraries: [...BASE_LIBRARIES] });
  return matchImage;
}

let mpol: CelEnvironment | undefined;
let nmpol: CelEnvironment | undefined;

/**
 * `jsonpatch.escapeKey` of the Kubernetes MutatingAdmissionPolicy library (k8s.io/apiserver
 * pkg/cel/library/jsonpatch.go): `~` → `~0`, `/` → `~1`.
 */
const jsonPatchLibrary: CelLibrary = {
  name: 'kubernetes jsonpatch',
  install(b) {
    b.namespace('jsonpatch', 'JsonPatchNamespace');
    b.fn('JsonPatchNamespace.escapeKey(string): string', (_: unknown, s: string) =>
      s.replace(/~/g, '~0').replace(/\//g, '~1'),
    );
  },
};

/** MutatingPolicy: the ValidatingPolicy environment plus the JSONPatch functions mutations use. */
export function mutatingPolicyEnvironment(namespaced = false): CelEnvironment {
  if (namespaced) {
    nmpol ??= new CelEnvironment({
      variables: VPOL_VARIABLES,
      libraries: [
        ...KYVERNO_BASE_LIBRARIES,
        kyvernoContextLibrary({ namespaced: true }),
        kyvernoImage,
        kyvernoPure,
        jsonPatchLibrary,
      ],
    });
    return nmpol;
  }
  mpol ??= new CelEnvironment({
    variables: VPOL_VARIABLES,
    libraries: [
      ...KYVERNO_BASE_LIBRARIES,
      kyvernoContextLibrary(),
      kyvernoImage,
      kyvernoPure,
      jsonPatchLibrary,
    ],
  });
  return mpol;
}

/**
 * `generator` of a GeneratingPolicy (kyverno sdk extensions/cel/libs/generator, lib.go as pinned by
 * kyverno v1.19.1 go.mod): a GeneratingPolicy has `Apply(namespace, [objects])`, a
 * NamespacedGeneratingPolicy only `Apply([objects])` (its own namespace is used); each also under the
 * camel-case name `apply` (library version >= 1.18, and the compiler uses the latest). The call records
 * the objects to create and answers `true` (`types.True`), so `list.all(ns, generator.apply(ns, objs))`
 * applies to every element. One instance per evaluation collects the calls.
 */
export class GeneratorContext {
  readonly calls: Array<{ namespace?: string; objects: readonly unknown[] }> = [];
}

function generatorLibrary(namespaced: boolean): CelLibrary {
  return {
    name: namespaced ? 'kyverno generator (namespaced)' : 'kyverno generator',
    install(b) {
      b.type('GeneratorContext', GeneratorContext).variable('generator', 'GeneratorContext');
      for (const name of ['Apply', 'apply']) {
        if (namespaced)
          b.fn(
            `GeneratorContext.${name}(list<map<string, dyn>>): bool`,
            (g: GeneratorContext, objects: readonly unknown[]) => {
              g.calls.push({ objects });
              return true;
            },
          );
        else
          b.fn(
            `GeneratorContext.${name}(string, list<map<string, dyn>>): bool`,
            (g: GeneratorContext, namespace: string, objects: readonly unknown[]) => {
              g.calls.push({ namespace, objects });
              return true;
            },
          );
      }
    },
  };
}

let gpol: CelEnvironment | undefined;
let ngpol: CelEnvironment | undefined;

/** GeneratingPolicy: the ValidatingPolicy environment plus `generator`. */
export function generatingPolicyEnvironment(namespaced = false): CelEnvironment {
  const make = () =>
    new CelEnvironment({
      variables: VPOL_VARIABLES,
      libraries: [
        ...KYVERNO_BASE_LIBRARIES,
        kyvernoContextLibrary(namespaced ? { namespaced: true } : {}),
        kyvernoImage,
        kyvernoPure,
        generatorLibrary(namespaced),
      ],
    });
  if (namespaced) {
    ngpol ??= make();
    return ngpol;
  }
  gpol ??= make();
  return gpol;
}

export function classicCelEnvironment(): CelEnvironment {
  classic ??= new CelEnvironment({
    variables: ['object', 'oldObject', 'request', 'params', 'namespaceObject', 'variables'],
    libraries: [...BASE_LIBRARIES, authorizerLibrary],
  });
  return classic;
}

const vap = new Map<boolean, CelEnvironment>();

/**
 * ValidatingAdmissionPolicy: the Kubernetes VAP environment kyverno compiles them in (kyverno v1.19.1
 * pkg/admissionpolicy/compiler.go over k8s.io/apiserver plugin/cel, validate.go `validateResource`:
 * `OptionalVariableDeclarations{HasParams: paramKind != nil, HasAuthorizer: false}`): no Kyverno
 * libraries, `params` declared only when the policy has a paramKind, no `authorizer` (an expression
 * reading either does not compile, so it errors where it is evaluated); `exceptions` only because the
 * shared ValidatingPolicy evaluator always binds it.
 */
export function validatingAdmissionPolicyEnvironment(opts: { params: boolean }): CelEnvironment {
  let env = vap.get(opts.params);
  if (env === undefined) {
    env = new CelEnvironment({
      variables: [
        'object',
        'oldObject',
        'request',
        ...(opts.params ? ['params'] : []),
        'namespaceObject',
        'variables',
        'exceptions',
      ],
      libraries: [...BASE_LIBRARIES],
    });
    vap.set(opts.params, env);
  }
  return env;
}

let map: CelEnvironment | undefined;

/**
 * MutatingAdmissionPolicy: the Kubernetes MAP environment kyverno compiles them in (kyverno
 * pkg/admissionpolicy/compiler.go over k8s.io/apiserver plugin/cel with `HasPatchTypes`): the VAP
 * environment (no Kyverno libraries, `params`) plus the JSONPatch library mutations use.
 */
export function mutatingAdmissionPolicyEnvironment(): CelEnvironment {
  map ??= new CelEnvironment({
    variables: ['object', 'oldObject', 'request', 'params', 'namespaceObject', 'variables', 'exceptions'],
    libraries: [...BASE_LIBRARIES, authorizerLibrary, jsonPatchLibrary],
  });
  return map;
}

/** `authorizer` (RBAC checks against the live API server): declared, every call reported unsupported offline. */
class Authorizer {}
const authorizerLibrary: CelLibrary = {
  name: 'kubernetes authz',
  install(b) {
    b.type('Authorizer', Authorizer).variable('authorizer', 'Authorizer');
    const offline = () => {
      throw new Error('authorizer checks need the live API server and are not evaluated offline');
    };
    for (const sig of [
      'Authorizer.path(string): dyn',
      'Authorizer.group(string): dyn',
      'Authorizer.serviceAccount(string, string): dyn',
      'Authorizer.requestResource(): dyn',
    ]) {
      b.fn(sig, offline);
    }
  },
};

export function authorizerValue(): unknown {
  return new Authorizer();
}
