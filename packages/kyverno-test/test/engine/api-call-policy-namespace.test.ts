import { describe, expect, it } from 'vitest';
import {
  apiCallNamespaceViolation,
  cleanPath,
} from '../../src/engine/variables/api-call-policy-namespace.js';

describe("a namespaced Policy's apiCall urlPath (kyverno v1.19.1 pkg/engine/apicall/apiCall.go)", () => {
  it('cleans paths as Go path.Clean does', () => {
    // expectations from Go's path.Clean documentation and tests
    expect(cleanPath('')).toBe('.');
    expect(cleanPath('/')).toBe('/');
    expect(cleanPath('/api//v1/./namespaces/a/')).toBe('/api/v1/namespaces/a');
    expect(cleanPath('/../a/b/../c')).toBe('/a/c');
    expect(cleanPath('a/../../b')).toBe('../b');
  });

  it('stays in the policy namespace, decoded and cleaned; no namespace, no confinement', () => {
    expect(apiCallNamespaceViolation('/api/v1/namespaces/a/pods', 'a')).toBeUndefined();
    expect(apiCallNamespaceViolation('/apis/apps/v1/namespaces/a/deployments/x', 'a')).toBeUndefined();
    expect(apiCallNamespaceViolation('/api/v1/namespaces/b/pods', undefined)).toBeUndefined();
    expect(apiCallNamespaceViolation('/api/v1/namespaces/a/%2E%2E/b/pods', 'a')).toBe(
      'path /api/v1/namespaces/b/pods refers to namespace b, which is different from the policy namespace a',
    );
    expect(apiCallNamespaceViolation('', 'a')).toBe(
      'path . does not contain a namespace segment, which is required for namespaced policies',
    );
  });
});
