/**
 * `jwt.Decode(token, key)` of the Envoy/HTTP authorization environments (kyverno-authz
 * pkg/cel/libs/jwt: decode_string_string): the key is a shared secret (jwx `jwk.Import` of raw bytes
 * gives an octet key, so only the HMAC algorithms HS256/HS384/HS512 can verify with it, chosen by the
 * token's `alg`); a token that does not parse or whose signature does not verify is an error; otherwise
 * the answer is `{Claims, Valid}` where `Valid` is jwx's `jwt.Validate` (exp, nbf and iat against the
 * current time) and `Claims` a protobuf Struct of every claim (numbers are doubles, times Unix seconds),
 * null when the token has none. Key sets (`jwk.*`) are not offered.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { CelLibrary } from '../adapter/index.js';
import { fail } from '../libraries/errors.js';

const HMAC: Readonly<Record<string, string>> = { HS256: 'sha256', HS384: 'sha384', HS512: 'sha512' };

function part(segment: string, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
  } catch {
    fail(`failed to parse token: invalid ${what}`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    fail(`failed to parse token: invalid ${what}`);
  return value as Record<string, unknown>;
}

/** A Struct value as CEL sees it: numbers stay doubles (google.protobuf.Value has no integers). */
function structValue(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(structValue);
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = structValue(x);
    return out;
  }
  return v ?? null;
}

/** jwx's default validation: exp in the future, nbf and iat not in the future (no skew). */
function timesValid(claims: Record<string, unknown>, nowSeconds: number): boolean {
  const n = (k: string) => (typeof claims[k] === 'number' ? (claims[k] as number) : undefined);
  const exp = n('exp');
  const nbf = n('nbf');
  const iat = n('iat');
  if (exp !== undefined && !(nowSeconds < Math.floor(exp))) return false;
  if (nbf !== undefined && nowSeconds < Math.floor(nbf)) return false;
  if (iat !== undefined && nowSeconds < Math.floor(iat)) return false;
  return true;
}

export function decodeJwt(token: string, key: string, nowSeconds = Math.floor(Date.now() / 1000)): unknown {
  const segments = token.split('.');
  if (segments.length !== 3) fail('failed to parse token: invalid JWS compact serialization');
  const [head, payload, signature] = segments as [string, string, string];
  const header = part(head, 'header');
  const claims = part(payload, 'payload');
  const digest = HMAC[String(header.alg)];
  if (!digest) fail('could not verify message using any of the signatures or keys');
  const expected = createHmac(digest, Buffer.from(key, 'utf8')).update(`${head}.${payload}`).digest();
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    fail('could not verify message using any of the signatures or keys');
  // jwx reads `aud` as a list even when the token gives one string
  const fields = typeof claims.aud === 'string' ? { ...claims, aud: [claims.aud] } : claims;
  return {
    Claims: Object.keys(fields).length ? structValue(fields) : null,
    Valid: timesValid(claims, nowSeconds),
  };
}

export const jwtLibrary: CelLibrary = {
  name: 'kyverno authz jwt',
  install(b) {
    b.namespace('jwt', 'JwtNamespace');
    b.fn('JwtNamespace.Decode(string, string): dyn', (_: unknown, token: string, key: string) =>
      decodeJwt(token, key),
    );
  },
};
