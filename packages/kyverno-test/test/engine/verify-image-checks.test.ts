import { describe, expect, it } from 'vitest';
import {
  compileVerifyImageChecks,
  verifyImageChecks,
} from '../../src/engine/validate-rule/verify-image-checks.js';

describe('compileVerifyImageChecks: what Kyverno decides without a registry', () => {
  it('takes the CRD defaults (true) for omitted booleans', () => {
    expect(
      compileVerifyImageChecks({ verifyImages: [{ imageReferences: ['*'], mutateDigest: false }] }),
    ).toEqual({
      checks: [{ imageReferences: ['*'], verifyDigest: true, required: true }],
    });
  });

  it('leaves signature checks, digest mutation and the legacy key form to a registry', () => {
    expect(compileVerifyImageChecks({ verifyImages: [{ imageReferences: ['*'] }] })).toEqual({
      unsupported: 'verifyImages mutateDigest (resolving image digests needs registry access)',
    });
    expect(
      compileVerifyImageChecks({ verifyImages: [{ imageReferences: ['*'], mutateDigest: false, key: 'k' }] }),
    ).toEqual({ unsupported: 'verifyImages key (signature verification needs registry access)' });
    expect(
      compileVerifyImageChecks({
        verifyImages: [{ imageReferences: ['*'], mutateDigest: false, attestations: [{ type: 'x' }] }],
      }),
    ).toEqual({ unsupported: 'verifyImages attestations (signature verification needs registry access)' });
  });
});

describe('verifyImageChecks (validate_image.go validateImage)', () => {
  const pod = (image: string, annotations?: Record<string, string>) => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', ...(annotations ? { annotations } : {}) },
    spec: { containers: [{ name: 'c', image }] },
  });
  const digest = `sha256:${'ab'.repeat(32)}`;
  const checks = [{ imageReferences: ['ghcr.io/*'], verifyDigest: false, required: true }];

  it('reads the scoped annotation of the policy, rule and image; skip there is a skipped image', () => {
    const ref = `ghcr.io/team/app@${digest}`;
    const scoped = (status: string) => ({
      'kyverno.io/verify-images-scoped': JSON.stringify({
        version: 1,
        policies: { '/pol': { r: { [ref]: status } } },
      }),
    });
    const at = { policyKey: '/pol', rule: 'r' };
    expect(verifyImageChecks(pod(ref, scoped('pass')), checks, at)).toEqual({
      status: 'pass',
      message: 'image verified',
    });
    expect(verifyImageChecks(pod(ref, scoped('skip')), checks, at)).toEqual({
      status: 'skip',
      message: `image skipped, skipped images: ${ref}`,
    });
    expect(
      verifyImageChecks(pod(ref, scoped('pass')), checks, { policyKey: '/other', rule: 'r' }).status,
    ).toBe('fail');
    expect(
      verifyImageChecks(pod(ref, { 'kyverno.io/verify-images-scoped': '{not json' }), checks, at),
    ).toEqual({
      status: 'fail',
      message: `unverified image ${ref}`,
    });
  });
});
