/**
 * Kyverno SDK libraries that need nothing outside the expression: user (parseServiceAccount),
 * json, yaml, math.round, time, hash, transform (listObjToMap), x509.decode and random (reported:
 * non-deterministic).
 */
import { createHash } from 'node:crypto';
import { parse as parseYaml } from 'yaml';
import { setOwn } from '../../engine/jmespath/json.js';
import { decodeX509Certificate } from '../../engine/values/x509-certificate.js';
import { type CelLibrary, type Duration, fromCel, toCel } from '../adapter/index.js';
import { fail } from './errors.js';

export class JsonLibrary {}
export class YamlLibrary {}

export const kyvernoPure: CelLibrary = {
  name: 'kyverno pure libraries',
  install(b) {
    b.fn('parseServiceAccount(string): map<string, string>', (s: string) => {
      const parts = s.split(':');
      if (parts.length === 4 && parts[0] === 'system' && parts[1] === 'serviceaccount')
        return { Namespace: parts[2], Name: parts[3] };
      return { Namespace: '', Name: '' };
    });
    b.type('JsonLibrary', JsonLibrary).variable('json', 'JsonLibrary');
    b.fn('JsonLibrary.unmarshal(string): dyn', (_: JsonLibrary, s: string) => {
      try {
        return toCel(JSON.parse(s));
      } catch (e) {
        return fail(`json.unmarshal: ${(e as Error).message}`);
      }
    });
    b.fn('JsonLibrary.marshal(dyn): string', (_: JsonLibrary, v: unknown) =>
      JSON.stringify(sortKeys(fromCel(v))),
    );
    b.type('YamlLibrary', YamlLibrary).variable('yaml', 'YamlLibrary');
    b.fn('YamlLibrary.parse(string): dyn', (_: YamlLibrary, s: string) => {
      try {
        return toCel(parseYaml(s, { version: '1.1', maxAliasCount: 100 }));
      } catch (e) {
        return fail(`yaml.parse: ${(e as Error).message}`);
      }
    });
    b.namespace('math', 'MathNamespace');
    b.fn('MathNamespace.round(double, int): double', (_: unknown, x: number, digits: bigint) => {
      const f = 10 ** Number(digits);
      const r = Math.round(Math.abs(x) * f) / f;
      return x < 0 ? -r : r;
    });
    b.namespace('time', 'TimeNamespace');
    b.fn('TimeNamespace.now(): google.protobuf.Timestamp', () => new Date());
    b.fn(
      'TimeNamespace.truncate(google.protobuf.Timestamp, google.protobuf.Duration): google.protobuf.Timestamp',
      (_: unknown, t: Date, d: Duration) => {
        const ms = d.valueOf();
        if (ms <= 0) return t;
        return new Date(Math.floor(t.getTime() / ms) * ms);
      },
    );
    b.fn(
      'TimeNamespace.toCron(google.protobuf.Timestamp): string',
      (_: unknown, t: Date) =>
        `${t.getUTCMinutes()} ${t.getUTCHours()} ${t.getUTCDate()} ${t.getUTCMonth() + 1} ${t.getUTCDay()}`,
    );
    // kyverno.hash: the bare names, and `hash.sha1/sha256/md5` from library version 1.18 on (Kyverno
    // SDK cel/libs/hash/lib.go; kyverno v1.19.1 pkg/cel/policies/vpol/compiler/compiler.go: Latest())
    b.namespace('hash', 'HashNamespace');
    for (const algorithm of ['sha1', 'sha256', 'md5'] as const) {
      const digest = (s: string) => createHash(algorithm).update(s).digest('hex');
      b.fn(`${algorithm}(string): string`, digest);
      b.fn(`HashNamespace.${algorithm}(string): string`, (_: unknown, s: string) => digest(s));
    }
    b.fn(
      'listObjToMap(list<dyn>, list<dyn>, string, string): map<string, dyn>',
      (a: unknown[], c: unknown[], keyField: string, valueField: string) => {
        const out: Record<string, unknown> = {};
        for (const item of [...a, ...c]) {
          if (!item || typeof item !== 'object') continue;
          const o = item as Record<string, unknown>;
          if (typeof o[keyField] === 'string') out[o[keyField] as string] = o[valueField];
        }
        return out;
      },
    );
    b.namespace('x509', 'X509Namespace');
    b.fn('X509Namespace.decode(string): map<string, dyn>', (_: unknown, pem: string) =>
      decodeCertificate(pem),
    );
    b.fn('random(): string', () => fail('random() is non-deterministic and is not evaluated offline'));
    b.fn('random(string): string', () => fail('random() is non-deterministic and is not evaluated offline'));
  },
};

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) setOwn(out, k, sortKeys((v as Record<string, unknown>)[k]));
    return out;
  }
  return v;
}

function decodeCertificate(pem: string): unknown {
  try {
    return toCel(decodeX509Certificate(pem));
  } catch (e) {
    return fail(`x509.decode: ${(e as Error).message}`);
  }
}
