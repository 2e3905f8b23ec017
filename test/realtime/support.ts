import { randomUUID } from 'node:crypto';
import { expect, test } from 'vitest';
import { githubAdapter } from '../../activities/providers/github/adapter.js';
import { gitlabAdapter } from '../../activities/providers/gitlab/adapter.js';
import { createJiraAdapter } from '../../activities/providers/jira/adapter.js';
import { linearAdapter } from '../../activities/providers/linear/adapter.js';
import { startFakeGithub, type FakeGithub } from '../fakes/github.js';
import { startFakeGitlab, type FakeGitlab } from '../fakes/gitlab.js';
import { startFakeJira, type FakeJira } from '../fakes/jira.js';
import { startFakeLinear, type FakeLinear } from '../fakes/linear.js';
import { call, startTestApi, startTestWorker, type TestApi, type TestWorker } from '../helpers/stack.js';
import { waitFor } from '../helpers/wait.js';

export const GITHUB_TOKEN = `ghp_${randomUUID().replace(/-/g, '')}`;
export const GITLAB_TOKEN = `glpat-${randomUUID().replace(/-/g, '')}`;
export const LINEAR_KEY = `lin_api_${randomUUID().replace(/-/g, '')}`;
export const LINEAR_TEAM = randomUUID();
export const JIRA_OAUTH_TOKEN = `jira-oauth-${randomUUID()}`;
export const JIRA_API_TOKEN = `ATATT${randomUUID().replace(/-/g, '')}`;

export interface Fakes {
  github: FakeGithub;
  gitlab: FakeGitlab;
  linear: FakeLinear;
  jira: FakeJira;
}

export interface RealtimeStack {
  api: TestApi;
  worker: TestWorker;
  fakes: Fakes;
  orgId: string;
  /** audit:read and audit:write. */
  token: string;
  /** audit:read only. */
  readToken: string;
}

export type Realtime = { state: string; reason: string | null; url: string | null; secret: string | null };
type Run = { trigger: string; outcome: string };

/** Credentials of each tracker fake; Jira after "Connect with Jira" (an OAuth token at api.atlassian.com) or with an API token. */
export function credentialsFor(fakes: Fakes, provider: 'github' | 'gitlab' | 'linear' | 'jira' | 'jira-api-token'): Record<string, unknown> {
  switch (provider) {
    case 'github':
      return { token: GITHUB_TOKEN, repository: fakes.github.repository, base_url: fakes.github.url };
    case 'gitlab':
      return { token: GITLAB_TOKEN, project: fakes.gitlab.project, base_url: fakes.gitlab.url };
    case 'linear':
      return { api_key: LINEAR_KEY, team_id: LINEAR_TEAM, base_url: fakes.linear.url };
    case 'jira':
      return { base_url: fakes.jira.url, project_key: fakes.jira.projectKey, access_token: JIRA_OAUTH_TOKEN, cloud_id: fakes.jira.cloudId };
    case 'jira-api-token':
      return { base_url: fakes.jira.url, project_key: fakes.jira.projectKey, email: 'dev@example.com', api_token: JIRA_API_TOKEN };
  }
}

/**
 * The API on its own database, an in-process worker whose PUBLIC_URL is the API's address (so the URL it registers is
 * the one the detail view shows), its housekeeping loop running (the removal step), and the four tracker fakes.
 */
export const realtimeTest = test.extend('rt', { scope: 'file' }, async ({}, { onCleanup }): Promise<RealtimeStack> => {
  const fakes: Fakes = {
    github: await startFakeGithub({ token: GITHUB_TOKEN, repository: 'acme/web' }),
    gitlab: await startFakeGitlab({ token: GITLAB_TOKEN, project: 'acme/web' }),
    linear: await startFakeLinear({ apiKey: LINEAR_KEY, teamId: LINEAR_TEAM }),
    jira: await startFakeJira({ email: 'dev@example.com', apiToken: JIRA_API_TOKEN, projectKey: 'WEB' }),
  };
  fakes.jira.oauthTokens.add(JIRA_OAUTH_TOKEN);
  const api = await startTestApi();
  const started: { worker?: TestWorker } = {};
  onCleanup(async () => {
    await started.worker?.stop();
    await api.close();
    await Promise.all(Object.values(fakes).map((f) => f.close()));
  });
  const worker = (started.worker = await startTestWorker(api, {
    adapters: [githubAdapter, gitlabAdapter, linearAdapter, createJiraAdapter({ atlassianApiUrl: fakes.jira.url })],
    publicUrl: api.baseUrl,
    housekeeping: {},
  }));
  const orgId = randomUUID();
  return { api, worker, fakes, orgId, token: await api.createKey(orgId), readToken: await api.createKey(orgId, ['audit:read']) };
});

/** One project of the stack's org, as a client of the API sees it. */
export function projectOf(rt: RealtimeStack, projectId = `p-${randomUUID().slice(0, 8)}`) {
  const base = `/api/v1/orgs/${rt.orgId}/projects/${projectId}/audit/integrations`;
  const runs = async (provider: string): Promise<Run[]> => (await call(rt.api.baseUrl, 'GET', `${base}/${provider}/syncs`, { token: rt.token })).json.data as Run[];
  return {
    projectId,
    base,
    async connect(provider: string, credentials: Record<string, unknown>): Promise<void> {
      const res = await call(rt.api.baseUrl, 'POST', `${base}/${provider}/connect`, { token: rt.token, body: { credentials } });
      expect(res.status, res.text).toBeLessThan(300);
    },
    disconnect: (provider: string) => call(rt.api.baseUrl, 'POST', `${base}/${provider}/disconnect`, { token: rt.token }),
    resync: (provider: string) => call(rt.api.baseUrl, 'POST', `${base}/${provider}/resync`, { token: rt.token }),
    detail: (provider: string, token = rt.token) => call(rt.api.baseUrl, 'GET', `${base}/${provider}`, { token }),
    async realtime(provider: string, token = rt.token): Promise<Realtime> {
      const res = await this.detail(provider, token);
      expect(res.status).toBe(200);
      return (res.json.data as { realtime: Realtime }).realtime;
    },
    /** Waits until `count` syncs of `trigger` (any, when absent) finished and the row left `syncing`. */
    async settled(provider: string, count = 1, trigger?: string): Promise<void> {
      await waitFor(async () => {
        const done = (await runs(provider)).filter((r) => r.outcome !== 'running' && (trigger === undefined || r.trigger === trigger));
        if (done.length < count) return undefined;
        const row = await this.detail(provider);
        return (row.json.data as { status: string }).status !== 'syncing' ? true : undefined;
      }, `${count} finished ${trigger ?? ''} sync(s) of ${provider}`);
    },
  };
}
