import { describe, expect, it } from 'vitest';
import { kyvernoFailurePath, pointerFor } from '../../src/apply/failure-pointer.js';

describe('failure pointers from Kyverno messages', () => {
  it('reads the first "failed at path" and drops the trailing slash', () => {
    expect(kyvernoFailurePath('validation error: x. rule r failed at path /spec/containers/0/image/')).toBe(
      '/spec/containers/0/image',
    );
    expect(
      kyvernoFailurePath(
        'validation error: m rule r[0] failed at path /spec/a/ rule r[1] failed at path /spec/b/',
      ),
    ).toBe('/spec/a');
    expect(kyvernoFailurePath('validation failure: Containers must drop ALL capabilities.')).toBeUndefined();
  });

  it('groups unescaped segments into existing keys (label keys with a slash) and escapes them', () => {
    const obj = {
      metadata: { labels: { 'neuroscale.io/env': 'production', app: 'x' } },
      spec: { containers: [{ image: 'a' }] },
    };
    expect(pointerFor(obj, '/metadata/labels/neuroscale.io/env')).toBe('/metadata/labels/neuroscale.io~1env');
    expect(pointerFor(obj, '/spec/containers/0/image')).toBe('/spec/containers/0/image');
    // missing tail kept as written
    expect(pointerFor(obj, '/spec/containers/0/resources/limits')).toBe(
      '/spec/containers/0/resources/limits',
    );
    expect(pointerFor(obj, '/metadata/labels/neuroscale.io/owner')).toBe(
      '/metadata/labels/neuroscale.io/owner',
    );
  });
});
