import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { describe, expect } from 'vitest';
import { syncWorkflowId } from '../../workflows/ids.js';
import { waitFor } from '../helpers/wait.js';
import { githubStackTest } from './support.js';

const TOKEN = `ghp_${randomUUID().replace(/-/g, '')}`;
const REPOSITORY = `acme-${randomUUID().slice(0, 8)}/signals`;

async function signalCount(client: Client, workflowId: string): Promise<number> {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  return (history.events ?? []).filter((e) => e.workflowExecutionSignaledEventAttributes).length;
}

const test = githubStackTest({ token: TOKEN, repository: REPOSITORY });

describe('sync requests on a running sync (history stays bounded)', () => {
  test('500 sync requests on one held sync all answer 202 and add fewer than 20 signals to its history', async ({ stack: { api, orgId }, github, project }) => {
    const p = project('flood');
    expect((await p.connect('github', { token: TOKEN, repository: REPOSITORY, base_url: github.url })).status).toBe(200);
    github.hold(1_000);
    expect((await p.sync('github')).status).toBe(202);
    const workflowId = syncWorkflowId({ orgId, projectId: 'flood', provider: 'github' });
    await waitFor(async () => (github.requests.length > 0 ? true : undefined), 'the provider request to be held');
    // No run was going: a plain start, with no signal in the new run's history (api/sync-starter.ts).
    expect(await signalCount(api.client, workflowId)).toBe(0);

    const statuses: number[] = [];
    for (let batch = 0; batch < 25; batch++) {
      const answers = await Promise.all(Array.from({ length: 20 }, () => p.sync('github')));
      statuses.push(...answers.map((a) => a.status));
    }
    expect(statuses.filter((s) => s === 202)).toHaveLength(500);
    const signals = await signalCount(api.client, workflowId);
    expect(signals).toBeLessThan(20);

    // A request after the run recorded its result (row no longer `syncing`, run still open) is signalled: it may need
    // the follow-up round (workflows/sync-integration.ts).
    await api.db.sql`update audit_integrations set status = 'connected' where org_id = ${orgId} and project_id = 'flood'`;
    expect((await p.sync('github')).status).toBe(202);
    expect(await signalCount(api.client, workflowId)).toBe(signals + 1);

    github.release();
    await p.rowWhen('github', 'connected');
    const { runId } = await api.client.workflow.getHandle(workflowId).describe();
    expect((await api.client.workflow.getHandle(workflowId, runId).result()) as { outcome: string }).toMatchObject({ outcome: 'succeeded' });
  });

  test('starts a new run when the row says syncing but no execution is running', async ({ stack: { api, orgId }, github, project }) => {
    const p = project('orphan');
    expect((await p.connect('github', { token: TOKEN, repository: REPOSITORY, base_url: github.url })).status).toBe(200);
    // A claim whose start was lost: `syncing` with nothing behind it.
    await api.db.sql`update audit_integrations set status = 'syncing' where org_id = ${orgId} and project_id = 'orphan'`;
    expect((await p.sync('github')).status).toBe(202);
    await p.rowWhen('github', 'connected');
  });
});
