/**
 * The offline HTTP answers of a Test's `apiCallResponses`, looked up the way `kyverno test` looks them up
 * for both classic `context.apiCall` entries and the CEL `http` library: the key is the mock's `url`
 * (or its `urlPath`), prefixed by `METHOD:` when the mock names a method; a call first tries
 * `<its method>:<url>`, then the bare `<url>` of a mock without a method (kyverno v1.19.1
 * cmd/cli/kubectl-kyverno/store/contextloader.go: buildAPICallURLIndex / lookupMockResponse;
 * pkg/cel/libs/http_mock.go: findMockResponse). URLs are compared as written, without normalising.
 */
import type { ApiCallResponse } from '../types.js';

export interface ApiCallMockAnswer {
  /** The HTTP status (200 when the mock gives none). */
  statusCode: number;
  body: unknown;
}

/** The mock's lookup URL: `url`, else `urlPath` (kyverno v1.19.1 apis/v1alpha1 test.go: ResolvedURL). */
export function mockUrl(m: ApiCallResponse): string {
  const url = typeof m.url === 'string' ? m.url.trim() : '';
  if (url) return url;
  return typeof m.urlPath === 'string' ? m.urlPath.trim() : '';
}

const mockMethod = (m: ApiCallResponse) =>
  typeof m.method === 'string' ? m.method.trim().toUpperCase() : '';

const indexes = new WeakMap<readonly ApiCallResponse[], Map<string, ApiCallMockAnswer>>();

/** The index of a mock list (built once per list; a later entry with the same key wins, as in a Go map). */
function indexOf(mocks: readonly ApiCallResponse[]): Map<string, ApiCallMockAnswer> {
  let index = indexes.get(mocks);
  if (index) return index;
  index = new Map();
  for (const m of mocks) {
    const url = mockUrl(m);
    const method = mockMethod(m);
    const statusCode = m.response?.statusCode || 200;
    index.set(method ? `${method}:${url}` : url, { statusCode, body: m.response?.body ?? null });
  }
  indexes.set(mocks, index);
  return index;
}

/** The mocked answer to `method url`, or undefined when no mock covers it. */
export function findApiCallMock(
  mocks: readonly ApiCallResponse[] | undefined,
  method: string,
  url: string,
): ApiCallMockAnswer | undefined {
  if (!mocks?.length || !url) return undefined;
  const index = indexOf(mocks);
  return (method ? index.get(`${method}:${url}`) : undefined) ?? index.get(url);
}
