import { ApiFailure, type Integration, type IntegrationDetail, type Status } from './api.js';
import { openConnectDialog } from './connect-dialog.js';
import { CHANGED, type AppContext } from './context.js';
import { confirmDialog } from './dialogs.js';
import { h, srOnly } from './dom.js';
import type { ProviderInfo } from './providers.js';
import type { SettingsPanel } from './settings-panel.js';
import './settings-panel.js';
import type { SyncHistory } from './sync-history.js';
import './sync-history.js';
import { formatLocal, formatRelative } from './time.js';

const STATUS_LABEL: Record<Status, string> = { connected: 'Connected', syncing: 'Syncing…', error: 'Error', disconnected: 'Not connected' };

/**
 * One provider. The structure is built once and updated in place on every poll, so a focused button keeps its focus
 * while the status changes around it.
 */
export class IntegrationCard extends HTMLElement {
  ctx!: AppContext;
  info!: ProviderInfo;
  row: Integration | undefined;
  /** Settings and health from the org-wide list (or a PATCH answer); the POSTs answer the plain row only. */
  detail: IntegrationDetail | undefined;
  private status = h('span', { class: 'status' });
  private lastSync = h('p', { class: 'last-sync' });
  private error = h('p', { class: 'card-error' });
  private notice = h('p', { class: 'form-error', role: 'alert' });
  private connect = h('button', { type: 'button', class: 'button' });
  private sync = h('button', { type: 'button', class: 'button primary' });
  private disconnect = h('button', { type: 'button', class: 'button danger' });
  private history = document.createElement('audit-sync-history') as SyncHistory;
  private health = h('div', { class: 'health' });
  private reconnect = h('button', { type: 'button', class: 'button primary small' });
  private settings = document.createElement('audit-integration-settings') as SettingsPanel;

  connectedCallback(): void {
    if (this.childElementCount > 0) return;
    const { label, id, role } = this.info;
    const headingId = `card-${id}-title`;
    this.dataset.provider = id;
    this.setAttribute('role', 'article');
    this.setAttribute('aria-labelledby', headingId);
    this.sync.append('Sync now', srOnly(` (${label})`));
    this.disconnect.append('Disconnect', srOnly(` (${label})`));
    this.reconnect.append('Reconnect', srOnly(` (${label})`));
    Object.assign(this.history, { ctx: this.ctx, provider: id, label });
    Object.assign(this.settings, { ctx: this.ctx, info: this.info, onSaved: (row: IntegrationDetail) => this.changed(row), onResync: (row: Integration) => this.changed(row) });
    this.connect.addEventListener('click', () => openConnectDialog(this.ctx, this.info, this.connect, (row) => this.changed(row)));
    this.reconnect.addEventListener('click', () => openConnectDialog(this.ctx, this.info, this.reconnect, (row) => this.changed(row)));
    this.sync.addEventListener('click', () => void this.syncNow());
    this.disconnect.addEventListener('click', () => void this.confirmDisconnect());
    this.append(
      h('div', { class: 'card-head' }, h('h3', { id: headingId }, label), this.status),
      h('p', { class: 'muted' }, role),
      this.lastSync,
      this.health,
      this.error,
      this.notice,
      h('div', { class: 'actions' }, this.connect, this.sync, this.disconnect),
      this.settings,
      this.history,
    );
    this.render();
  }

  /** New row from the list; `lastError` is the last sync run's message when the row is in error. */
  update(row: Integration | IntegrationDetail, lastError?: string | null): void {
    const statusChanged = this.row?.status !== row.status || this.row?.last_sync_at !== row.last_sync_at;
    this.row = row;
    if ('health' in row) {
      const before = this.detail?.health.state;
      this.detail = row;
      this.settings.show(row);
      if (before && before !== 'needs_reconnect' && row.health.state === 'needs_reconnect') this.ctx.announce(`${this.info.label}: reconnect needed.`);
    }
    if (lastError !== undefined) this.error.textContent = row.status === 'error' ? (lastError ?? 'The last sync failed.') : '';
    if (row.status !== 'error') this.error.textContent = '';
    this.render();
    if (statusChanged) this.history.refreshIfOpen();
  }

  /** A sync of this integration started or finished (live events): an open history shows it. */
  refreshHistory(): void {
    this.history.refreshIfOpen();
  }

  private render(): void {
    if (!this.isConnected || !this.row) return;
    const { status, last_sync_at: last } = this.row;
    this.dataset.status = status;
    this.status.className = `status status-${status}`;
    this.status.textContent = STATUS_LABEL[status];
    this.lastSync.replaceChildren(
      last
        ? h('span', {}, 'Last sync ', h('time', { datetime: last, title: formatLocal(last) }, formatLocal(last)), ` (${formatRelative(last)})`)
        : h('span', {}, status === 'disconnected' ? 'Not connected yet' : 'Never synced'),
    );
    const connected = this.row.id !== null && status !== 'disconnected';
    this.connect.replaceChildren(connected ? 'Reconnect' : 'Connect', srOnly(` (${this.info.label})`));
    const readOnly = !this.ctx.canWrite;
    this.connect.disabled = readOnly || status === 'syncing';
    // Actions that cannot apply are hidden rather than disabled: eight cards of greyed-out buttons are noise.
    this.sync.hidden = !connected;
    this.disconnect.hidden = !connected;
    this.sync.disabled = readOnly || status === 'syncing';
    this.disconnect.disabled = readOnly;
    this.history.hidden = this.row.id === null;
    this.settings.hidden = !connected || !this.detail;
    this.renderHealth(connected);
    this.setAttribute('aria-busy', status === 'syncing' ? 'true' : 'false');
  }

  /**
   * Loud only when the owner must act: needs_reconnect names the reason and offers Reconnect (the usual one hides).
   * A reconnect clears `checked_at` and keeps the state until the new credentials work: said quietly meanwhile.
   */
  private renderHealth(connected: boolean): void {
    const health = connected ? this.detail?.health : undefined;
    const state = health?.state ?? 'unknown';
    const awaiting = state === 'needs_reconnect' && !health?.checked_at;
    this.dataset.health = state;
    this.health.className = `health health-${awaiting ? 'pending' : state}`;
    this.connect.hidden = state === 'needs_reconnect' && !awaiting;
    this.reconnect.disabled = !this.ctx.canWrite || this.row?.status === 'syncing';
    if (awaiting) {
      this.health.replaceChildren(h('p', {}, 'Reconnected: the next sync or health check confirms the new credentials.'));
    } else if (state === 'needs_reconnect') {
      this.health.replaceChildren(h('p', {}, `Reconnect needed: ${health?.reason ?? `${this.info.label} refused the stored credentials.`}`), this.reconnect);
    } else if (state === 'degraded') {
      this.health.replaceChildren(h('p', {}, `${this.info.label} had trouble answering lately${health?.reason ? `: ${health.reason}` : '.'}`));
    } else {
      this.health.replaceChildren();
    }
    this.health.hidden = state !== 'needs_reconnect' && state !== 'degraded';
  }

  private changed(row: Integration): void {
    this.notice.textContent = '';
    this.update(row, null);
    this.dispatchEvent(new CustomEvent(CHANGED, { bubbles: true }));
  }

  private async syncNow(): Promise<void> {
    this.sync.disabled = true;
    try {
      const row: Integration = await this.ctx.api.integrations.sync(this.ctx.projectId, this.info.id, { org: this.ctx.orgId });
      this.ctx.announce(`${this.info.label} sync started.`);
      this.changed(row);
    } catch (err) {
      this.notice.textContent = err instanceof ApiFailure ? err.message : 'The sync could not be started.';
      this.render();
    }
  }

  private async confirmDisconnect(): Promise<void> {
    const ok = await confirmDialog({
      title: `Disconnect ${this.info.label}?`,
      message: `The stored credentials for ${this.info.label} in project ${this.ctx.projectId} are deleted, scheduled syncs stop and a running sync is cancelled. Findings and their linked issues stay.`,
      confirm: 'Disconnect',
      opener: this.disconnect,
    });
    if (!ok) return;
    try {
      const row: Integration = await this.ctx.api.integrations.disconnect(this.ctx.projectId, this.info.id, { org: this.ctx.orgId });
      this.ctx.announce(`${this.info.label} disconnected.`);
      this.changed(row);
      this.connect.focus();
    } catch (err) {
      this.notice.textContent = err instanceof ApiFailure ? err.message : 'The integration could not be disconnected.';
    }
  }
}

customElements.define('audit-integration-card', IntegrationCard);
