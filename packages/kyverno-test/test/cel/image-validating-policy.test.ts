import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runTestSuites } from '../../src/index.js';

const SUITE = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  '../fixtures/runner/image-validating-policy',
);

describe('ImageValidatingPolicy offline verdicts (messages as kyverno test prints them)', () => {
  it('names the exception, the undigested image and the autogen message; says why the registry is needed', async () => {
    const run = await runTestSuites([SUITE], { root: SUITE });
    const suite = run.suites[0]!;
    const message = (resource: string, policy: string) =>
      suite.results.find((r) => r.resource.endsWith(`/${resource}`) && r.policy === policy)?.message;
    expect(message('excepted-pod', 'verify-signed-images')).toBe(
      'rule is skipped due to policy exception: apps/legacy-pods',
    );
    expect(message('tagged-pod', 'verify-signed-images')).toBe(
      'image registry.example.com/tools/app:1.0 does not have a digest',
    );
    expect(message('other-registry-pod', 'verify-signed-images')).toBe('success');
    expect(message('other-registry-deployment', 'require-matched-images')).toBe(
      'no image from registry.example.com for app web',
    );
    expect(suite.unsupported?.map((u) => [u.resources[0], u.reason])).toEqual([
      [
        'digest-pod',
        expect.stringMatching(
          /^ImageValidatingPolicy needs the image registry: image registry\.example\.com\/tools\/app@sha256:/,
        ),
      ],
      ['other-registry-pod', expect.stringMatching(/verifyImageSignatures reads the image registry/)],
    ]);
  });
});
