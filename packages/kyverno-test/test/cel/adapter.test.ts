import { describe, expect, it } from 'vitest';
import { CelEnvironment, CelEvaluationError, fromCel, toCel } from '../../src/cel/adapter/index.js';

const env = new CelEnvironment({ libraries: [], variables: ['object', 'variables'] });

function run(expr: string, object: unknown = {}, limits = {}): unknown {
  const c = env.compile(expr);
  if (!c.ok) throw new Error(c.error);
  return c.program.evaluate({ object: toCel(object), variables: {} }, limits);
}

const pod = {
  spec: {
    replicas: 3,
    ratio: 1.5,
    whole: 2.0,
    containers: [
      { name: 'a', image: 'nginx', resources: { limits: { cpu: '1' } } },
      { name: 'b', image: 'redis' },
    ],
  },
  metadata: { labels: { app: 'x' } },
};

describe('CEL adapter: values', () => {
  it('integers (and whole-number floats, as sigs.k8s.io/yaml) enter CEL as int', () => {
    expect(run('object.spec.replicas + 1', pod)).toBe(4n);
    expect(run('type(object.spec.replicas) == int', pod)).toBe(true);
    expect(run('type(object.spec.whole) == int', pod)).toBe(true);
    expect(run('type(object.spec.ratio) == double', pod)).toBe(true);
  });
  it('fromCel turns results back into JSON data', () => {
    expect(fromCel(run('object.spec.containers[0]', pod))).toEqual(pod.spec.containers[0]);
    expect(fromCel(run('[1, 2]'))).toEqual([1, 2]);
  });
});

describe('CEL adapter: optional syntax and macros', () => {
  it('.? / [?] / orValue / hasValue', () => {
    expect(run('object.spec.?nope.orValue(5)', pod)).toBe(5n);
    expect(run('object.metadata.labels[?"app"].orValue("")', pod)).toBe('x');
    expect(run('object.metadata.?annotations.hasValue()', pod)).toBe(false);
    expect(
      run('object.spec.containers.all(c, c.?securityContext.?privileged.orValue(false) == false)', pod),
    ).toBe(true);
  });
  it('standard macros', () => {
    expect(run('object.spec.containers.exists(c, c.name == "b")', pod)).toBe(true);
    expect(run('object.spec.containers.exists_one(c, c.image.startsWith("n"))', pod)).toBe(true);
    expect(run('object.spec.containers.map(c, c.name).join(",")', pod)).toBe('a,b');
    expect(run('object.spec.containers.filter(c, has(c.resources)).size()', pod)).toBe(1n);
    expect(run('cel.bind(n, object.spec.replicas, n * n)', pod)).toBe(9n);
  });
  it('timestamps and durations', () => {
    expect(
      run('timestamp("2024-01-01T00:00:00Z") + duration("24h") == timestamp("2024-01-02T00:00:00Z")'),
    ).toBe(true);
    expect(run('duration("1h30m") > duration("90m")')).toBe(false);
  });
});

describe('CEL adapter: fixed library deviations from cel-go', () => {
  it('patch 1: has() accepts a select whose operand is not an identifier chain', () => {
    expect(run('has(object.spec.containers[0].resources)', pod)).toBe(true);
    expect(run('has(object.spec.containers[1].resources)', pod)).toBe(false);
    expect(run('has(object.spec.containers.filter(c, c.name == "a")[0].resources.limits)', pod)).toBe(true);
  });
  it('patch 1: has() on a missing intermediate is still an error, has() of a non-select still rejected', () => {
    expect(() => run('has(object.nope.x)', pod)).toThrow(CelEvaluationError);
    expect(env.compile('has(object)').ok).toBe(false);
  });
  it('patch 2: orValue on a non-optional receiver returns the receiver (cel-go <= 0.27)', () => {
    expect(run('object.spec.containers.orValue([]).size()', pod)).toBe(2n);
    expect(run('[1, 2].orValue([])', pod)).toEqual([1n, 2n]);
    expect(run('optional.none().orValue(7)', pod)).toBe(7n);
  });
  it('patch 3: matches uses RE2 semantics', () => {
    expect(run('"ABC".matches("(?i)abc")')).toBe(true);
    expect(run('"nginx:1.2".matches("^nginx:[0-9.]+$")')).toBe(true);
    expect(() => run('"ab".matches("a(?=b)")')).toThrow(/invalid regular expression/);
  });
  it('patch 4: a runaway comprehension ends with a budget error, bounded in time', () => {
    const big = { items: Array.from({ length: 5000 }, (_, i) => i) };
    const t0 = Date.now();
    expect(() =>
      run('object.items.all(x, object.items.all(y, object.items.all(z, x + y + z >= 0)))', big, {
        maxIterations: 1_000_000,
      }),
    ).toThrow(/budget/);
    expect(Date.now() - t0).toBeLessThan(5000);
  });
  it('a budget error absorbed by || still fails the evaluation', () => {
    const big = { items: Array.from({ length: 3000 }, (_, i) => i) };
    expect(() =>
      run('object.items.all(x, object.items.all(y, true)) || true', big, { maxIterations: 100_000 }),
    ).toThrow(/budget/);
  });
});

describe('CEL adapter: errors', () => {
  it('compile errors are returned, not thrown', () => {
    const r = env.compile('object.spec.containers.all(c, ');
    expect(r.ok).toBe(false);
    const u = env.compile('nosuchfunction(object)');
    expect(u.ok).toBe(false);
    if (!u.ok) expect(u.error).toMatch(/nosuchfunction/);
  });
  it('runtime errors are CelEvaluationError with a one-line message', () => {
    try {
      run('object.spec.nope == 1', pod);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(CelEvaluationError);
      expect((e as Error).message).toMatch(/nope/);
      expect((e as Error).message).not.toContain('\n');
    }
  });
  it('int overflow and division by zero are errors', () => {
    expect(() => run('9223372036854775807 + 1')).toThrow(CelEvaluationError);
    expect(() => run('1 / 0')).toThrow(CelEvaluationError);
  });
});

describe('CEL adapter: aggregate literals as cel-go checks them', () => {
  it('a dyn element joins any other type (checker.go joinTypes: dyn is assignable both ways)', () => {
    expect(fromCel(run('{"a": dyn("x"), "b": "y"}'))).toEqual({ a: 'x', b: 'y' });
    expect(fromCel(run('[dyn(1), "two"]'))).toEqual([1, 'two']);
  });
  it('elements of different concrete types are still refused', () => {
    expect(env.compile('{"a": 1, "b": "y"}').ok).toBe(false);
    expect(env.compile('[1, "two"]').ok).toBe(false);
  });
});
