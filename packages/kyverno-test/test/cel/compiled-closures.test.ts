import { describe, expect, it } from 'vitest';
import { CelEnvironment, type CelLibrary, fromCel, toCel } from '../../src/cel/adapter/index.js';
import { BASE_LIBRARIES } from '../../src/cel/environments.js';
import { kyvernoPure } from '../../src/cel/libraries/kyverno-pure.js';

/**
 * The closure compiler (src/cel/adapter/compile-closures.ts) against the library's own interpreter:
 * every expression gives the same value, or fails with the same message, either way.
 */
const LIBRARIES: CelLibrary[] = [...BASE_LIBRARIES, kyvernoPure];
const VARIABLES = ['object', 'oldObject', 'variables'];
const compiled = new CelEnvironment({ libraries: LIBRARIES, variables: VARIABLES });
const reference = new CelEnvironment({ libraries: LIBRARIES, variables: VARIABLES, closures: false });

const pod = {
  kind: 'Pod',
  metadata: { name: 'web', labels: { app: 'web', 'neuroscale.io/env': 'prod' } },
  spec: {
    replicas: 3,
    ratio: 1.5,
    hostNetwork: false,
    containers: [
      {
        name: 'a',
        image: 'ghcr.io/neuroscale/app:1.2',
        securityContext: { runAsNonRoot: true, capabilities: { drop: ['ALL'] } },
        resources: { requests: { cpu: '250m', memory: '512Mi' }, limits: { cpu: 1 } },
      },
      { name: 'b', image: 'docker.io/library/app:latest', securityContext: { privileged: true } },
    ],
    volumes: [],
  },
};

type Outcome = { value: unknown } | { error: string };

function outcome(env: CelEnvironment, expr: string, activation: Record<string, unknown>): Outcome {
  const c = env.compile(expr);
  if (!c.ok) return { error: c.error };
  try {
    return { value: fromCel(c.program.evaluate(activation)) };
  } catch (e) {
    return { error: `${(e as Error).name}: ${(e as Error).message}` };
  }
}

function activation(): Record<string, unknown> {
  const object = toCel(pod);
  // variables as the policies' lazy variables look to CEL: own accessor properties
  const variables = Object.defineProperties(
    {},
    {
      images: { enumerable: true, get: () => ['ghcr.io/neuroscale/app:1.2', 'docker.io/library/app:latest'] },
      broken: {
        enumerable: true,
        get: () => {
          throw new Error('variables[1].expression: no such key: x');
        },
      },
    },
  );
  return { object, oldObject: null, variables };
}

function same(expr: string): Outcome {
  const a = outcome(compiled, expr, activation());
  const b = outcome(reference, expr, activation());
  expect(a, expr).toEqual(b);
  return a;
}

const EXPRESSIONS = [
  // the benchmark's and the pack's shapes
  'object.spec.containers.all(c, !c.?securityContext.?privileged.orValue(false))',
  '!object.spec.?hostNetwork.orValue(false)',
  "object.spec.containers.all(c, c.image.contains(':') && !c.image.endsWith(':latest'))",
  "object.spec.containers.all(c, c.?securityContext.?capabilities.?drop.orValue([]).exists(d, d.upperAscii() == 'ALL'))",
  "variables.images.all(i, i.matches('^(ghcr\\\\.io/neuroscale|registry\\\\.k8s\\\\.io)/'))",
  "'images must come from an approved registry: ' + variables.images.join(', ')",
  'object.spec.containers.all(c, has(c.readinessProbe))',
  "object.spec.containers.all(c, ['requests', 'limits'].all(kind, ['cpu', 'memory'].all(r, string(c.?resources[?kind][?r].orValue('')) != '')))",
  "!(object.metadata.name in ['kube-system', 'web'])",
  "object.kind == 'CronJob' ? object.spec.jobTemplate : object.metadata.?labels.orValue({})",
  "['neuroscale.io/owner', 'app'].all(k, object.metadata.labels[?k].orValue('') != '')",
  // comprehensions: map, filter, exists_one, over maps, errors inside quantifiers
  'object.spec.containers.map(c, c.name)',
  "object.spec.containers.map(c, c.name == 'a', c.image)",
  'object.spec.containers.filter(c, has(c.securityContext.privileged)).size()',
  "object.spec.containers.exists_one(c, c.name == 'b')",
  "object.metadata.labels.all(k, k.startsWith('app') || k.contains('/'))",
  'object.metadata.labels.map(k, object.metadata.labels[k])',
  'object.spec.containers.all(c, c.securityContext.privileged)',
  'object.spec.containers.exists(c, c.securityContext.privileged)',
  'object.spec.containers.exists(c, c.missing == 1)',
  'object.spec.containers.all(c, c.missing == 1)',
  'object.spec.containers.exists_one(c, c.missing)',
  'object.spec.replicas.all(x, true)',
  '[1, 2, 3].map(x, x * 2).filter(y, y > 2)',
  '[[1, 2], [3]].map(l, l.map(x, x + 1))',
  // dyn method calls, one call site seeing repeated and changing runtime types (the inline cache)
  "[dyn('ab'), dyn('cd'), dyn([1, 2, 3]), dyn({'a': 1}), dyn('ef'), dyn(b'xyz')].map(x, x.size())",
  "['ab', 'cd', 'ef'].map(x, dyn(x).contains('d'))",
  "[dyn('ab'), dyn('cd'), dyn(1), dyn('ef')].map(x, x.contains('d'))",
  "['abcdefg', 'abcdefg', 'ab'].map(x, dyn(x).charAt(5))",
  "[dyn(1), dyn(2), dyn('a')].map(x, 'abc'.contains(x))",
  'object.spec.containers.map(c, c.?securityContext.orValue({}).size())',
  // logical operators with errors and non-bool operands
  'object.spec.missing || true',
  'object.spec.missing && false',
  'true || object.spec.missing',
  'false || object.spec.missing',
  'object.spec.missing || false',
  'object.spec.replicas || true',
  'dyn(object.spec.replicas) && true',
  'true && dyn(object.spec.replicas)',
  'false && dyn(object.spec.replicas)',
  'dyn(1) ? 1 : 2',
  "object.spec.hostNetwork ? 'yes' : 'no'",
  // field access, indexes, optionals, arithmetic, overloads, functions
  'object.spec.containers[1].image',
  'object.spec.containers[5].image',
  'object.spec.containers[-1]',
  'object.spec.containers[?5].orValue(null)',
  'object.spec.containers[0].resources.limits.cpu + 1',
  'object.spec.containers[0].resources.limits.cpu / 0',
  'object.spec.replicas * object.spec.ratio',
  'object.spec.ratio * 2.0',
  '-object.spec.replicas',
  '!object.spec.replicas',
  'object.metadata.name + 1',
  'object.spec.containers.size() + object.spec.volumes.size()',
  "size(object.metadata.name) == 3 && 'web' in object.metadata.labels",
  "object.metadata.labels['app']",
  "object.metadata.labels['nope']",
  "object.metadata.?annotations['x'].hasValue()",
  'object.metadata.name.matches(object.spec.containers[0].name)',
  "object.metadata.name.matches('(')",
  "matches(object.metadata.name, 'w.b')",
  "object.spec.containers.map(c, c.image).join(',').split(',').size()",
  "'%s has %d containers'.format([object.metadata.name, object.spec.containers.size()])",
  "quantity(string(object.spec.containers[0].resources.requests.cpu)).isLessThan(quantity('1'))",
  'variables.broken.size()',
  'has(variables.images)',
  'variables.images.size()',
  "{'a': object.spec.replicas, 'b': [object.metadata.name]}",
  '{}.size() + [].size()',
  'type(object.spec.replicas) == int',
  'int(object.spec.ratio) + uint(1)',
  "timestamp('2024-01-01T00:00:00Z') + duration('1h') > timestamp('2024-01-01T00:30:00Z')",
  'cel.bind(x, object.spec.replicas, x * x)',
  'optional.of(object.spec.replicas).orValue(0) + optional.none().orValue(1)',
  'object.spec.containers[0].?image.orValue(1)',
  'object.spec.?containers.orValue([]).size()',
  'object.spec.missing.orValue(1)',
  'object.nope',
  // equality on dyn operands of every primitive pair, and mixed ones
  "object.metadata.name == 'web' && object.metadata.name != 'x'",
  'object.spec.replicas == 3 && object.spec.replicas != 4 && object.spec.ratio == 1.5',
  'object.spec.hostNetwork == false && object.spec.hostNetwork != true',
  'object.spec.replicas == 3.0',
  'object.spec.replicas == object.spec.ratio',
  "object.spec.replicas == 'three'",
  'object.spec.containers == object.spec.containers',
  'object.metadata.labels != {}',
  'object.spec.missing == null',
  'dyn(null) == null',
];

describe('CEL closure compiler: same values and errors as the library interpreter', () => {
  it.each(EXPRESSIONS)('%s', (expr) => {
    same(expr);
  });

  it('every expression above is compiled (none left to the library), the reference is not', () => {
    for (const expr of EXPRESSIONS) {
      const c = compiled.compile(expr);
      // the library declares optional.none() possibly asynchronous: such a tree stays with the library
      if (c.ok) expect(c.program.closures, expr).toBe(!expr.includes('optional.none()'));
      const r = reference.compile(expr);
      if (r.ok) expect(r.program.closures, expr).toBe(false);
    }
  });

  it('the compiled form really evaluates (values, and errors with their messages)', () => {
    expect(same('object.spec.containers.map(c, c.name)')).toEqual({ value: ['a', 'b'] });
    expect(same('object.spec.containers.all(c, c.securityContext.privileged)')).toEqual({
      error: expect.stringContaining('No such key: privileged'),
    });
    expect(same('object.spec.replicas || true')).toEqual({ value: true });
    expect(same('dyn(object.spec.replicas) && true')).toEqual({
      error: expect.stringContaining("Logical operator requires bool operands, got 'int'"),
    });
  });

  it('fuzz: random expressions built from the pieces above agree', () => {
    let seed = 16;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const atoms = [
      'object.spec.replicas',
      'object.spec.ratio',
      'object.metadata.name',
      'object.spec.containers',
      'object.spec.containers[0]',
      'object.metadata.labels',
      'object.spec.hostNetwork',
      'object.spec.missing',
      'variables.images',
      'variables.broken',
      'true',
      'false',
      '1',
      '2.5',
      "'a'",
      'null',
      '[]',
      '{}',
      "['x', 1]",
    ];
    const forms = [
      (a: string, b: string) => `${a} || ${b}`,
      (a: string, b: string) => `${a} && ${b}`,
      (a: string, b: string) => `${a} == ${b}`,
      (a: string, b: string) => `${a} + ${b}`,
      (a: string, b: string) => `${a} < ${b}`,
      (a: string, b: string) => `${a} in ${b}`,
      (a: string, b: string) => `(${a}) ? ${b} : ${a}`,
      (a: string) => `!${a}`,
      (a: string) => `-${a}`,
      (a: string) => `${a}.size()`,
      (a: string) => `${a}[0]`,
      (a: string) => `${a}.?name.orValue(1)`,
      (a: string, b: string) => `${a}.all(x, ${b})`,
      (a: string, b: string) => `${a}.exists(x, x == ${b})`,
      (a: string, b: string) => `${a}.map(x, ${b})`,
      (a: string) => `${a}.filter(x, x)`,
      (a: string) => `has(${a}.name)`,
      (a: string) => `string(${a})`,
      (a: string) => `dyn(${a})`,
    ];
    const gen = (depth: number): string => {
      if (depth === 0 || rnd(3) === 0) return atoms[rnd(atoms.length)] as string;
      const f = forms[rnd(forms.length)] as (a: string, b: string) => string;
      return f(gen(depth - 1), gen(depth - 1));
    };
    const kinds = { value: 0, compile: 0, runtime: 0 };
    for (let i = 0; i < 600; i++) {
      const o = same(gen(4));
      if ('value' in o) kinds.value++;
      else if (o.error.startsWith('compilation failed')) kinds.compile++;
      else kinds.runtime++;
    }
    // the generator reaches evaluation, values and runtime errors alike (not only type errors)
    expect(kinds.value).toBeGreaterThan(100);
    expect(kinds.runtime).toBeGreaterThan(50);
  });
});
