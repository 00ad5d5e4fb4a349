/**
 * The PR comment: one sticky comment, found by the hidden marker on its first line and updated
 * in place. Needs GITHUB_TOKEN, GITHUB_REPOSITORY and a pull_request event; on a fork PR the
 * token is read-only, so the comment is skipped with a note instead of failing the check.
 */
import { readFileSync } from 'node:fs';
import { Octokit } from '@octokit/rest';

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

export async function postStickyComment(ctx: CommentContext, body: string): Promise<string> {
  if (ctx.fork) return `pull request comes from a fork (read-only token): PR comment skipped`;
  const octokit = new Octokit({ auth: ctx.token });
  const comments = await octokit.paginate(octokit.rest.issues.listComments, {
    owner: ctx.owner,
    repo: ctx.repo,
    issue_number: ctx.pullNumber,
    per_page: 100,
  });
  const mine = comments.find((c) => c.body?.startsWith(COMMENT_MARKER));
  if (mine) {
    await octokit.rest.issues.updateComment({ owner: ctx.owner, repo: ctx.repo, comment_id: mine.id, body });
    return `updated PR comment ${mine.html_url}`;
  }
  const created = await octokit.rest.issues.createComment({
    owner: ctx.owner,
    repo: ctx.repo,
    issue_number: ctx.pullNumber,
    body,
  });
  return `posted PR comment ${created.data.html_url}`;
}
