import { ApiFailure, type Provider, type SyncRun } from './api.js';
import type { AppContext } from './context.js';
import { h, safeHref, srOnly, type Child } from './dom.js';
import { formatDuration, formatLocal } from './time.js';

const OUTCOME: Record<SyncRun['outcome'], string> = { running: 'Running', succeeded: 'Succeeded', failed: 'Failed', cancelled: 'Cancelled' };
const PAGE = 10;

/** The run's OpenTelemetry trace (the API's `trace_id` and `trace_url`, null with tracing off). */
type TracedRun = SyncRun & { trace_id?: string | null; trace_url?: string | null };

/** A small "trace" link beside the outcome (TRACE_UI_URL set), else the trace id's start as text; nothing without one. */
function traceMark(run: TracedRun): Child[] {
  if (!run.trace_id) return [];
  const href = safeHref(run.trace_url);
  const title = `Trace ${run.trace_id}`;
  return [
    ' ',
    href
      ? h('a', { class: 'trace', href, target: '_blank', rel: 'noopener noreferrer', title }, 'trace')
      : h('span', { class: 'muted trace', title }, `trace ${run.trace_id.slice(0, 8)}`),
  ];
}

/**
 * One integration's sync runs from `GET …/syncs`, newest first, inside a <details> (keyboard and screen-reader
 * friendly by default). Loaded when first opened, reloaded when the integration's status changes while open.
 */
export class SyncHistory extends HTMLElement {
  ctx!: AppContext;
  provider!: Provider;
  label!: string;
  private details = h('details', { class: 'history' });
  private body = h('div', { class: 'history-body' });
  private next: string | null = null;
  private more = h('button', { type: 'button', class: 'button small' }, 'Older runs');

  connectedCallback(): void {
    if (this.details.isConnected) return;
    this.details.append(h('summary', {}, 'Sync history', srOnly(` (${this.label})`)), this.body);
    this.details.addEventListener('toggle', () => {
      if (this.details.open) void this.reload();
    });
    this.more.addEventListener('click', () => void this.load(true));
    this.append(this.details);
  }

  /** Called by the card when the row changed: only does work when the panel is open. */
  refreshIfOpen(): void {
    if (this.details.open) void this.reload();
  }

  private async reload(): Promise<void> {
    this.next = null;
    await this.load(false);
  }

  private async load(append: boolean): Promise<void> {
    try {
      const page = await this.ctx.api.syncRuns.list(this.ctx.projectId, this.provider, { org: this.ctx.orgId, pageSize: PAGE }).page(append ? this.next : null);
      this.next = page.nextCursor;
      this.render(page.items, append);
      if (!append) this.showNextSync(page.meta.next_sync_at);
    } catch (err) {
      this.body.replaceChildren(h('p', { class: 'form-error', role: 'alert' }, err instanceof ApiFailure ? err.message : 'The sync history could not be loaded.'));
    }
  }

  /** When the sweeper starts the next periodic sync (read-only; set by connect and by every finished sync). */
  private showNextSync(at: string | null): void {
    const line = at ? h('p', { class: 'muted next-sync' }, 'Next scheduled sync: ', h('time', { datetime: at }, formatLocal(at))) : h('p', { class: 'muted next-sync' }, 'No scheduled syncs.');
    this.body.prepend(line);
  }

  private render(runs: TracedRun[], append: boolean): void {
    const rows = runs.map((run) =>
      h(
        'tr',
        { 'data-outcome': run.outcome },
        h('td', {}, run.trigger === 'manual' ? 'Manual' : run.trigger === 'full_resync' ? 'Full resync' : 'Scheduled'),
        h('td', {}, h('time', { datetime: run.started_at }, formatLocal(run.started_at))),
        h('td', {}, formatDuration(run.started_at, run.finished_at)),
        h('td', {}, h('span', { class: `outcome outcome-${run.outcome}` }, OUTCOME[run.outcome]), ...traceMark(run)),
        h('td', { class: 'num' }, `${run.items_pushed} / ${run.items_pulled} / ${run.items_updated}`),
        h('td', { class: 'error-cell' }, run.error_message ?? ''),
      ),
    );
    const existing = append ? this.body.querySelector('tbody') : null;
    if (existing) {
      existing.append(...rows);
    } else if (runs.length === 0) {
      this.body.replaceChildren(h('p', { class: 'muted' }, 'No syncs yet.'));
    } else {
      const head = ['Trigger', 'Started', 'Duration', 'Outcome', 'Pushed / pulled / updated', 'Error'].map((t) => h('th', { scope: 'col' }, t));
      const table = h('table', {}, h('caption', { class: 'sr-only' }, `Sync runs of ${this.label}, newest first`), h('thead', {}, h('tr', {}, ...head)), h('tbody', {}, ...rows));
      // Scrolls sideways on a narrow screen instead of squeezing the columns; focusable so keyboards can scroll it.
      this.body.replaceChildren(h('div', { class: 'table-scroll', tabindex: 0, role: 'region', 'aria-label': `Sync history of ${this.label}` }, table));
    }
    if (this.next) this.body.append(this.more);
    else this.more.remove();
  }
}

customElements.define('audit-sync-history', SyncHistory);
