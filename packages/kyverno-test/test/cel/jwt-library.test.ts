import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decodeJwt } from '../../src/cel/authz/jwt-library.js';

const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
function token(claims: Record<string, unknown>, key: string, alg = 'HS256'): string {
  const head = b64({ alg, typ: 'JWT' });
  const body = b64(claims);
  const digest = { HS256: 'sha256', HS384: 'sha384', HS512: 'sha512' }[alg] ?? 'sha256';
  return `${head}.${body}.${createHmac(digest, key).update(`${head}.${body}`).digest('base64url')}`;
}
const NOW = 1_700_000_000;

describe('jwt.Decode (kyverno-authz jwt library)', () => {
  it('verifies the HMAC signature with the shared key, for the alg the token names', () => {
    for (const alg of ['HS256', 'HS384', 'HS512'])
      expect(decodeJwt(token({ sub: 'ana' }, 'k', alg), 'k', NOW)).toEqual({
        Claims: { sub: 'ana' },
        Valid: true,
      });
    expect(() => decodeJwt(token({ sub: 'ana' }, 'other', 'HS256'), 'k', NOW)).toThrow(
      'could not verify message using any of the signatures or keys',
    );
    expect(() => decodeJwt(`${b64({ alg: 'none' })}.${b64({ sub: 'ana' })}.`, 'k', NOW)).toThrow(
      'could not verify message',
    );
    expect(() => decodeJwt('not-a-token', 'k', NOW)).toThrow('failed to parse token');
  });

  it('Valid is exp, nbf and iat against now; claims are a Struct (doubles, aud a list)', () => {
    const at = (claims: Record<string, unknown>) => decodeJwt(token(claims, 'k'), 'k', NOW);
    expect(at({ exp: NOW + 1, nbf: NOW, iat: NOW })).toMatchObject({ Valid: true });
    expect(at({ exp: NOW })).toMatchObject({ Valid: false });
    expect(at({ nbf: NOW + 60 })).toMatchObject({ Valid: false });
    expect(at({ iat: NOW + 60 })).toMatchObject({ Valid: false });
    expect(at({ aud: 'api', n: 2 })).toEqual({ Claims: { aud: ['api'], n: 2 }, Valid: true });
    expect(at({})).toEqual({ Claims: null, Valid: true });
  });
});
