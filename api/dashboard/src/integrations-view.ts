import { ApiFailure, type IntegrationDetail, type Provider } from './api.js';
import { CHANGED, SYNC_FINISHED, type AppContext } from './context.js';
import { h } from './dom.js';
import type { IntegrationCard } from './integration-card.js';
import './integration-card.js';
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

/**
 * The eight providers, polled live (see poller.ts) with one request for all cards: the org-wide list filtered to this
 * project (`GET /orgs/:org_id/integrations?project_id=`) answers every row with its settings, next_sync_at and health,
 * where the project's list would need one single GET per card; providers without a row get their placeholder. When a
 * row is in error, the last sync run's message comes from `GET …/syncs?limit=1`, fetched once per change of the row.
 */
export class IntegrationsView extends HTMLElement {
  ctx!: AppContext;
  private cards = new Map<Provider, IntegrationCard>();
  private errors = new Map<Provider, { updatedAt: string | null; message: string | null }>();
  private previous = new Map<Provider, IntegrationDetail['status']>();
  private problem = h('p', { class: 'form-error', role: 'alert' });
  private poller: Poller | undefined;

  connectedCallback(): void {
    const list = h('ul', { class: 'grid', role: 'list' });
    for (const info of PROVIDERS) {
      const card = document.createElement('audit-integration-card') as IntegrationCard;
      Object.assign(card, { ctx: this.ctx, info });
      this.cards.set(info.id, card);
      list.append(h('li', {}, card));
    }
    this.replaceChildren(h('h2', { id: 'integrations-title' }, 'Integrations'), this.problem, list);
    this.addEventListener(CHANGED, () => this.poller?.kick());
    this.poller = startPoller(() => this.refresh());
  }

  disconnectedCallback(): void {
    this.poller?.stop();
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
