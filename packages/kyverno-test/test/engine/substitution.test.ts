import { describe, expect, it } from 'vitest';
import { Budget } from '../../src/engine/jmespath/interpreter.js';
import { extractImages, parseImageInfo } from '../../src/engine/values/images.js';
import { JsonContext, splitDottedKey } from '../../src/engine/variables/context.js';
import { substituteAll, substituteString } from '../../src/engine/variables/substitute.js';

const ctx = new JsonContext({
  request: {
    operation: 'CREATE',
    object: { metadata: { name: 'web', labels: { app: 'nginx' } }, spec: { replicas: 3 } },
  },
  element: { name: 'c1' },
});
const opts = { budget: new Budget(Date.now() + 5000) };
const sub = (s: string) => substituteString(s, ctx, opts);

describe('{{ }} substitution', () => {
  it('a whole-string variable keeps the JSON type', () => {
    expect(sub('{{ request.object.spec.replicas }}')).toBe(3);
    expect(sub('{{request.object.metadata.labels}}')).toEqual({ app: 'nginx' });
  });
  it('embedded variables are inserted as text (non-strings JSON-encoded)', () => {
    expect(sub('name={{ request.object.metadata.name }} n={{ request.object.spec.replicas }}')).toBe(
      'name=web n=3',
    );
    expect(sub('labels: {{ request.object.metadata.labels }}')).toBe('labels: {"app":"nginx"}');
  });
  it('nested variables resolve innermost first', () => {
    expect(sub("{{ to_upper('{{ request.object.metadata.name }}') }}")).toBe('WEB');
  });
  it('escaped \\{{ }} is kept literally', () => {
    expect(sub('\\{{ request.object.metadata.name }}')).toBe('{{ request.object.metadata.name }}');
  });
  it('missing keys fail; || provides defaults', () => {
    expect(() => sub('{{ request.object.metadata.labels.team }}')).toThrow(/Unknown key "team"/);
    expect(sub("{{ request.object.metadata.labels.team || 'none' }}")).toBe('none');
    expect(() => sub('{{ request.oldObject.metadata.name }}')).toThrow(/Unknown key "oldObject"/);
  });
  it('substitutes map keys and leaves non-strings alone', () => {
    expect(substituteAll({ '{{ element.name }}': 1, b: [true, '{{ element.name }}'] }, ctx, opts)).toEqual({
      c1: 1,
      b: [true, 'c1'],
    });
  });
  it('DELETE rewrites request.object to request.oldObject', () => {
    const del = new JsonContext({ request: { oldObject: { metadata: { name: 'old' } } } });
    expect(substituteString('{{ request.object.metadata.name }}', del, { ...opts, isDelete: true })).toBe(
      'old',
    );
  });
});

describe('values-file keys and the JSON context', () => {
  it('splits dotted keys like a CSV reader', () => {
    expect(splitDottedKey('request.object.metadata.name')).toEqual(['request', 'object', 'metadata', 'name']);
    expect(splitDottedKey('data."a.b".c')).toEqual(['data', 'a.b', 'c']);
  });
  it('deep-merges maps and overwrites everything else', () => {
    const c = ctx
      .withVariable('request.object.metadata.labels.team', 'a')
      .withVariable('request.object.spec', 1);
    expect(c.query('request.object.metadata.labels', opts.budget)).toEqual({ app: 'nginx', team: 'a' });
    expect(c.query('request.object.spec', opts.budget)).toBe(1);
    expect(ctx.query('request.object.spec.replicas', opts.budget)).toBe(3);
  });
});

describe('images context', () => {
  it('defaults registry docker.io and tag latest', () => {
    expect(parseImageInfo('nginx')).toMatchObject({
      registry: 'docker.io',
      path: 'nginx',
      name: 'nginx',
      tag: 'latest',
      reference: 'docker.io/nginx:latest',
    });
    expect(parseImageInfo('ghcr.io/org/app:1.2')).toMatchObject({
      registry: 'ghcr.io',
      path: 'org/app',
      name: 'app',
      tag: '1.2',
    });
    expect(parseImageInfo('localhost:5000/app@sha256:' + 'a'.repeat(64))).toMatchObject({
      registry: 'localhost:5000',
      tag: '',
      digest: `sha256:${'a'.repeat(64)}`,
    });
    expect(parseImageInfo('Bad/UPPER')).toBeUndefined();
  });
  it('extracts containers of pods and controllers', () => {
    const deploy = {
      kind: 'Deployment',
      spec: {
        template: {
          spec: {
            containers: [{ name: 'c', image: 'nginx:1' }],
            initContainers: [{ name: 'i', image: 'busybox' }],
          },
        },
      },
    };
    const imgs = extractImages(deploy);
    expect(imgs.containers?.c).toMatchObject({
      tag: '1',
      jsonPointer: '/spec/template/spec/containers/0/image',
    });
    expect(imgs.initContainers?.i).toMatchObject({ name: 'busybox' });
    expect(extractImages({ kind: 'ConfigMap' })).toEqual({});
  });
});
