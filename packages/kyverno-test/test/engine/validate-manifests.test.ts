import { generateKeyPairSync, type KeyObject, randomBytes, sign } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { compileException, compilePolicy, evaluatePolicy } from '../../src/engine/index.js';
import { diffNodes, directMatchDiff } from '../../src/engine/manifests/manifest-diff.js';
import {
  compileManifests,
  type ManifestsSpec,
  validateManifests,
} from '../../src/engine/manifests/validate-manifests.js';

const keyPair = () => generateKeyPairSync('ec', { namedCurve: 'P-256' });
const pem = (k: { publicKey: KeyObject }) =>
  k.publicKey.export({ type: 'spki', format: 'pem' }).toString().trim();
const A = keyPair();
const B = keyPair();

const configMap = (data: Record<string, string>) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'cm', namespace: 'default' } as Record<string, unknown>,
  data,
});
const manifestYaml = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\ndata:\n  mode: strict\n';

function signedResource(data: Record<string, string>, signer = A, extra: Record<string, string> = {}) {
  const content = Buffer.from(manifestYaml);
  const r = configMap(data);
  r.metadata.annotations = {
    'cosign.sigstore.dev/message': gzipSync(content).toString('base64'),
    'cosign.sigstore.dev/signature': sign('sha256', content, signer.privateKey).toString('base64'),
    ...extra,
  };
  return r;
}

function spec(raw: unknown): ManifestsSpec {
  const compiled = compileManifests(raw);
  if ('unsupported' in compiled) throw new Error(compiled.unsupported);
  return compiled;
}

const oneKey = (key: string, extra: Record<string, unknown> = {}) =>
  spec({ attestors: [{ entries: [{ keys: { publicKeys: key }, ...extra }] }] });

describe('validate.manifests (key-based, offline)', () => {
  it('passes a signed, unchanged manifest with the messages of kyverno validate_manifest.go', () => {
    expect(validateManifests(oneKey(pem(A)), signedResource({ mode: 'strict' }))).toEqual({
      status: 'pass',
      message:
        'verified manifest signatures; manifest verification succeeded; verifiedCount 1; requiredCount 1; message singed by a valid signer: ',
    });
  });

  it('fails a changed resource with the diff as k8s-manifest-sigstore reports it', () => {
    const r = validateManifests(oneKey(pem(A)), signedResource({ mode: 'lax' }));
    expect(r).toEqual({
      status: 'fail',
      message:
        'manifest verification failed; verifiedCount 0; requiredCount 1; message .attestors[0].entries[0].keys: failed to verify signature. diff found; {"items":[{"key":"data.mode","values":{"after":"lax","before":"strict"}}]}',
    });
  });

  it('a signature that does not verify is an error of the entry, a missing one a fail', () => {
    const bad = validateManifests(oneKey(pem(B)), signedResource({ mode: 'strict' }));
    expect(bad.status).toBe('error');
    expect(bad.message).toContain(
      '.attestors[0].entries[0].keys: failed to verify signature: verification failed for 1 signature. all trials: ["[publickey 1/1] [signature 1/1] error:',
    );
    const unsigned = signedResource({ mode: 'strict' });
    delete (unsigned.metadata.annotations as Record<string, string>)['cosign.sigstore.dev/signature'];
    expect(validateManifests(oneKey(pem(A)), unsigned)).toMatchObject({
      status: 'fail',
      message: expect.stringContaining('.keys: failed to verify signature: signature not found'),
    });
  });

  it('an entry that errs does not matter once the count is met', () => {
    // key B's entry errs first (A signed), then A's verifies: the count is met
    const s = spec({
      attestors: [
        { count: 1, entries: [{ keys: { publicKeys: pem(B) } }, { keys: { publicKeys: pem(A) } }] },
      ],
    });
    expect(validateManifests(s, signedResource({ mode: 'strict' })).status).toBe('pass');
    expect(validateManifests(s, signedResource({ mode: 'strict' }, keyPair())).status).toBe('error');
  });

  it('splits a block of several PEM keys into entries; the later keys keep their newline and do not load', () => {
    const s = spec({
      attestors: [{ count: 1, entries: [{ keys: { publicKeys: `${pem(B)}\n${pem(A)}` } }] }],
    });
    const r = validateManifests(s, signedResource({ mode: 'strict' }));
    expect(r.status).toBe('error');
    expect(r.message).toContain(
      '.attestors[0].entries[1].keys: failed to verify signature: failed to judge signature type from public key configuration',
    );
  });

  it('checks the entry annotations before anything else', () => {
    const r = validateManifests(
      oneKey(pem(A), { annotations: { team: 'ml' } }),
      signedResource({ mode: 'strict' }),
    );
    expect(r).toEqual({
      status: 'error',
      message:
        'error occurred during manifest verification: annotations mismatch:  does not match expected value ml for key team',
    });
  });

  it('a gzip bomb, bad base64 or random bytes in the message are errors, never a crash', () => {
    const withMessage = (message: string) =>
      signedResource({ mode: 'strict' }, A, { 'cosign.sigstore.dev/message': message });
    const bomb = validateManifests(
      oneKey(pem(A)),
      withMessage(gzipSync(Buffer.alloc(9 << 20)).toString('base64')),
    );
    expect(bomb.status).toBe('error');
    expect(bomb.message).toContain('larger than 8388608 bytes once decompressed');
    const b64 = validateManifests(oneKey(pem(A)), withMessage('not base64!'));
    expect(b64.message).toContain(
      'failed to decode base64 message in the annotation: illegal base64 data at input byte 3',
    );
    for (let i = 0; i < 50; i++) {
      const junk = i % 2 ? randomBytes(64 + i) : gzipSync(randomBytes(600 + i));
      const r = validateManifests(oneKey(pem(A)), withMessage(junk.toString('base64')));
      expect(['fail', 'error']).toContain(r.status);
    }
  });

  it('reports what cannot be verified offline as unsupported', () => {
    expect(compileManifests({ attestors: [{ entries: [{ keyless: { subject: 'x' } }] }] })).toEqual({
      unsupported: expect.stringContaining('certificate/keyless attestors'),
    });
    expect(
      compileManifests({ attestors: [{ entries: [{ keys: { publicKeys: 'k8s://ns/secret' } }] }] }),
    ).toEqual({
      unsupported: expect.stringContaining('not a PEM public key'),
    });
    expect(compileManifests({ dryRun: { enable: true }, attestors: [] })).toEqual({
      unsupported: expect.stringContaining('dryRun'),
    });
    expect(compileManifests({ repository: 'ghcr.io/x/y', attestors: [] })).toEqual({
      unsupported: expect.stringContaining('OCI registry'),
    });
  });
});

describe('validate.manifests in a ClusterPolicy', () => {
  const { policy } = compilePolicy({
    apiVersion: 'kyverno.io/v1',
    kind: 'ClusterPolicy',
    metadata: { name: 'signed' },
    spec: {
      rules: [
        {
          name: 'verify',
          match: { any: [{ resources: { kinds: ['ConfigMap'] } }] },
          validate: { manifests: { attestors: [{ entries: [{ keys: { publicKeys: pem(A) } }] }] } },
        },
      ],
    },
  });

  it('evaluates the rule; a matching PolicyException skips it with validate_manifest.go words', () => {
    expect(evaluatePolicy(policy!, signedResource({ mode: 'lax' }))[0]!.status).toBe('fail');
    const { exception } = compileException({
      apiVersion: 'kyverno.io/v2',
      kind: 'PolicyException',
      metadata: { name: 'legacy', namespace: 'kyverno' },
      spec: {
        exceptions: [{ policyName: 'signed', ruleNames: ['verify'] }],
        match: { any: [{ resources: { kinds: ['ConfigMap'] } }] },
      },
    });
    expect(
      evaluatePolicy(policy!, signedResource({ mode: 'lax' }), { exceptions: [exception!] })[0],
    ).toMatchObject({
      status: 'skip',
      message: 'rule is skipped due to policy exceptionskyverno/legacy',
    });
  });
});

describe('manifest diff (k8s-manifest-sigstore mapnode)', () => {
  it('a list element that moved is no difference; a changed type is labelled as Go prints it', () => {
    expect(diffNodes({ a: ['x', 'y'] }, { a: ['y', 'x'] })).toEqual([
      { key: 'a.0', before: 'x', after: 'y' },
      { key: 'a.1', before: 'y', after: 'x' },
    ]);
    expect(diffNodes({ s: { l: [{ n: 'x' }] } }, { s: { l: [{ m: 1 }, { n: 'x' }] } })).toEqual([
      { key: 's.l.0.m', before: null, after: 1 },
    ]);
    expect(diffNodes({ p: 80 }, { p: '80' })).toEqual([
      { key: 'p', before: '(type: float64) %!s(float64=80)', after: '(type: string) 80' },
    ]);
  });

  it('ignores the fields given, an unset namespace and canonicalised images', () => {
    const manifest = { metadata: { name: 'x' }, spec: { image: 'nginx', replicas: 1 } };
    const resource = {
      metadata: { name: 'x', namespace: 'ns' },
      spec: { image: 'nginx:latest', replicas: 2 },
    };
    expect(directMatchDiff(manifest, resource, [])).toEqual([{ key: 'spec.replicas', before: 1, after: 2 }]);
    expect(directMatchDiff(manifest, resource, ['spec.repl'])).toEqual([]);
  });
});
