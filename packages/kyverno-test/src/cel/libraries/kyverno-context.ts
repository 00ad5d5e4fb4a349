/**
 * Kyverno SDK libraries that read the cluster or the network: `resource` (Get/List/Post/ToGVR),
 * `image` (GetMetadata), `http`, `globalContext`. Offline, `resource.*` and `image.GetMetadata`
 * are served from the Test's `context:` file (cli.kyverno.io/v1alpha1 Context, spec.resources and
 * spec.images), `http.Get/Post` from its `apiCallResponses` and `globalContext.Get` from its
 * `globalContextEntries`, exactly what `kyverno test` mocks; everything else is an evaluation
 * error saying it needs a cluster or the network — never a guessed value.
 */

import type { ApiCallResponse } from '../../engine/index.js';
import { findApiCallMock } from '../../engine/variables/api-call-mocks.js';
import { type CelLibrary, toCel } from '../adapter/index.js';
import { fail, offline } from './errors.js';
import { pluralOf } from './kind-plurals.js';

export interface CelContextData {
  /** Objects `resource.Get/List` may return (Context spec.resources). */
  resources?: readonly Record<string, unknown>[];
  /** Image metadata `image.GetMetadata` returns (Context spec.images), keyed by their `image`. */
  images?: readonly Record<string, unknown>[];
  /** A Test's `apiCallResponses`: what `http.Get/Post` answer offline. */
  httpMocks?: readonly ApiCallResponse[];
  /** A Test's `globalContextEntries`, resolved: what `globalContext.Get` answers offline. */
  globalContext?: ReadonlyMap<string, unknown>;
}

const meta = (o: Record<string, unknown>) => (o.metadata ?? {}) as Record<string, unknown>;

export class ResourceLibrary {
  constructor(
    readonly data: CelContextData | undefined,
    readonly source = 'the Test context file',
  ) {}

  #candidates(apiVersion: string, resource: string, namespace: string): Record<string, unknown>[] {
    if (!this.data?.resources) offline('resource.Get/List (no Test context file)');
    return this.data.resources.filter((o) => {
      if (o.apiVersion !== apiVersion) return false;
      if (pluralOf(String(o.kind ?? '')) !== resource.toLowerCase()) return false;
      const ns = String(meta(o).namespace ?? '');
      return namespace === '' || ns === namespace;
    });
  }

  get(apiVersion: string, resource: string, namespace: string, name: string): unknown {
    const hit = this.#candidates(apiVersion, resource, namespace).find((o) => meta(o).name === name);
    if (!hit) fail(`${resource} "${name}" not found in ${this.source}`);
    return toCel(hit);
  }

  list(apiVersion: string, resource: string, namespace: string, labels?: Record<string, string>): unknown {
    let items = this.#candidates(apiVersion, resource, namespace);
    if (labels && Object.keys(labels).length > 0) {
      items = items.filter((o) => {
        const l = (meta(o).labels ?? {}) as Record<string, unknown>;
        return Object.entries(labels).every(([k, v]) => l[k] === v);
      });
    }
    return toCel({ apiVersion: 'v1', kind: 'List', items });
  }
}

export class ImageDataLibrary {
  constructor(readonly data: CelContextData | undefined) {}
  getMetadata(ref: string): unknown {
    if (!this.data?.images) offline(`image.GetMetadata(${JSON.stringify(ref)}) (no Test context file)`);
    const hit = this.data.images.find((i) => i.image === ref);
    if (!hit)
      fail(`image ${JSON.stringify(ref)} not found in the Test context file (fetching it needs the network)`);
    return toCel(hit);
  }
}

/**
 * `http.Get/Post`: a mocked URL answers `{body, statusCode}` without headers or the posted data being
 * compared (kyverno v1.19.1 pkg/cel/libs/http_mock.go: findMockResponse, `METHOD:url` then `url`;
 * cmd/cli/kubectl-kyverno/commands/test/test.go: wrapHTTPResponse); any other URL needs the network.
 */
export class HttpLibrary {
  constructor(readonly mocks: readonly ApiCallResponse[] | undefined) {}
  call(method: 'GET' | 'POST', url: string): unknown {
    const mock = findApiCallMock(this.mocks, method, url);
    if (!mock) offline(`http.${method[0]}${method.slice(1).toLowerCase()}(${JSON.stringify(url)})`);
    return toCel({ body: mock.body, statusCode: mock.statusCode });
  }
}

/**
 * `globalContext.Get(name, projection)` over the Test's entries, as the CLI's fake context provider
 * answers it (kyverno v1.19.1 pkg/cel/libs/fake_context.go: GetGlobalReference): an unknown entry is
 * null; a projection reads that key of the entry's object, and is an error when absent. `policy test`
 * always gives entries (none is an empty set: the CLI's fake provider answers null); without any set
 * (`policy apply`, the pipeline) the call needs a cluster.
 */
export class GlobalContextLibrary {
  constructor(readonly entries: ReadonlyMap<string, unknown> | undefined) {}
  get(name: string, projection: string): unknown {
    if (!this.entries) offline(`globalContext.Get(${JSON.stringify(name)})`);
    if (!this.entries.has(name)) return null;
    const data = this.entries.get(name);
    if (projection === '') return toCel(data);
    if (data === null || typeof data !== 'object' || Array.isArray(data))
      fail(
        `projection ${JSON.stringify(projection)} not found in global context entry ${JSON.stringify(name)}: stored value is not an object`,
      );
    if (!Object.hasOwn(data, projection))
      fail(
        `projection ${JSON.stringify(projection)} not found in global context entry ${JSON.stringify(name)}`,
      );
    return toCel((data as Record<string, unknown>)[projection]);
  }
}
export class Gvr {
  constructor(
    readonly group: string,
    readonly version: string,
    readonly resource: string,
  ) {}
}

/** Activation values of the context libraries for one suite / run. */
export function contextActivation(data: CelContextData | undefined): Record<string, unknown> {
  return {
    resource: new ResourceLibrary(data),
    image: new ImageDataLibrary(data),
    http: new HttpLibrary(data?.httpMocks),
    globalContext: new GlobalContextLibrary(data?.globalContext),
  };
}

export interface ContextLibraryOptions {
  /** NamespacedValidatingPolicy: resource.* without the namespace argument. */
  namespaced?: boolean;
}

function gvrApiVersion(g: Gvr): string {
  return g.group ? `${g.group}/${g.version}` : g.version;
}

type Builder = Parameters<CelLibrary['install']>[0];
type Labels = Record<string, string>;
const LABELS = 'map<string, string>';
const RESULT = 'map<string, dyn>';

/**
 * `resource.Get` / `resource.List` in every argument form of the Kyverno SDK (`cel/libs/resource`):
 * apiVersion + resource or a `GVR`, with or without a label selector map; a NamespacedValidatingPolicy
 * drops the namespace argument (its own namespace is used). Each is also registered under its
 * lower-case name (`get`, `list`).
 */
function installResourceReads(b: Builder, namespaced: boolean): void {
  const R = 'ResourceLibrary';
  // namespaced forms read the policy's namespace; offline that is every namespace of the context file
  const nsArg = namespaced ? [] : ['string'];
  const ns = (args: unknown[]): [string, unknown[]] =>
    namespaced ? ['', args] : [args[0] as string, args.slice(1)];
  for (const [get, list] of [
    ['Get', 'List'],
    ['get', 'list'],
  ] as const) {
    const sig = (name: string, args: string[]) => `${R}.${name}(${args.join(', ')}): ${RESULT}`;
    b.fn(
      sig(get, ['string', 'string', ...nsArg, 'string']),
      (r: ResourceLibrary, a: string, res: string, ...rest: unknown[]) => {
        const [namespace, [name]] = ns(rest);
        return r.get(a, res, namespace, name as string);
      },
    );
    b.fn(sig(get, ['GVR', ...nsArg, 'string']), (r: ResourceLibrary, g: Gvr, ...rest: unknown[]) => {
      const [namespace, [name]] = ns(rest);
      return r.get(gvrApiVersion(g), g.resource, namespace, name as string);
    });
    for (const withLabels of [false, true]) {
      const labelArg = withLabels ? [LABELS] : [];
      b.fn(
        sig(list, ['string', 'string', ...nsArg, ...labelArg]),
        (r: ResourceLibrary, a: string, res: string, ...rest: unknown[]) => {
          const [namespace, [labels]] = ns(rest);
          return r.list(a, res, namespace, labels as Labels | undefined);
        },
      );
      b.fn(sig(list, ['GVR', ...nsArg, ...labelArg]), (r: ResourceLibrary, g: Gvr, ...rest: unknown[]) => {
        const [namespace, [labels]] = ns(rest);
        return r.list(gvrApiVersion(g), g.resource, namespace, labels as Labels | undefined);
      });
    }
  }
}

/**
 * Registers a member function under its PascalCase name and, as the Kyverno SDK does from library
 * version 1.18 on (every `cel/libs/*` lib.go: `if c.version.AtLeast(version.MajorMinor(1, 18))`
 * adds the camelCase names; kyverno v1.19.1 pkg/cel/policies/vpol/compiler/compiler.go passes
 * `Latest()`), under its camelCase name too: `http.get`, `globalContext.get`, `image.getMetadata`,
 * `resource.post`, `resource.toGVR`.
 */
function pascalAndCamel(b: Builder, signature: string, handler: (...args: never[]) => unknown): void {
  b.fn(signature, handler);
  b.fn(
    signature.replace(/\.([A-Z])/, (_, c: string) => `.${c.toLowerCase()}`),
    handler,
  );
}

export function kyvernoContextLibrary(options: ContextLibraryOptions = {}): CelLibrary {
  return {
    name: 'kyverno context',
    install(b) {
      b.type('ResourceLibrary', ResourceLibrary).variable('resource', 'ResourceLibrary');
      b.type('ImageDataLibrary', ImageDataLibrary).variable('image', 'ImageDataLibrary');
      b.type('HttpLibrary', HttpLibrary).variable('http', 'HttpLibrary');
      b.type('GlobalContextLibrary', GlobalContextLibrary).variable('globalContext', 'GlobalContextLibrary');
      b.type('GVR', Gvr);
      const R = 'ResourceLibrary';
      const both = (signature: string, handler: (...args: never[]) => unknown) =>
        pascalAndCamel(b, signature, handler);
      installResourceReads(b, options.namespaced === true);
      if (!options.namespaced)
        both(`${R}.Post(string, string, string, map<string, dyn>): map<string, dyn>`, () =>
          offline('resource.Post'),
        );
      both(`${R}.Post(string, string, map<string, dyn>): map<string, dyn>`, () => offline('resource.Post'));
      both(`${R}.ToGVR(string, string): GVR`, (_: ResourceLibrary, apiVersion: string, kind: string) => {
        const i = apiVersion.indexOf('/');
        return new Gvr(
          i < 0 ? '' : apiVersion.slice(0, i),
          i < 0 ? apiVersion : apiVersion.slice(i + 1),
          pluralOf(kind),
        );
      });
      both('ImageDataLibrary.GetMetadata(string): map<string, dyn>', (i: ImageDataLibrary, ref: string) =>
        i.getMetadata(ref),
      );
      installHttp(both);
      both('GlobalContextLibrary.Get(string): dyn', (g: GlobalContextLibrary, n: string) => g.get(n, ''));
      both('GlobalContextLibrary.Get(string, string): dyn', (g: GlobalContextLibrary, n: string, p: string) =>
        g.get(n, p),
      );
    },
  };
}

/**
 * `http.Get/Post/Client`, with and without headers (Kyverno SDK `cel/libs/http/lib.go`; v1.19.1's
 * pkg/cel/libs/http_mock.go wraps exactly these three).
 */
function installHttp(both: (signature: string, handler: (...args: never[]) => unknown) => void): void {
  const H = 'HttpLibrary';
  both(`${H}.Get(string): dyn`, (h: HttpLibrary, url: string) => h.call('GET', url));
  both(`${H}.Get(string, map<string, string>): dyn`, (h: HttpLibrary, url: string) => h.call('GET', url));
  both(`${H}.Post(string, dyn): dyn`, (h: HttpLibrary, url: string) => h.call('POST', url));
  both(`${H}.Post(string, dyn, map<string, string>): dyn`, (h: HttpLibrary, url: string) =>
    h.call('POST', url),
  );
  both(`${H}.Client(string): ${H}`, (h: HttpLibrary) => h);
}
