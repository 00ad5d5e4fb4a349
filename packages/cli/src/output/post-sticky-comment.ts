/**
 * The PR comment: one sticky comment, found by the hidden marker on its first line and updated
 * in place. Needs GITHUB_TOKEN, GITHUB_REPOSITORY and a pull_request event; on a fork PR the
 * token is read-only, so the comment is skipped with a note instead of failing the check.
 */
import { readFileSync } from 'node:fs';

export const COMMENT_MARKER = '<!-- neuroscale-validate -->';

export interface CommentContext {
  token: string;
  owner: string;
  repo: string;
  pullNumber: number;
  fork: boolean;
}

export function commentContextFromEnv(env: NodeJS.ProcessEnv): CommentContext | { skip: string } {
  const token = env.GITHUB_TOKEN;
  const repository = env.GITHUB_REPOSITORY;
  const eventPath = env.GITHUB_EVENT_PATH;
  if (!token) return { skip: 'no GITHUB_TOKEN: PR comment not posted' };
  if (!repository?.includes('/')) return { skip: 'no GITHUB_REPOSITORY: PR comment not posted' };
  if (!eventPath) return { skip: 'not running in a GitHub workflow: PR comment not posted' };
  let event: { pull_request?: { number?: number; head?: { repo?: { full_name?: string } } } };
  try {
    event = JSON.parse(readFileSync(eventPath, 'utf8'));
  } catch {
    return { skip: `cannot read ${eventPath}: PR comment not posted` };
  }
  const pr = event.pull_request;
  if (!pr?.number) return { skip: 'not a pull_request event: PR comment not posted' };
  const [owner, repo] = repository.split('/') as [string, string];
  const fork = pr.head?.repo?.full_name !== undefined && pr.head.repo.full_name !== repository;
  return { token, owner, repo, pullNumber: pr.number, fork };
}

/**
 * Three REST calls, made with the built-in fetch. (@octokit/rest pulled in content-type 3, which
 * declares node >= 22 and made `npm install neuroscale-validate` warn on the Node 20 we support.)
 */
export async function postStickyComment(
  ctx: CommentContext,
  body: string,
  options: { apiUrl?: string; fetch?: typeof fetch } = {},
): Promise<string> {
  if (ctx.fork) return `pull request comes from a fork (read-only token): PR comment skipped`;
  const api = (options.apiUrl ?? 'https://api.github.com').replace(/\/$/, '');
  const doFetch = options.fetch ?? fetch;
  const headers = {
    accept: 'application/vnd.github+json',
    authorization: `Bearer ${ctx.token}`,
    'x-github-api-version': '2022-11-28',
    'user-agent': 'neuroscale-validate',
  };
  const call = async (method: string, url: string, payload?: unknown) => {
    const res = await doFetch(url, {
      method,
      headers: payload === undefined ? headers : { ...headers, 'content-type': 'application/json' },
      ...(payload === undefined ? {} : { body: JSON.stringify(payload) }),
    });
    if (!res.ok) throw new Error(`GitHub API ${method} ${new URL(url).pathname}: HTTP ${res.status}`);
    return res;
  };
  const repo = `${api}/repos/${encodeURIComponent(ctx.owner)}/${encodeURIComponent(ctx.repo)}`;
  let mine: { id: number; html_url: string } | undefined;
  let next: string | undefined = `${repo}/issues/${ctx.pullNumber}/comments?per_page=100`;
  while (next && !mine) {
    const res = await call('GET', next);
    const page = (await res.json()) as { id: number; html_url: string; body?: string | null }[];
    mine = page.find((c) => c.body?.startsWith(COMMENT_MARKER));
    next = /<([^>]+)>;\s*rel="next"/.exec(res.headers.get('link') ?? '')?.[1];
  }
  if (mine) {
    await call('PATCH', `${repo}/issues/comments/${mine.id}`, { body });
    return `updated PR comment ${mine.html_url}`;
  }
  const created = (await (
    await call('POST', `${repo}/issues/${ctx.pullNumber}/comments`, { body })
  ).json()) as { html_url: string };
  return `posted PR comment ${created.html_url}`;
}
