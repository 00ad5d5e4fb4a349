/**
 * A Test's `apiCallResponses` (offline HTTP answers for classic `context.apiCall` entries and the CEL
 * `http` library), checked as `kyverno test` checks them before it runs anything (kyverno v1.19.1
 * cmd/cli/kubectl-kyverno/apis/v1alpha1/test.go: ValidateAPICallResponses): `url` (absolute http/https
 * with a host) or `urlPath` (starting with `/`), not both; `method` GET, POST or none; `response.body` a
 * JSON object; `statusCode` 0 or 100–599; no two entries with the same method and URL. The CLI stops the
 * test on the first invalid entry: so does this, with the message as its reason.
 */
import { isPlainRecord as isObj } from '@neuroscale/core';
import type { ApiCallResponse } from '../engine/index.js';
import { mockUrl } from '../engine/variables/api-call-mocks.js';

const trimmed = (v: unknown) => (typeof v === 'string' ? v.trim() : '');

/** Why `url` is not an absolute http(s) URL with a host, or undefined when it is one. */
function badUrl(i: number, url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `apiCallResponses[${i}]: url ${JSON.stringify(url)} is not a valid URL`;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    return `apiCallResponses[${i}]: url ${JSON.stringify(url)} must be an absolute https/http URL`;
  if (!parsed.hostname) return `apiCallResponses[${i}]: url ${JSON.stringify(url)} has scheme but no host`;
  return undefined;
}

/** The first reason entry `i` is invalid (validateAPICallResponseEntry), or undefined. */
function entryError(i: number, e: Record<string, unknown>): string | undefined {
  const url = trimmed(e.url);
  const urlPath = trimmed(e.urlPath);
  if (!url && !urlPath) return `apiCallResponses[${i}]: either url or urlPath is required`;
  if (url && urlPath) return `apiCallResponses[${i}]: url and urlPath are mutually exclusive`;
  if (url) {
    const bad = badUrl(i, url);
    if (bad) return bad;
  }
  if (urlPath && !urlPath.startsWith('/'))
    return `apiCallResponses[${i}]: urlPath ${JSON.stringify(urlPath)} must be an absolute path starting with '/'`;
  const method = trimmed(e.method).toUpperCase();
  if (method && method !== 'GET' && method !== 'POST')
    return `apiCallResponses[${i}]: method must be GET or POST`;
  const label = JSON.stringify(url || urlPath);
  const response = isObj(e.response) ? e.response : {};
  if (response.body === undefined || response.body === null)
    return `apiCallResponses[${i}] ${label}: response.body is required`;
  if (!isObj(response.body)) return `apiCallResponses[${i}] ${label}: response.body must be a JSON object`;
  const sc = response.statusCode ?? 0;
  if (typeof sc !== 'number' || !Number.isInteger(sc))
    return `apiCallResponses[${i}] ${label}: statusCode must be an integer`;
  if (sc !== 0 && (sc < 100 || sc > 599))
    return `apiCallResponses[${i}] ${label}: statusCode ${sc} must be between 100 and 599`;
  return undefined;
}

export type DecodedApiCallResponses =
  | { responses: ApiCallResponse[] }
  | { error: string; index: number | undefined };

export function decodeApiCallResponses(value: unknown): DecodedApiCallResponses {
  if (!Array.isArray(value)) return { error: '"apiCallResponses" must be a list', index: undefined };
  const responses: ApiCallResponse[] = [];
  const seen = new Set<string>();
  for (const [i, raw] of value.entries()) {
    if (!isObj(raw)) return { error: `apiCallResponses[${i}] is not a mapping`, index: i };
    const error = entryError(i, raw);
    if (error) return { error, index: i };
    const response = raw.response as Record<string, unknown>;
    const entry: ApiCallResponse = {
      response: {
        body: response.body,
        ...(typeof response.statusCode === 'number' ? { statusCode: response.statusCode } : {}),
      },
    };
    if (trimmed(raw.url)) entry.url = trimmed(raw.url);
    else entry.urlPath = trimmed(raw.urlPath);
    const method = trimmed(raw.method).toUpperCase();
    if (method) entry.method = method;
    const resolved = mockUrl(entry);
    const key = method ? `${method}:${resolved}` : resolved;
    if (seen.has(key))
      return {
        error: `apiCallResponses: duplicate entry for ${JSON.stringify(resolved)} (key ${JSON.stringify(key)}) — each method+url combination must be unique`,
        index: i,
      };
    seen.add(key);
    responses.push(entry);
  }
  return { responses };
}
