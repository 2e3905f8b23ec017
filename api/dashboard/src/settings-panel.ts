import type { components } from '../../sdk/src/openapi.js';
import { ApiFailure, type Integration, type IntegrationDetail } from './api.js';
import type { AppContext } from './context.js';
import { confirmDialog } from './dialogs.js';
import { h, srOnly, uid } from './dom.js';
import type { ProviderInfo } from './providers.js';
import { formatInterval, formatLocal, formatRelative } from './time.js';

/** The interval choices (seconds; '' = null, the deployment's SYNC_INTERVAL), all within the API's 300..604800. */
const INTERVALS: [string, string][] = [
  ['', 'Deployment default'],
  ['900', 'Every 15 minutes'],
  ['3600', 'Every hour'],
  ['21600', 'Every 6 hours'],
  ['86400', 'Every 24 hours'],
  ['604800', 'Every 7 days'],
];

/** The single GET's inbound webhook state (issue 28). */
type Realtime = components['schemas']['IntegrationRealtime'];
const REALTIME_STATE: Record<Realtime['state'], string> = {
  pending: 'Not registered yet',
  registered: 'On: the provider pushes changes here',
  manual: 'Add the webhook by hand',
  unavailable: 'Not available for this provider',
};

/**
 * One connected integration's sync settings inside a <details> (as the sync history): the interval, pause/resume and
 * "Full resync" behind a confirmation. Each change is one `PATCH …/settings` (or `POST …/resync`), and what is shown
 * comes from the API's answer, never from what was picked.
 */
export class SettingsPanel extends HTMLElement {
  ctx!: AppContext;
  info!: ProviderInfo;
  /** The API's answer to a PATCH: the card re-renders from it. */
  onSaved!: (row: IntegrationDetail) => void;
  /** The 202 row of a resync: the card goes syncing as after "Sync now". */
  onResync!: (row: Integration) => void;
  private details = h('details', { class: 'settings' });
  private nextSync = h('p', { class: 'next-sync' });
  private select = h('select', { id: uid('interval'), name: 'sync_interval_seconds' });
  private save = h('button', { type: 'submit', class: 'button small' });
  private pause = h('button', { type: 'button', class: 'button small' });
  private resync = h('button', { type: 'button', class: 'button small' });
  private error = h('p', { class: 'form-error', role: 'alert' });
  /** Real-time updates: the state, its reason, and the URL and (manual, audit:write) secret to copy. */
  private realtime = h('div', { class: 'realtime', hidden: true });
  private shownRealtime = '';
  private detail: IntegrationDetail | undefined;
  /** The interval last shown from the API: a poll resets the select only when the saved value changed. */
  private shownInterval: string | undefined;
  private optionsKey = '';
  private busy = false;

  connectedCallback(): void {
    if (this.details.isConnected) return;
    const { label } = this.info;
    this.save.append('Save interval', srOnly(` (${label})`));
    this.resync.append('Full resync', srOnly(` (${label})`));
    const form = h(
      'form',
      { class: 'interval-form', novalidate: true },
      h('label', { for: this.select.id }, 'Sync interval', srOnly(` (${label})`)),
      h('div', { class: 'inline' }, this.select, this.save),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const value = this.select.value;
      void this.patch({ sync_interval_seconds: value === '' ? null : Number(value) }, `${label} sync interval saved.`);
    });
    this.pause.addEventListener('click', () => {
      const paused = !(this.detail?.settings.paused ?? false);
      void this.patch({ paused }, paused ? `${label} periodic syncs paused.` : `${label} periodic syncs resumed.`);
    });
    this.resync.addEventListener('click', () => void this.confirmResync());
    this.details.addEventListener('toggle', () => {
      if (this.details.open) void this.loadRealtime();
    });
    this.details.append(
      h('summary', {}, 'Sync settings', srOnly(` (${label})`)),
      h('div', { class: 'settings-body' }, this.nextSync, form, h('div', { class: 'actions' }, this.pause, this.resync), this.error, this.realtime),
    );
    this.append(this.details);
    this.render();
  }

  show(detail: IntegrationDetail): void {
    this.detail = detail;
    this.render();
  }

  private render(): void {
    const d = this.detail;
    if (!d || !this.details.isConnected) return;
    const { sync_interval_seconds: seconds, paused } = d.settings;
    const value = seconds === null ? '' : String(seconds);
    const options = INTERVALS.some(([v]) => v === value) ? INTERVALS : [...INTERVALS, [value, `Every ${formatInterval(seconds ?? 0).slice('every '.length)}`] as [string, string]];
    const optionsKey = options.map(([v]) => v).join(',');
    const rebuild = this.optionsKey !== optionsKey;
    if (rebuild) this.select.replaceChildren(...options.map(([v, text]) => h('option', { value: v }, text)));
    this.optionsKey = optionsKey;
    if (rebuild || this.shownInterval !== value) {
      this.select.value = value;
      this.shownInterval = value;
    }
    this.pause.replaceChildren(paused ? 'Resume syncs' : 'Pause syncs', srOnly(` (${this.info.label})`));
    this.dataset.paused = String(paused);
    this.nextSync.replaceChildren(...this.nextSyncText(d));
    const disabled = this.busy || !this.ctx.canWrite;
    this.select.disabled = disabled;
    this.save.disabled = disabled;
    this.pause.disabled = disabled;
    this.resync.disabled = disabled || d.status === 'syncing';
    // The org-wide list the cards start from has no `realtime`: only the single GET's answer replaces what is shown.
    const rt = (d as { realtime?: Realtime }).realtime;
    if (rt) this.renderRealtime(rt);
  }

  /** Opening the panel reads the single GET: `realtime`, with the secret when this key may see it. */
  private async loadRealtime(): Promise<void> {
    try {
      const row = await this.ctx.api.integrations.get(this.ctx.projectId, this.info.id, { org: this.ctx.orgId });
      this.renderRealtime((row as { realtime?: Realtime }).realtime);
    } catch {
      // The rest of the panel works without it; the next opening tries again.
    }
  }

  /** Rebuilt only when it changed: a poll must not replace a field someone is selecting text in. */
  private renderRealtime(rt: Realtime | undefined): void {
    const key = JSON.stringify(rt ?? null);
    if (key === this.shownRealtime) return;
    this.shownRealtime = key;
    this.realtime.hidden = !rt;
    if (!rt) return this.realtime.replaceChildren();
    const { label } = this.info;
    const copyable = (name: string, value: string) => {
      const field = h('input', { id: uid('realtime'), type: 'text', readonly: true, value, class: `realtime-${name.toLowerCase()}`, spellcheck: false });
      const copy = h('button', { type: 'button', class: 'button small' }, `Copy ${name}`, srOnly(` (${label})`));
      copy.addEventListener('click', () => {
        void navigator.clipboard.writeText(value).then(
          () => this.ctx.announce(`${label} webhook ${name} copied.`),
          () => field.select(),
        );
      });
      return h('div', { class: 'inline' }, h('label', { for: field.id }, `Webhook ${name}`, srOnly(` (${label})`)), field, copy);
    };
    this.realtime.dataset.state = rt.state;
    this.realtime.replaceChildren(
      h('p', { class: 'realtime-state' }, 'Real-time updates: ', REALTIME_STATE[rt.state], rt.reason ? ` — ${rt.reason}` : ''),
      ...(rt.url ? [copyable('URL', rt.url)] : []),
      ...(rt.secret ? [copyable('secret', rt.secret)] : []),
    );
  }

  private nextSyncText(d: IntegrationDetail): (string | Node)[] {
    if (d.settings.paused) return ['Paused: no periodic syncs ("Sync now" still works).'];
    const at = d.next_sync_at;
    if (!at) return [d.status === 'syncing' ? 'Syncing now.' : 'No periodic sync scheduled.'];
    // A span, not <time>: a card's one <time> is its last sync (what scripts and the tests look for).
    const time = (text: string) => h('span', { class: 'when', 'data-datetime': at, title: formatLocal(at) }, text);
    if (new Date(at).getTime() <= Date.now()) return ['Next periodic sync: due now (since ', time(formatLocal(at)), ').'];
    return ['Next periodic sync ', time(formatRelative(at)), '.'];
  }

  private async patch(body: { sync_interval_seconds?: number | null; paused?: boolean }, done: string): Promise<void> {
    this.busy = true;
    this.error.textContent = '';
    this.render();
    try {
      const row = await this.ctx.api.integrations.settings(this.ctx.projectId, this.info.id, body, { org: this.ctx.orgId });
      this.ctx.announce(done);
      this.busy = false;
      this.onSaved(row);
    } catch (err) {
      this.busy = false;
      this.error.textContent = err instanceof ApiFailure ? err.message : 'The settings could not be saved.';
      this.render();
    }
  }

  private async confirmResync(): Promise<void> {
    const { label } = this.info;
    const ok = await confirmDialog({
      title: `Full resync of ${label}?`,
      message: `Everything is pulled from ${label} again and every open finding of project ${this.ctx.projectId} is matched again with its issue by its marker (no issue is filed twice). It takes longer than a normal sync.`,
      confirm: 'Start full resync',
      opener: this.resync,
    });
    if (!ok) return;
    this.error.textContent = '';
    try {
      const row: Integration = await this.ctx.api.integrations.resync(this.ctx.projectId, this.info.id, { org: this.ctx.orgId });
      this.ctx.announce(`${label} full resync started.`);
      this.onResync(row);
    } catch (err) {
      this.error.textContent = err instanceof ApiFailure ? err.message : 'The full resync could not be started.';
    }
  }
}

customElements.define('audit-integration-settings', SettingsPanel);
