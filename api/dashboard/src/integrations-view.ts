import { ApiFailure, type IntegrationDetail, type LiveEvent, type Provider } from './api.js';
import { CHANGED, SYNC_FINISHED, type AppContext } from './context.js';
import { h } from './dom.js';
import type { IntegrationCard } from './integration-card.js';
import './integration-card.js';
import { followProject, type LiveLink } from './live-events.js';
import { startPoller, type Poller } from './poller.js';
import { PROVIDERS, providerInfo } from './providers.js';

/** A provider this project never connected: the list's placeholder with the single GET's defaults. */
function placeholder(provider: Provider): IntegrationDetail {
  return {
    id: null,
    provider,
    status: 'disconnected',
    credentials: {},
    last_sync_at: null,
    inserted_at: null,
    updated_at: null,
    settings: { sync_interval_seconds: null, paused: false },
    next_sync_at: null,
    health: { state: 'unknown', reason: null, checked_at: null, credentials_expire_at: null },
  };
}

type IntegrationEvent = Extract<LiveEvent, { type: 'integration.updated' }>['data'];

/**
 * The eight providers, kept live by the project's event stream (live-events.ts): `integration.updated` changes a card
 * in place, `sync.*` refreshes an open sync history, and the list is read once per (re)connect and per `reset`. Only
 * while the stream is down does the poller (poller.ts) read the list instead; it stops once the stream is back.
 * The list is one request for all cards: the org-wide list filtered to this project (`GET /orgs/:org_id/integrations?
 * project_id=`) answers every row with its settings, next_sync_at and health; providers without a row get their
 * placeholder. A row in error shows the failed run's message: from `sync.finished`, else `GET …/syncs?limit=1`, fetched
 * once per change of the row.
 */
export class IntegrationsView extends HTMLElement {
  ctx!: AppContext;
  private cards = new Map<Provider, IntegrationCard>();
  private errors = new Map<Provider, { updatedAt: string | null; message: string | null }>();
  /** The failed run's message from `sync.finished`, while the stream is up. */
  private runErrors = new Map<Provider, string | null>();
  /** Each provider's last full row: an event's fields go over it (they carry all of it but `realtime`). */
  private rows = new Map<Provider, IntegrationDetail>();
  private previous = new Map<Provider, IntegrationDetail['status']>();
  private problem = h('p', { class: 'form-error', role: 'alert' });
  private liveState = h('p', { class: 'muted live-state' });
  private poller: Poller | undefined;
  private live: LiveLink | undefined;
  /** Events and re-reads one after the other, so an older answer never overwrites a newer event. */
  private queue: Promise<void> = Promise.resolve();

  connectedCallback(): void {
    const list = h('ul', { class: 'grid', role: 'list' });
    for (const info of PROVIDERS) {
      const card = document.createElement('audit-integration-card') as IntegrationCard;
      Object.assign(card, { ctx: this.ctx, info });
      this.cards.set(info.id, card);
      list.append(h('li', {}, card));
    }
    this.replaceChildren(h('h2', { id: 'integrations-title' }, 'Integrations'), this.liveState, this.problem, list);
    // A change made here: the stream reports it; the poller, when it stands in, is asked to look at once.
    this.addEventListener(CHANGED, () => this.poller?.kick());
    this.live = followProject(this.ctx, {
      open: () => {
        this.setLive(true);
        this.enqueue(() => this.refresh().then(() => undefined));
      },
      down: () => this.setLive(false),
      event: (event) => this.enqueue(() => this.apply(event)),
    });
  }

  disconnectedCallback(): void {
    this.live?.stop();
    this.poller?.stop();
  }

  private enqueue(work: () => Promise<void>): void {
    // A failed step is shown where it failed (refresh sets the alert); the next one runs regardless.
    this.queue = this.queue.then(work).catch(() => undefined);
  }

  /** Stream up: no polling. Stream down: the poller stands in until it is back. */
  private setLive(up: boolean): void {
    this.dataset.live = up ? 'stream' : 'polling';
    this.liveState.textContent = up ? 'Live updates on.' : 'Live updates unavailable: refreshing every few seconds.';
    if (up) {
      this.poller?.stop();
      this.poller = undefined;
    } else {
      // Messages from events may be older than what polling will show.
      this.runErrors.clear();
      this.poller ??= startPoller(() => this.refresh());
    }
  }

  private async apply(event: LiveEvent): Promise<void> {
    if (event.type === 'reset') {
      await this.refresh();
    } else if (event.type === 'integration.updated') {
      if (event.data.project_id === this.ctx.projectId) await this.applyRow(event.data);
    } else if (event.type === 'sync.started' || event.type === 'sync.finished') {
      const { provider } = event.data;
      if (event.type === 'sync.finished' && event.data.outcome === 'failed') this.runErrors.set(provider, event.data.error_message);
      else this.runErrors.delete(provider);
      this.cards.get(provider)?.refreshHistory();
      const row = this.rows.get(provider);
      // A row that went to error before its run's event: now with the run's message.
      if (event.type === 'sync.finished' && row?.status === 'error') await this.show(row);
    }
  }

  /** The event's row (the list row plus settings, next_sync_at and health) over the last full one. */
  private async applyRow(data: IntegrationEvent): Promise<void> {
    await this.show({ ...(this.rows.get(data.provider) ?? placeholder(data.provider)), ...data } as IntegrationDetail);
  }

  private async refresh(): Promise<boolean> {
    let rows: IntegrationDetail[];
    try {
      // A project holds at most one row per provider: one page of 100 is all of them.
      const found = (await this.ctx.api.integrations.listOrg({ org: this.ctx.orgId, project_id: this.ctx.projectId, pageSize: 100 }).page()).items;
      rows = PROVIDERS.map((p) => found.find((r) => r.provider === p.id) ?? placeholder(p.id));
      this.problem.textContent = '';
    } catch (err) {
      this.problem.textContent = err instanceof ApiFailure ? `The integrations could not be loaded: ${err.message}` : 'The integrations could not be loaded.';
      throw err;
    }
    await Promise.all(rows.map((row) => this.show(row)));
    return rows.some((r) => r.status === 'syncing');
  }

  private async show(row: IntegrationDetail): Promise<void> {
    const card = this.cards.get(row.provider);
    if (!card) return;
    this.rows.set(row.provider, row);
    const before = this.previous.get(row.provider);
    this.previous.set(row.provider, row.status);
    card.update(row, row.status === 'error' ? await this.lastError(row) : null);
    if (before === 'syncing' && (row.status === 'connected' || row.status === 'error')) {
      const label = providerInfo(row.provider).label;
      this.ctx.announce(row.status === 'connected' ? `${label} sync finished.` : `${label} sync failed.`);
      this.dispatchEvent(new CustomEvent(SYNC_FINISHED, { bubbles: true, detail: { provider: row.provider, status: row.status } }));
    }
  }

  private async lastError(row: IntegrationDetail): Promise<string | null> {
    if (this.runErrors.has(row.provider)) return this.runErrors.get(row.provider) ?? null;
    const cached = this.errors.get(row.provider);
    if (cached && cached.updatedAt === row.updated_at) return cached.message;
    try {
      const { items } = await this.ctx.api.syncRuns.list(this.ctx.projectId, row.provider, { org: this.ctx.orgId, pageSize: 1 }).page();
      const message = items[0]?.error_message ?? null;
      this.errors.set(row.provider, { updatedAt: row.updated_at, message });
      return message;
    } catch {
      return null;
    }
  }
}

customElements.define('audit-integrations', IntegrationsView);
