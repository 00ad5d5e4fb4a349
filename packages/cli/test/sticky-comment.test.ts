/** The sticky PR comment over plain fetch: finds its marker across pages, updates it, or creates one. */
import { describe, expect, it } from 'vitest';
import { COMMENT_MARKER, type CommentContext, postStickyComment } from '../src/output/post-sticky-comment.js';

const ctx: CommentContext = { token: 't0k', owner: 'o', repo: 'r', pullNumber: 7, fork: false };
const API = 'https://api.test';

function fakeGitHub(pages: { id: number; body: string }[][]) {
  const calls: { method: string; url: string; body?: string; auth?: string }[] = [];
  const fetch = (async (url: string, init: RequestInit) => {
    const headers = init.headers as Record<string, string>;
    calls.push({ method: init.method ?? 'GET', url, body: init.body as string, auth: headers.authorization });
    const u = new URL(url);
    if (init.method === 'GET') {
      const page = Number(u.searchParams.get('page') ?? '1');
      const link =
        page < pages.length ? `<${API}${u.pathname}?per_page=100&page=${page + 1}>; rel="next"` : '';
      const items = (pages[page - 1] ?? []).map((c) => ({ ...c, html_url: `https://gh/c/${c.id}` }));
      return new Response(JSON.stringify(items), { headers: { link } });
    }
    return new Response(JSON.stringify({ html_url: 'https://gh/c/new' }), { status: 201 });
  }) as typeof globalThis.fetch;
  return { calls, fetch };
}

describe('postStickyComment', () => {
  it('updates the comment carrying the marker, found on a later page', async () => {
    const gh = fakeGitHub([[{ id: 1, body: 'hello' }], [{ id: 2, body: `${COMMENT_MARKER}\nold` }]]);
    const msg = await postStickyComment(ctx, `${COMMENT_MARKER}\nnew`, { apiUrl: API, fetch: gh.fetch });
    expect(msg).toBe('updated PR comment https://gh/c/2');
    expect(gh.calls.map((c) => `${c.method} ${new URL(c.url).pathname}`)).toEqual([
      'GET /repos/o/r/issues/7/comments',
      'GET /repos/o/r/issues/7/comments',
      'PATCH /repos/o/r/issues/comments/2',
    ]);
    expect(gh.calls[0]!.auth).toBe('Bearer t0k');
    expect(JSON.parse(gh.calls[2]!.body!)).toEqual({ body: `${COMMENT_MARKER}\nnew` });
  });

  it('creates one when none carries the marker', async () => {
    const gh = fakeGitHub([[{ id: 1, body: 'hello' }]]);
    const msg = await postStickyComment(ctx, 'b', { apiUrl: API, fetch: gh.fetch });
    expect(msg).toBe('posted PR comment https://gh/c/new');
    expect(gh.calls.at(-1)!.method).toBe('POST');
  });

  it('skips a fork PR without calling the API', async () => {
    const gh = fakeGitHub([]);
    const msg = await postStickyComment({ ...ctx, fork: true }, 'b', { apiUrl: API, fetch: gh.fetch });
    expect(msg).toMatch(/fork/);
    expect(gh.calls).toEqual([]);
  });
});
