import type { SyncCounts } from '../../db/sync-runs.js';
import type { FindingForPush, RemoteTask, TaskState } from '../stores/findings-store.js';
import { syncCaps } from './options.js';
import type { ProviderSyncContext } from './types.js';

/** What each issue tracker implements; the push/pull/close algorithm below is shared. */
export interface TrackerClient {
  /** One cheap authenticated read first, so a bad token or unknown project fails on the first request. */
  verify(): Promise<void>;
  /** Files the issue; its body carries `markerFor(finding.id)`. `taskId` is the intent row's id (a UUID v4). */
  create(finding: FindingForPush, taskId: string): Promise<RemoteTask>;
  /**
   * Lists issues created since `since` (not search, whose index lags) and returns those carrying a wanted marker.
   * `more(n)` is told each page's size; false means a per-sync cap was reached: stop listing.
   */
  findByMarkers(findingIds: ReadonlySet<string>, since: Date, more: (items: number) => boolean): Promise<Map<string, RemoteTask>>;
  /** Undefined when the issue is gone (deleted, or moved out of reach): its task is left as it is. */
  get(externalId: string): Promise<RemoteTask | undefined>;
  setState(externalId: string, state: TaskState): Promise<void>;
}

/** Remote clocks and our database clock disagree a little; look back this much further than the intent's time. */
const LOOKBACK_MS = 10 * 60_000;
const BATCH = 100;

export function markerFor(findingId: string): string {
  return `audit-finding:${findingId}`;
}

/** The finding ids whose marker appears in `text` (a Markdown body, or ADF serialised to JSON). */
export function markersIn(text: string | null | undefined, wanted: ReadonlySet<string>): string[] {
  if (!text) return [];
  const found: string[] = [];
  for (const m of text.matchAll(/audit-finding:([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/g)) {
    if (wanted.has(m[1]!)) found.push(m[1]!);
  }
  return found;
}

/** Trackers cap titles around 255 characters; findings allow 300. */
export function issueTitle(finding: Pick<FindingForPush, 'title'>): string {
  return finding.title.length > 255 ? `${finding.title.slice(0, 254)}…` : finding.title;
}

/** Markdown body for GitHub, GitLab and Linear; the marker is an HTML comment where Markdown keeps those. */
export function markdownBody(finding: FindingForPush, opts: { htmlComment: boolean }): string {
  const lines = [`**Severity:** ${finding.severity}`];
  if (finding.category) lines.push(`**Category:** ${finding.category}`);
  if (finding.url) lines.push(`**URL:** ${finding.url}`);
  const parts = [lines.join('  \n')];
  if (finding.description) parts.push(finding.description);
  parts.push(opts.htmlComment ? `<!-- ${markerFor(finding.id)} -->` : `Tracked by the website audit (${markerFor(finding.id)})`);
  return parts.join('\n\n');
}

/**
 * One sync against a tracker: (0) on a full resync, turn every open finding's link into an intent; (1) reconcile
 * intents (left by a crashed attempt, or by step 0) — adopt the issue if the marker shows it was created, else create
 * it; (2) for every open finding without a task, record the intent, create, record the result; (3) read each linked
 * issue and carry changes over: closed there → resolved here, resolved here → closed there, reopened here → reopened
 * there.
 */
export async function runTrackerSync(ctx: ProviderSyncContext, client: TrackerClient): Promise<SyncCounts> {
  const store = ctx.stores.findings;
  const counts: SyncCounts = { pushed: 0, pulled: 0, updated: 0 };
  const touched = new Set<string>();
  const caps = syncCaps(ctx.limits, 'the issue listing');
  const progress = (phase: string) => {
    if (ctx.signal.aborted) throw ctx.signal.reason;
    ctx.heartbeat({ phase, ...counts });
  };

  await client.verify();
  // A full resync: links become intents (from each finding's creation), so step 1 re-matches every open finding by
  // its marker and creates only where none exists. Every attempt does it again: an issue an earlier attempt created is
  // found by its marker like any other.
  const relinked = new Set(ctx.fullResync ? (await store.forgetLinks()).relinked : []);

  const intents = await store.listIntents();
  if (intents.length > 0) {
    const earliest = Math.min(...intents.map((i) => i.intent_at.getTime()));
    const found = await client.findByMarkers(new Set(intents.map((i) => i.id)), new Date(earliest - LOOKBACK_MS), (n) => caps.page(n));
    for (const intent of intents) {
      const remote = found.get(intent.id);
      // A capped listing proves nothing about the issues it did not reach: keep the intent for the next sync rather
      // than risk a duplicate.
      if (!remote && caps.warning) continue;
      if (remote) {
        // Recorded as created (open): if it was closed meanwhile, step 3 sees the change and carries it over.
        await store.recordCreated(intent.task_id, { ...remote, state: 'open' });
        // Found again for a finding that had it linked before a full resync: nothing was pushed.
        if (!relinked.has(intent.id)) counts.pushed += 1;
      } else if (intent.status === 'resolved') {
        await store.dropIntent(intent.task_id);
      } else {
        await store.recordCreated(intent.task_id, await client.create(intent, intent.task_id));
        counts.pushed += 1;
      }
      // Step 3 still reads an adopted issue that is closed there, or whose finding was resolved here meanwhile.
      if (intent.status === 'open' && remote?.state !== 'closed') touched.add(intent.task_id);
      progress('reconcile');
    }
  }

  for (;;) {
    const batch = await store.listUnpushed(BATCH);
    for (const finding of batch) {
      const intent = await store.recordIntent(finding.id);
      if (!intent) continue;
      await store.recordCreated(intent.taskId, await client.create(finding, intent.taskId));
      touched.add(intent.taskId);
      counts.pushed += 1;
      progress('push');
    }
    if (batch.length < BATCH) break;
  }

  for (const task of await store.listLinked()) {
    if (touched.has(task.task_id)) continue;
    const remote = await client.get(task.external_id);
    if (!remote) {
      progress('pull');
      continue;
    }
    if (task.finding_status === 'open' && task.state === 'open') {
      if (remote.state === 'closed' && (await store.resolveFromRemote(task.task_id))) counts.pulled += 1;
      else await store.setTaskState(task.task_id, remote.state);
    } else {
      // The finding changed here since the last sync: resolved → close there, reopened → reopen there.
      const wanted: TaskState = task.finding_status === 'resolved' ? 'closed' : 'open';
      if (remote.state !== wanted) {
        await client.setState(task.external_id, wanted);
        counts.updated += 1;
      }
      await store.setTaskState(task.task_id, wanted);
    }
    progress('pull');
  }
  return caps.warning ? { ...counts, warnings: [caps.warning] } : counts;
}
