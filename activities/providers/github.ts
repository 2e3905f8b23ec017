import type { ProviderAdapter } from './types.js';
import { failureFromResponse, request, requireString } from './http.js';
import { FailureType, permanentFailure } from '../errors.js';

const DEFAULT_BASE_URL = 'https://api.github.com';

export function githubHeaders(token: string): Record<string, string> {
  return {
    authorization: `Bearer ${token}`,
    accept: 'application/vnd.github+json',
    'x-github-api-version': '2022-11-28',
    'user-agent': 'audit-integrations',
  };
}

export function parseRepository(value: string): { owner: string; repo: string } {
  const m = /^([A-Za-z0-9-]{1,39})\/([A-Za-z0-9._-]{1,100})$/.exec(value);
  if (!m) throw permanentFailure(FailureType.Config, 'GitHub credentials: "repository" must look like owner/name');
  return { owner: m[1]!, repo: m[2]! };
}

/** GitHub REST v3. This version checks repository access; pushing findings as issues builds on it. */
export const githubAdapter: ProviderAdapter = {
  provider: 'github',
  requiredCredentials: ['token', 'repository'],
  async sync(ctx) {
    const token = requireString(ctx.credentials, 'token', 'GitHub');
    const { owner, repo } = parseRepository(requireString(ctx.credentials, 'repository', 'GitHub'));
    const baseUrl = (typeof ctx.credentials.base_url === 'string' && ctx.credentials.base_url) || DEFAULT_BASE_URL;
    const res = await request(
      ctx.fetch,
      `${baseUrl.replace(/\/+$/, '')}/repos/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}`,
      { headers: githubHeaders(token), signal: ctx.signal },
      'GitHub',
    );
    if (!res.ok) throw await failureFromResponse(res, 'GitHub', [token]);
    await res.body?.cancel();
    ctx.heartbeat({ step: 'repository-checked' });
    return { pushed: 0, pulled: 0, updated: 0 };
  },
};
