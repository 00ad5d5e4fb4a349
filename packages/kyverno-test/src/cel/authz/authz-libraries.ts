/**
 * The CEL libraries of a ValidatingPolicy in `evaluation.mode: Envoy` or `HTTP`, which Kyverno evaluates
 * with kyverno-authz's engine (kyverno v1.19.1 cmd/cli/kubectl-kyverno/processor/authz_processor.go):
 * `envoy.*` builds an Envoy external-authorization CheckResponse (kyverno-authz
 * pkg/cel/libs/authz/envoy/lib.go), `http.Allowed/Denied` an HTTP authorization response
 * (pkg/cel/libs/authz/http/lib.go). A validation answers with such a response or null; the first
 * response decides. The objects below carry what the verdict and its message need, not Envoy's
 * protobuf messages themselves.
 */
import type { CelLibrary } from '../adapter/index.js';
import { offline, toInt } from '../libraries/errors.js';

export class EnvoyHeaderValueOption {
  constructor(
    readonly key: string,
    readonly value: string,
    readonly keepEmptyValue = false,
  ) {}
}

export class EnvoyQueryParameter {
  constructor(
    readonly key: string,
    readonly value: string,
  ) {}
}

/** envoy.Allowed(): an OkHttpResponse, refined by the With... and Without... calls. */
export class EnvoyOkHttpResponse {
  constructor(
    readonly headers: readonly EnvoyHeaderValueOption[] = [],
    readonly headersToRemove: readonly string[] = [],
    readonly responseHeadersToAdd: readonly EnvoyHeaderValueOption[] = [],
    readonly queryParametersToSet: readonly EnvoyQueryParameter[] = [],
    readonly queryParametersToRemove: readonly string[] = [],
  ) {}
  with(change: Partial<EnvoyOkHttpResponse>): EnvoyOkHttpResponse {
    const next = { ...this, ...change };
    return new EnvoyOkHttpResponse(
      next.headers,
      next.headersToRemove,
      next.responseHeadersToAdd,
      next.queryParametersToSet,
      next.queryParametersToRemove,
    );
  }
}

/** envoy.Denied(code): a DeniedHttpResponse with that HTTP status. */
export class EnvoyDeniedHttpResponse {
  constructor(
    readonly code: number,
    readonly body = '',
    readonly headers: readonly EnvoyHeaderValueOption[] = [],
  ) {}
}

/** `.Response()`: the CheckResponse the policy answers with (ok or denied). */
export class EnvoyCheckResponse {
  constructor(
    readonly ok: EnvoyOkHttpResponse | undefined,
    readonly denied: EnvoyDeniedHttpResponse | undefined,
    readonly message = '',
    readonly metadata: unknown = null,
  ) {}
}

const header = (k: string, v: string) => new EnvoyHeaderValueOption(k, v);
type Ok = EnvoyOkHttpResponse;
type Denied = EnvoyDeniedHttpResponse;

const OK = 'envoy.service.auth.v3.OkHttpResponse';
const DENIED = 'envoy.service.auth.v3.DeniedHttpResponse';
const RESPONSE = 'envoy.service.auth.v3.CheckResponse';
const HEADER = 'envoy.config.core.v3.HeaderValueOption';
const PARAM = 'envoy.config.core.v3.QueryParameter';

/** The OkHttpResponse builders: headers to add, remove or set on the response, query parameters. */
function installOkResponseBuilders(b: Parameters<CelLibrary['install']>[0]): void {
  b.fn(`${OK}.WithHeader(${HEADER}): ${OK}`, (o: Ok, h: EnvoyHeaderValueOption) =>
    o.with({ headers: [...o.headers, h] }),
  );
  b.fn(`${OK}.WithHeader(string, string): ${OK}`, (o: Ok, k: string, v: string) =>
    o.with({ headers: [...o.headers, header(k, v)] }),
  );
  b.fn(`${OK}.WithoutHeader(string): ${OK}`, (o: Ok, k: string) =>
    o.with({ headersToRemove: [...o.headersToRemove, k] }),
  );
  b.fn(`${OK}.WithResponseHeader(${HEADER}): ${OK}`, (o: Ok, h: EnvoyHeaderValueOption) =>
    o.with({ responseHeadersToAdd: [...o.responseHeadersToAdd, h] }),
  );
  b.fn(`${OK}.WithResponseHeader(string, string): ${OK}`, (o: Ok, k: string, v: string) =>
    o.with({ responseHeadersToAdd: [...o.responseHeadersToAdd, header(k, v)] }),
  );
  b.fn(`${OK}.WithQueryParam(${PARAM}): ${OK}`, (o: Ok, p: EnvoyQueryParameter) =>
    o.with({ queryParametersToSet: [...o.queryParametersToSet, p] }),
  );
  b.fn(`${OK}.WithQueryParam(string, string): ${OK}`, (o: Ok, k: string, v: string) =>
    o.with({ queryParametersToSet: [...o.queryParametersToSet, new EnvoyQueryParameter(k, v)] }),
  );
  b.fn(`${OK}.WithoutQueryParam(string): ${OK}`, (o: Ok, k: string) =>
    o.with({ queryParametersToRemove: [...o.queryParametersToRemove, k] }),
  );
}

/** The `envoy` library: builders of Envoy CheckResponses. */
export const envoyAuthzLibrary: CelLibrary = {
  name: 'kyverno authz envoy',
  install(b) {
    b.type('envoy.service.auth.v3.OkHttpResponse', EnvoyOkHttpResponse)
      .type('envoy.service.auth.v3.DeniedHttpResponse', EnvoyDeniedHttpResponse)
      .type('envoy.service.auth.v3.CheckResponse', EnvoyCheckResponse)
      .type('envoy.config.core.v3.HeaderValueOption', EnvoyHeaderValueOption)
      .type('envoy.config.core.v3.QueryParameter', EnvoyQueryParameter);
    b.namespace('envoy', 'EnvoyNamespace');
    b.fn(`EnvoyNamespace.Allowed(): ${OK}`, () => new EnvoyOkHttpResponse());
    b.fn(
      `EnvoyNamespace.Denied(int): ${DENIED}`,
      (_: unknown, code: bigint) => new EnvoyDeniedHttpResponse(toInt(code)),
    );
    b.fn(`EnvoyNamespace.Header(string, string): ${HEADER}`, (_: unknown, k: string, v: string) =>
      header(k, v),
    );
    b.fn(
      `EnvoyNamespace.QueryParam(string, string): ${PARAM}`,
      (_: unknown, k: string, v: string) => new EnvoyQueryParameter(k, v),
    );
    b.fn(
      `${DENIED}.WithBody(string): ${DENIED}`,
      (d: Denied, body: string) => new EnvoyDeniedHttpResponse(d.code, body, d.headers),
    );
    b.fn(
      `${DENIED}.WithHeader(${HEADER}): ${DENIED}`,
      (d: Denied, h: EnvoyHeaderValueOption) =>
        new EnvoyDeniedHttpResponse(d.code, d.body, [...d.headers, h]),
    );
    b.fn(
      `${DENIED}.WithHeader(string, string): ${DENIED}`,
      (d: Denied, k: string, v: string) =>
        new EnvoyDeniedHttpResponse(d.code, d.body, [...d.headers, header(k, v)]),
    );
    installOkResponseBuilders(b);
    b.fn(
      `${HEADER}.KeepEmptyValue(): ${HEADER}`,
      (h: EnvoyHeaderValueOption) => new EnvoyHeaderValueOption(h.key, h.value, true),
    );
    b.fn(
      `${HEADER}.KeepEmptyValue(bool): ${HEADER}`,
      (h: EnvoyHeaderValueOption, keep: boolean) => new EnvoyHeaderValueOption(h.key, h.value, keep),
    );
    // `.Response()` is typed dyn: cel-go lets `cond ? <CheckResponse> : null` check (null stands for any
    // message), this checker only joins a type with null through dyn
    b.fn(`${OK}.Response(): dyn`, (o: Ok) => new EnvoyCheckResponse(o, undefined));
    b.fn(`${DENIED}.Response(): dyn`, (d: Denied) => new EnvoyCheckResponse(undefined, d));
    b.fn(
      `${RESPONSE}.WithMessage(string): ${RESPONSE}`,
      (r: EnvoyCheckResponse, m: string) => new EnvoyCheckResponse(r.ok, r.denied, m, r.metadata),
    );
    b.fn(
      `${RESPONSE}.WithMetadata(map<string, dyn>): ${RESPONSE}`,
      (r: EnvoyCheckResponse, md: unknown) => new EnvoyCheckResponse(r.ok, r.denied, r.message, md),
    );
  },
};

export class HttpAuthzOk {}
export class HttpAuthzDenied {
  constructor(readonly reason: string) {}
}
/** `.Response()` of http.Allowed() / http.Denied(reason). */
export class HttpAuthzResponse {
  constructor(
    readonly ok: boolean,
    readonly reason = '',
  ) {}
}

/** The `http` library of HTTP mode: http.Allowed(), http.Denied(reason) and their `.Response()`. */
export const httpAuthzLibrary: CelLibrary = {
  name: 'kyverno authz http',
  install(b) {
    const OK = 'http.CheckResponseOk';
    const DENIED = 'http.CheckResponseDenied';
    const RESPONSE = 'http.CheckResponse';
    b.type(OK, HttpAuthzOk).type(DENIED, HttpAuthzDenied).type(RESPONSE, HttpAuthzResponse);
    b.namespace('http', 'HttpAuthzNamespace');
    b.fn(`HttpAuthzNamespace.Allowed(): ${OK}`, () => new HttpAuthzOk());
    b.fn(
      `HttpAuthzNamespace.Denied(string): ${DENIED}`,
      (_: unknown, reason: string) => new HttpAuthzDenied(reason),
    );
    b.fn(`${OK}.Response(): dyn`, () => new HttpAuthzResponse(true));
    b.fn(`${DENIED}.Response(): dyn`, (d: HttpAuthzDenied) => new HttpAuthzResponse(false, d.reason));
    // the SDK's http.Get/Post reach the network from this engine too (no apiCallResponses there)
    b.fn('HttpAuthzNamespace.Get(string): dyn', (_: unknown, url: string) =>
      offline(`http.Get(${JSON.stringify(url)})`),
    );
    b.fn('HttpAuthzNamespace.Get(string, map<string, string>): dyn', (_: unknown, url: string) =>
      offline(`http.Get(${JSON.stringify(url)})`),
    );
    b.fn('HttpAuthzNamespace.Post(string, dyn): dyn', (_: unknown, url: string) =>
      offline(`http.Post(${JSON.stringify(url)})`),
    );
    b.fn('HttpAuthzNamespace.Post(string, dyn, map<string, string>): dyn', (_: unknown, url: string) =>
      offline(`http.Post(${JSON.stringify(url)})`),
    );
    // object.attributes.Header(name) / QueryParam(name): the request's values of that key
    b.fn('dyn.Header(string): list<string>', (attrs: Record<string, unknown>, k: string) =>
      valuesOf(attrs.header, k, true),
    );
    b.fn('dyn.QueryParam(string): list<string>', (attrs: Record<string, unknown>, k: string) =>
      valuesOf(attrs.query, k, false),
    );
  },
};

/** The values of `key` in a Go `map[string][]string` (headers: canonical, case-insensitive key). */
function valuesOf(map: unknown, key: string, caseInsensitive: boolean): string[] {
  if (map === null || typeof map !== 'object') return [];
  const m = map as Record<string, unknown>;
  const hit = caseInsensitive
    ? Object.keys(m).find((k) => k.toLowerCase() === key.toLowerCase())
    : Object.hasOwn(m, key)
      ? key
      : undefined;
  const v = hit === undefined ? undefined : m[hit];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}
