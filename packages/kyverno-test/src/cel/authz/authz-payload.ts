/**
 * The `object` an Envoy or HTTP authorization policy sees, from a Test's `envoyPayloads` / `httpPayloads`
 * file. Kyverno decodes the former into Envoy's protobuf CheckRequest (kyverno v1.19.1
 * processor/authz_processor.go: LoadEnvoyRequests, protojson) and the latter into kyverno-authz's Go
 * struct (LoadHTTPRequests, encoding/json); CEL then reads every field of those, set or not, with its
 * zero value. Here the JSON is completed with the zero values of the fields policies read, keyed by
 * their proto / `cel:` names.
 */
import { isPlainRecord as isObj } from '@neuroscale/core';
import { toCel } from '../adapter/index.js';

type Obj = Record<string, unknown>;

/** protojson accepts a field's lowerCamelCase JSON name as well as its proto name. */
const PROTO_NAMES: Readonly<Record<string, string>> = {
  contextExtensions: 'context_extensions',
  metadataContext: 'metadata_context',
  routeMetadataContext: 'route_metadata_context',
  tlsSession: 'tls_session',
  headerMap: 'header_map',
  rawBody: 'raw_body',
  filterMetadata: 'filter_metadata',
  typedFilterMetadata: 'typed_filter_metadata',
};

/** The message's own fields renamed to proto names (map values, like headers, are left alone). */
function protoNames(message: unknown): Obj {
  if (!isObj(message)) return {};
  const out: Obj = {};
  for (const [k, v] of Object.entries(message)) out[PROTO_NAMES[k] ?? k] = v;
  return out;
}

function peer(p: unknown): Obj {
  const m = protoNames(p);
  return {
    address: isObj(m.address) ? m.address : {},
    service: m.service ?? '',
    labels: isObj(m.labels) ? m.labels : {},
    principal: m.principal ?? '',
    certificate: m.certificate ?? '',
    ...m,
  };
}

function httpRequest(h: unknown): Obj {
  const m = protoNames(h);
  return {
    id: '',
    method: '',
    headers: {},
    path: '',
    host: '',
    scheme: '',
    query: '',
    fragment: '',
    size: 0,
    protocol: '',
    body: '',
    ...m,
  };
}

/** An Envoy `envoy.service.auth.v3.CheckRequest` from its JSON form. */
export function envoyCheckRequest(json: unknown): unknown {
  const root = protoNames(json);
  const attributes = protoNames(root.attributes);
  const request = protoNames(attributes.request);
  return toCel({
    ...root,
    attributes: {
      context_extensions: {},
      metadata_context: {},
      route_metadata_context: {},
      ...attributes,
      source: peer(attributes.source),
      destination: peer(attributes.destination),
      request: { ...request, http: httpRequest(request.http) },
    },
  });
}

/** Go's encoding/json matches a struct field's name case-insensitively: the key written for `field`. */
function goField(o: Obj, field: string): unknown {
  if (Object.hasOwn(o, field)) return o[field];
  const key = Object.keys(o).find((k) => k.toLowerCase() === field.toLowerCase());
  return key === undefined ? undefined : o[key];
}

/** A Go `[]byte` from JSON: a base64 string. */
function bytes(v: unknown): Uint8Array {
  return typeof v === 'string' ? new Uint8Array(Buffer.from(v, 'base64')) : new Uint8Array();
}

/** A kyverno-authz `http.CheckRequest` from its JSON form. */
export function httpCheckRequest(json: unknown): unknown {
  const root = isObj(json) ? json : {};
  const a = isObj(goField(root, 'attributes')) ? (goField(root, 'attributes') as Obj) : {};
  const text = (f: string) => (typeof goField(a, f) === 'string' ? goField(a, f) : '');
  const map = (f: string) => (isObj(goField(a, f)) ? goField(a, f) : {});
  const length = goField(a, 'contentLength');
  const attributes = toCel({
    method: text('method'),
    header: map('header'),
    host: text('host'),
    protocol: text('protocol'),
    contentLength: typeof length === 'number' ? length : 0,
    scheme: text('scheme'),
    path: text('path'),
    query: map('query'),
    fragment: text('fragment'),
  }) as Obj;
  return { attributes: { ...attributes, body: bytes(goField(a, 'body')) } };
}
