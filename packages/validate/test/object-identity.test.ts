import { objectRef } from '@neuroscale/core';
import { describe, expect, it } from 'vitest';
import { identityOfObject } from '../src/files/object-identity.js';

describe('identityOfObject: what a worker hands back of a validated object', () => {
  it('keeps apiVersion, kind and metadata name, generateName and namespace; drops the rest', () => {
    const object = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'team', labels: { app: 'web' }, generateName: 'web-' },
      spec: { replicas: 2 },
    };
    const id = identityOfObject(object);
    expect(id).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'team', generateName: 'web-' },
    });
    expect(objectRef(id as never)).toEqual(objectRef(object));
  });

  it('keeps what is there as it is (wrong types included) and adds nothing', () => {
    expect(identityOfObject({ kind: 3, metadata: 'x' })).toEqual({ kind: 3, metadata: 'x' });
    expect(identityOfObject({ spec: {} })).toEqual({});
    expect(identityOfObject({ metadata: {} })).toEqual({ metadata: {} });
  });

  it('returns a document that is not a mapping unchanged', () => {
    const list = [1, 2];
    expect(identityOfObject(list)).toBe(list);
    expect(identityOfObject('text')).toBe('text');
    expect(identityOfObject(null)).toBe(null);
  });

  it('reads own properties only (a polluted prototype adds nothing)', () => {
    const parent = { kind: 'Secret', metadata: { name: 'inherited' } };
    const child = Object.create(parent) as Record<string, unknown>;
    child.apiVersion = 'v1';
    expect(identityOfObject(child)).toEqual({ apiVersion: 'v1' });
    const md = Object.create({ namespace: 'inherited' }) as Record<string, unknown>;
    md.name = 'own';
    expect(identityOfObject({ metadata: md })).toEqual({ metadata: { name: 'own' } });
  });
});
