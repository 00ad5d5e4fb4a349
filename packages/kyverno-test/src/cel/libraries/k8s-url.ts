/** Kubernetes `url` library (Go net/url ParseRequestURI: absolute URI or absolute path). */

import { setOwn } from '../../engine/jmespath/json.js';
import type { CelLibrary } from '../adapter/index.js';
import { fail } from './errors.js';

export class URLValue {
  constructor(
    readonly scheme: string,
    readonly host: string,
    readonly path: string,
    readonly rawQuery: string,
  ) {}
}

const URL_RE = /^([A-Za-z][A-Za-z0-9+.-]*):(\/\/([^/?#]*))?([^?#]*)(\?([^#]*))?$/;

export function parseURL(s: string): URLValue | undefined {
  if (s.startsWith('/')) {
    const q = s.indexOf('?');
    return new URLValue('', '', q < 0 ? s : s.slice(0, q), q < 0 ? '' : s.slice(q + 1));
  }
  const m = URL_RE.exec(s);
  if (!m || /\s/.test(s)) return undefined;
  const authority = m[3] ?? '';
  const host = authority.includes('@') ? authority.slice(authority.lastIndexOf('@') + 1) : authority;
  if (m[2] === undefined && !(m[4] ?? '').startsWith('/')) return undefined;
  return new URLValue(m[1]!.toLowerCase(), host, m[4] ?? '', m[6] ?? '');
}

function hostname(u: URLValue): string {
  if (u.host.startsWith('[')) return u.host.slice(1, u.host.indexOf(']'));
  const c = u.host.lastIndexOf(':');
  return c < 0 ? u.host : u.host.slice(0, c);
}

function port(u: URLValue): string {
  if (u.host.startsWith('[')) {
    const end = u.host.indexOf(']');
    return u.host[end + 1] === ':' ? u.host.slice(end + 2) : '';
  }
  const c = u.host.lastIndexOf(':');
  return c < 0 ? '' : u.host.slice(c + 1);
}

function query(u: URLValue): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  if (!u.rawQuery) return out;
  for (const part of u.rawQuery.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const k = decodeURIComponent((eq < 0 ? part : part.slice(0, eq)).replace(/\+/g, ' '));
    const v = eq < 0 ? '' : decodeURIComponent(part.slice(eq + 1).replace(/\+/g, ' '));
    const list = Object.hasOwn(out, k) ? (out[k] as string[]) : [];
    list.push(v);
    setOwn(out, k, list);
  }
  return out;
}

export const k8sUrl: CelLibrary = {
  name: 'kubernetes url',
  install(b) {
    b.type('net.URL', URLValue);
    b.fn(
      'url(string): net.URL',
      (s: string) =>
        parseURL(s) ?? fail(`URL parse error during conversion from string: ${JSON.stringify(s)}`),
    );
    b.fn('isURL(string): bool', (s: string) => parseURL(s) !== undefined);
    b.fn('net.URL.getScheme(): string', (u: URLValue) => u.scheme);
    b.fn('net.URL.getHost(): string', (u: URLValue) => u.host);
    b.fn('net.URL.getHostname(): string', hostname);
    b.fn('net.URL.getPort(): string', port);
    b.fn('net.URL.getEscapedPath(): string', (u: URLValue) => u.path);
    b.fn('net.URL.getQuery(): map<string, list<string>>', query);
  },
};
