/**
 * The link options of the Markdown writers (PR comment, job summary) from the GitHub Actions
 * environment. Pure: the CLI passes `process.env` (and, for pull requests, the head SHA it read from
 * the event payload, because GITHUB_SHA is then the merge commit).
 */
export interface GithubLinks {
  /** `https://github.com/<owner>/<repo>/blob/<sha>` */
  blobUrl?: string;
  /** The workflow run, where the job summary lives. */
  detailsUrl?: string;
}

export function githubLinksFromEnv(
  env: Readonly<Record<string, string | undefined>>,
  headSha?: string,
): GithubLinks {
  const server = (env.GITHUB_SERVER_URL ?? 'https://github.com').replace(/\/+$/, '');
  const repo = env.GITHUB_REPOSITORY;
  if (!repo) return {};
  const links: GithubLinks = {};
  const sha = headSha ?? env.GITHUB_SHA;
  if (sha) links.blobUrl = `${server}/${repo}/blob/${sha}`;
  if (env.GITHUB_RUN_ID) {
    links.detailsUrl = `${server}/${repo}/actions/runs/${env.GITHUB_RUN_ID}${env.GITHUB_RUN_ATTEMPT && env.GITHUB_RUN_ATTEMPT !== '1' ? `/attempts/${env.GITHUB_RUN_ATTEMPT}` : ''}`;
  }
  return links;
}
