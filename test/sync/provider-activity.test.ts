import { randomUUID } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivities } from '../../activities/index.js';
import { createProviderRegistry } from '../../activities/providers/registry.js';
import { createCredentialCipher } from '../../db/crypto.js';
import { upsertIntegration } from '../../db/integrations.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { freePort } from '../helpers/services.js';
import { parseAllowList } from '../../activities/outbound/address.js';
import { createOutboundClient } from '../../activities/outbound/client.js';
import { randomKey, TEST_EGRESS_ALLOW } from '../helpers/stack.js';
import { startFakeGithub, type FakeGithub } from '../fakes/github.js';
import { waitFor } from '../helpers/wait.js';

const TOKEN = `ghp_${randomUUID().replace(/-/g, '')}`;
const REPOSITORY = 'acme/secret-repo';

describe('the runProviderSync activity', () => {
  let db: TestDatabase;
  let github: FakeGithub;
  const cipher = createCredentialCipher([randomKey()]);
  const outbound = createOutboundClient({ allow: parseAllowList(TEST_EGRESS_ALLOW) });
  const activities = () => createActivities({ sql: db.sql, cipher, providers: createProviderRegistry(), outbound });

  beforeAll(async () => {
    db = await createTestDatabase();
    github = await startFakeGithub({ token: TOKEN, repository: REPOSITORY });
  });
  afterAll(async () => {
    await github?.close();
    await outbound.close();
    await db?.drop();
  });

  async function integration(credentials: Record<string, unknown>): Promise<string> {
    const key = { orgId: randomUUID(), projectId: 'web', provider: 'github' as const };
    return (await upsertIntegration(db.sql, key, cipher.encrypt(credentials, key))).id;
  }

  async function failureOf(promise: Promise<unknown>): Promise<ApplicationFailure> {
    const err = await promise.then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(ApplicationFailure);
    return err as ApplicationFailure;
  }

  it('keeps heartbeating the previous attempt\'s progress while the provider is slow', async () => {
    const id = await integration({ token: TOKEN, repository: REPOSITORY, base_url: github.url });
    const previous = { phase: 'push', pushed: 3, pulled: 0, updated: 0 };
    const env = new MockActivityEnvironment({ heartbeatTimeoutMs: 600, heartbeatDetails: previous, attempt: 2 });
    const beats: unknown[] = [];
    env.on('heartbeat', (d: unknown) => beats.push(d));
    const before = github.requests.length;
    github.hold();
    const running = env.run(activities().runProviderSync, { integrationId: id });
    await waitFor(async () => (github.requests.length > before && beats.length >= 3 ? true : undefined), 'heartbeats while blocked');
    github.release();
    await expect(running).resolves.toEqual({ pushed: 0, pulled: 0, updated: 0 });
    expect(beats.slice(0, 3)).toEqual([previous, previous, previous]);
  });

  it('redacts credential values from a provider error that echoes them', async () => {
    const id = await integration({ token: TOKEN, repository: REPOSITORY, base_url: github.url });
    github.fail({ status: 422, body: { message: `repository ${REPOSITORY} is not reachable with ${TOKEN}` } });
    const failure = await failureOf(new MockActivityEnvironment().run(activities().runProviderSync, { integrationId: id }));
    expect(failure).toMatchObject({ type: 'ProviderConfigInvalid', nonRetryable: true });
    expect(failure.message).toBe('GitHub answered 422: repository [redacted] is not reachable with [redacted]');
    expect(failure.cause).toBeUndefined();
  });

  it('passes the provider\'s Retry-After on as the next retry delay', async () => {
    const id = await integration({ token: TOKEN, repository: REPOSITORY, base_url: github.url });
    github.fail({ status: 429, body: { message: 'API rate limit exceeded' }, headers: { 'retry-after': '42' } });
    const failure = await failureOf(new MockActivityEnvironment().run(activities().runProviderSync, { integrationId: id }));
    expect(failure).toMatchObject({ type: 'ProviderRateLimited', nonRetryable: false, nextRetryDelay: 42_000 });
  });

  it('treats an unreachable provider as transient, without the address in the message', async () => {
    const id = await integration({ token: TOKEN, repository: REPOSITORY, base_url: `http://127.0.0.1:${await freePort()}` });
    const failure = await failureOf(new MockActivityEnvironment().run(activities().runProviderSync, { integrationId: id }));
    expect(failure).toMatchObject({ type: 'ProviderUnavailable', nonRetryable: false });
    expect(failure.message).not.toContain(TOKEN);
  });

  it('fails non-retryably when the credentials were wiped by a disconnect', async () => {
    const id = await integration({ token: TOKEN, repository: REPOSITORY });
    await db.sql`update audit_integrations set credentials = null, status = 'disconnected' where id = ${id}`;
    const failure = await failureOf(new MockActivityEnvironment().run(activities().runProviderSync, { integrationId: id }));
    expect(failure).toMatchObject({ type: 'ProviderConfigInvalid', nonRetryable: true });
  });
});
