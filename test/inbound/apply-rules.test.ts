import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInboundActivities } from '../../activities/inbound.js';
import { createCredentialCipher } from '../../db/crypto.js';
import { closeTaskAndResolveFinding, setTaskState } from '../../db/finding-tasks.js';
import { insertInboundDelivery, type InboundChange } from '../../db/inbound-deliveries.js';
import { resolveMissingSentryFindings } from '../../db/sentry-findings.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { randomKey } from '../helpers/stack.js';
import { deliveriesOf, findingStatus, seed, taskOf } from './support.js';

/**
 * The worker's side on its own (activities/inbound.ts against real Postgres, no Temporal): what applying a change means
 * next to the periodic sync, twice, out of order, for a task that is gone.
 */
describe('applyInboundDeliveries', () => {
  let db: TestDatabase;
  const cipher = createCredentialCipher([randomKey()]);
  const orgId = randomUUID();
  let apply: () => Promise<{ applied: number; unchanged: number }>;
  /** How often the live-event hubs were woken (activities/index.ts passes its debounced NOTIFY). */
  let eventWakes = 0;
  beforeAll(async () => {
    db = await createTestDatabase();
    apply = createInboundActivities({ sql: db.sql, wakeEvents: () => eventWakes++ }).applyInboundDeliveries;
  });
  afterAll(() => db?.drop());

  const receive = (integrationId: string, provider: string, change: InboundChange) =>
    insertInboundDelivery(db.sql, { integrationId, provider, deliveryId: randomUUID(), bodySha256: randomUUID(), change });
  const taskIdOf = async (findingId: string) => (await db.sql<{ id: string }[]>`select id from finding_tasks where finding_id = ${findingId}`)[0]!.id;
  const outcomes = async (integrationId: string) => (await deliveriesOf(db.sql, integrationId)).map((d) => d.outcome);

  it('applies a close once: the same change again, or after the periodic sync saw it, changes nothing more', async () => {
    const s = await seed(db.sql, cipher, { orgId, projectId: 'twice', provider: 'github', ref: '7' });
    const taskId = await taskIdOf(s.findingId);
    await receive(s.integrationId, 'github', { kind: 'closed', ref: '7', at: '2025-06-10T14:00:00.000Z' });
    const wakesBefore = eventWakes;
    expect(await apply()).toEqual({ applied: 1, unchanged: 0 });
    // A change applied wakes the live-event hubs once; a pass that changed nothing does not.
    expect(eventWakes).toBe(wakesBefore + 1);
    const [before] = await db.sql<{ updated_at: Date }[]>`select updated_at from findings where id = ${s.findingId}`;
    await receive(s.integrationId, 'github', { kind: 'closed', ref: '7', at: '2025-06-10T14:00:00.000Z' });
    expect(await apply()).toEqual({ applied: 0, unchanged: 1 });
    expect(eventWakes).toBe(wakesBefore + 1);
    // The periodic sync's statement for the same remote state: the finding was resolved already, so nothing changes.
    expect(await closeTaskAndResolveFinding(db.sql, taskId)).toBe(false);
    const [after] = await db.sql<{ updated_at: Date }[]>`select updated_at from findings where id = ${s.findingId}`;
    expect(after!.updated_at).toEqual(before!.updated_at);
    expect(await outcomes(s.integrationId)).toEqual(['applied', 'unchanged']);
  });

  it('after the periodic sync closed it first, the webhook for the same close is unchanged', async () => {
    const s = await seed(db.sql, cipher, { orgId, projectId: 'sync-first', provider: 'gitlab', ref: '3' });
    const taskId = await taskIdOf(s.findingId);
    expect(await closeTaskAndResolveFinding(db.sql, taskId)).toBe(true);
    await receive(s.integrationId, 'gitlab', { kind: 'closed', ref: '3', at: null });
    expect(await apply()).toEqual({ applied: 0, unchanged: 1 });
    expect(await findingStatus(db.sql, s.findingId)).toBe('resolved');
  });

  it('an older change arriving after a newer one is stale: reopened at 14:00 does not undo closed at 14:05', async () => {
    const s = await seed(db.sql, cipher, { orgId, projectId: 'order', provider: 'jira', ref: 'AUD-1' });
    await receive(s.integrationId, 'jira', { kind: 'closed', ref: 'AUD-1', at: '2025-06-10T14:05:00.000Z' });
    await receive(s.integrationId, 'jira', { kind: 'reopened', ref: 'AUD-1', at: '2025-06-10T14:00:00.000Z' });
    expect(await apply()).toEqual({ applied: 1, unchanged: 1 });
    expect(await outcomes(s.integrationId)).toEqual(['applied', 'stale']);
    expect(await findingStatus(db.sql, s.findingId)).toBe('resolved');
    expect(await taskOf(db.sql, s.findingId)).toMatchObject({ state: 'closed' });
  });

  it('a reopen there of a finding resolved here (task closed by our sync) reopens it; a task reopened here is not closed again by a stale echo', async () => {
    const s = await seed(db.sql, cipher, { orgId, projectId: 'reopen', provider: 'linear', ref: 'lin-1' });
    const taskId = await taskIdOf(s.findingId);
    // Resolved here; the sync closed the issue there.
    await db.sql`update findings set status = 'resolved' where id = ${s.findingId}`;
    await setTaskState(db.sql, taskId, 'closed');
    await receive(s.integrationId, 'linear', { kind: 'reopened', ref: 'lin-1', at: '2025-06-10T15:00:00.000Z' });
    expect(await apply()).toEqual({ applied: 1, unchanged: 0 });
    expect(await findingStatus(db.sql, s.findingId)).toBe('open');
    // The close our own sync made there, delivered late (older): stale, the finding stays open.
    await receive(s.integrationId, 'linear', { kind: 'closed', ref: 'lin-1', at: '2025-06-10T14:30:00.000Z' });
    expect(await apply()).toEqual({ applied: 0, unchanged: 1 });
    expect(await findingStatus(db.sql, s.findingId)).toBe('open');
  });

  it('deleted there unlinks the task and keeps the finding; changes for an issue we do not track are ignored', async () => {
    const s = await seed(db.sql, cipher, { orgId, projectId: 'deleted', provider: 'github', ref: '5' });
    await receive(s.integrationId, 'github', { kind: 'deleted', ref: '5', at: null });
    await receive(s.integrationId, 'github', { kind: 'closed', ref: '5', at: null });
    await receive(s.integrationId, 'github', { kind: 'closed', ref: '404', at: null });
    expect(await apply()).toEqual({ applied: 1, unchanged: 2 });
    expect(await outcomes(s.integrationId)).toEqual(['applied', 'ignored', 'ignored']);
    expect(await taskOf(db.sql, s.findingId)).toBeUndefined();
    expect(await findingStatus(db.sql, s.findingId)).toBe('open');
  });

  it('sentry: resolved then the periodic pull agreeing changes nothing more; unresolved reopens', async () => {
    const s = await seed(db.sql, cipher, { orgId, projectId: 'sentry', provider: 'sentry', ref: '77', secret: 'client-secret' });
    await receive(s.integrationId, 'sentry', { kind: 'resolved', ref: '77', at: null });
    expect(await apply()).toEqual({ applied: 1, unchanged: 0 });
    // The pull's statement (the issue is not in the unresolved list any more): already resolved, nothing to do.
    expect(await resolveMissingSentryFindings(db.sql, { orgId, projectId: 'sentry' }, [])).toBe(0);
    await receive(s.integrationId, 'sentry', { kind: 'unresolved', ref: '77', at: null });
    expect(await apply()).toEqual({ applied: 1, unchanged: 0 });
    expect(await findingStatus(db.sql, s.findingId)).toBe('open');
  });

  it('a disconnected integration\'s deliveries change nothing', async () => {
    const s = await seed(db.sql, cipher, { orgId, projectId: 'gone', provider: 'github', ref: '1' });
    await receive(s.integrationId, 'github', { kind: 'closed', ref: '1', at: null });
    await db.sql`update audit_integrations set status = 'disconnected' where id = ${s.integrationId}`;
    expect(await apply()).toEqual({ applied: 0, unchanged: 1 });
    expect(await findingStatus(db.sql, s.findingId)).toBe('open');
  });
});
