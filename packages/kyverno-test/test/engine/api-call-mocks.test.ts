import { describe, expect, it } from 'vitest';
import { findApiCallMock } from '../../src/engine/variables/api-call-mocks.js';

describe('findApiCallMock (kyverno test lookupMockResponse / findMockResponse)', () => {
  const mocks = [
    { url: 'https://a.example.test/x', response: { body: { any: true } } },
    { url: 'https://a.example.test/x', method: 'POST', response: { statusCode: 201, body: { post: true } } },
    { urlPath: '/api/v1/namespaces', method: 'GET', response: { body: { items: [] } } },
  ];

  it('tries METHOD:url first, then a mock without a method', () => {
    expect(findApiCallMock(mocks, 'POST', 'https://a.example.test/x')).toEqual({
      statusCode: 201,
      body: { post: true },
    });
    expect(findApiCallMock(mocks, 'GET', 'https://a.example.test/x')).toEqual({
      statusCode: 200,
      body: { any: true },
    });
  });

  it('compares URLs as written, urlPath mocks included, and answers nothing otherwise', () => {
    expect(findApiCallMock(mocks, 'GET', '/api/v1/namespaces')?.body).toEqual({ items: [] });
    expect(findApiCallMock(mocks, 'POST', '/api/v1/namespaces')).toBeUndefined();
    expect(findApiCallMock(mocks, 'GET', 'https://a.example.test/x/')).toBeUndefined();
    expect(findApiCallMock(mocks, 'GET', '')).toBeUndefined();
    expect(findApiCallMock(undefined, 'GET', 'https://a.example.test/x')).toBeUndefined();
  });
});
