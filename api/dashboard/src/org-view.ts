import { ApiFailure, type HealthState, type OrgIntegration, type OrgListFilters, type Provider, type Status } from './api.js';
import type { AppContext } from './context.js';
import { h, uid } from './dom.js';
import { PROVIDERS, providerInfo } from './providers.js';
import { formatInterval, formatLocal, formatRelative } from './time.js';

const PAGE = 25;
const STATUSES: [Status, string][] = [
  ['connected', 'Connected'],
  ['syncing', 'Syncing'],
  ['error', 'Error'],
  ['disconnected', 'Disconnected'],
];
const HEALTH: [HealthState, string][] = [
  ['needs_reconnect', 'Reconnect needed'],
  ['degraded', 'Degraded'],
  ['ok', 'OK'],
  ['unknown', 'Not checked yet'],
];
const HEALTH_LABEL = new Map(HEALTH);
const STATUS_LABEL = new Map(STATUSES);
/** The API's project filter: a comma list of project ids. */
const PROJECTS_PATTERN = /^[a-z0-9][a-z0-9_-]{0,99}(?:,[a-z0-9][a-z0-9_-]{0,99})*$/;

function select(id: string, name: string, options: [string, string][]): HTMLSelectElement {
  return h('select', { id, name }, h('option', { value: '' }, 'All'), ...options.map(([value, text]) => h('option', { value }, text)));
}

function field(label: string, control: HTMLElement, ...extra: HTMLElement[]): HTMLElement {
  return h('div', { class: 'filter' }, h('label', { for: control.id }, label), control, ...extra);
}

/**
 * Every integration of the org across its projects (`GET /orgs/:org_id/integrations`), with the API's filters and
 * "Load more" on `meta.next_cursor`. Read-only: the controls live on each project's cards.
 */
export class OrgView extends HTMLElement {
  ctx!: AppContext;
  private projects = h('input', { id: uid('org-projects'), name: 'project_id', type: 'text', autocomplete: 'off', spellcheck: false, placeholder: 'web, shop' });
  private projectsError = h('p', { id: uid('org-projects-error'), class: 'field-error' });
  private provider = select(uid('org-provider'), 'provider', PROVIDERS.map((p) => [p.id, p.label]));
  private status = select(uid('org-status'), 'status', STATUSES);
  private health = select(uid('org-health'), 'health', HEALTH);
  private body = h('tbody');
  private message = h('p', { class: 'muted', role: 'status' });
  private more = h('button', { type: 'button', class: 'button small' }, 'Load more');
  private next: string | null = null;
  /** The filters of the rows shown: "Load more" continues them even if the form was edited since. */
  private filters: OrgListFilters = {};

  connectedCallback(): void {
    if (this.childElementCount > 0) return;
    this.projects.setAttribute('aria-describedby', this.projectsError.id);
    const form = h(
      'form',
      { class: 'org-filters', novalidate: true, 'aria-label': 'Filter the org’s integrations' },
      field('Projects', this.projects, h('p', { class: 'hint' }, 'Comma-separated; empty = all'), this.projectsError),
      field('Provider', this.provider),
      field('Status', this.status),
      field('Health', this.health),
      h('div', { class: 'filter' }, h('button', { type: 'submit', class: 'button' }, 'Show')),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.reload();
    });
    this.more.addEventListener('click', () => void this.load(true));
    const head = ['Project', 'Provider', 'Status', 'Health', 'Interval', 'Next sync', 'Last sync'].map((t) => h('th', { scope: 'col' }, t));
    const table = h('table', { class: 'org-table' }, h('caption', { class: 'sr-only' }, 'Integrations of the org, by project and provider'), h('thead', {}, h('tr', {}, ...head)), this.body);
    this.more.hidden = true;
    this.replaceChildren(
      h('h2', { id: 'org-integrations-title' }, 'All integrations of the org'),
      form,
      this.message,
      h('div', { class: 'table-scroll', tabindex: 0, role: 'region', 'aria-label': 'Integrations of the org' }, table),
      this.more,
    );
    void this.reload();
  }

  async reload(): Promise<void> {
    const projects = this.projects.value.replace(/\s+/g, '');
    const invalid = projects !== '' && !PROJECTS_PATTERN.test(projects);
    this.projects.setAttribute('aria-invalid', String(invalid));
    this.projectsError.textContent = invalid ? 'Projects must be project ids separated by commas.' : '';
    if (invalid) return void this.projects.focus();
    this.filters = {
      org: this.ctx.orgId,
      pageSize: PAGE,
      ...(projects ? { project_id: projects } : {}),
      ...(this.provider.value ? { provider: this.provider.value as Provider } : {}),
      ...(this.status.value ? { status: this.status.value as Status } : {}),
      ...(this.health.value ? { health: this.health.value as HealthState } : {}),
    };
    this.next = null;
    await this.load(false);
  }

  private async load(append: boolean): Promise<void> {
    this.more.disabled = true;
    try {
      const page = await this.ctx.api.integrations.listOrg(this.filters).page(append ? this.next : null);
      this.next = page.nextCursor;
      const rows = page.items.map((r) => this.row(r));
      if (append) this.body.append(...rows);
      else this.body.replaceChildren(...rows);
      const shown = this.body.childElementCount;
      this.message.textContent = shown === 0 ? 'No integrations match these filters.' : `Showing ${shown} integration${shown === 1 ? '' : 's'}${this.next ? ' (more below)' : ''}.`;
    } catch (err) {
      this.message.textContent = err instanceof ApiFailure ? `The integrations could not be loaded: ${err.message}` : 'The integrations could not be loaded.';
    } finally {
      this.more.disabled = false;
      this.more.hidden = this.next === null;
    }
  }

  private row(r: OrgIntegration): HTMLTableRowElement {
    const time = (iso: string | null, empty: string) => (iso ? h('time', { datetime: iso, title: formatLocal(iso) }, formatRelative(iso)) : empty);
    const seconds = r.settings.sync_interval_seconds;
    return h(
      'tr',
      { 'data-project': r.project_id, 'data-provider': r.provider, 'data-health': r.health.state },
      h('td', {}, h('code', {}, r.project_id)),
      h('td', {}, providerInfo(r.provider).label),
      h('td', {}, h('span', { class: `status status-${r.status}` }, STATUS_LABEL.get(r.status) ?? r.status)),
      h('td', { class: `health-cell health-${r.health.state}` }, HEALTH_LABEL.get(r.health.state) ?? r.health.state, r.health.reason ? h('span', { class: 'muted' }, `: ${r.health.reason}`) : ''),
      h('td', {}, r.settings.paused ? 'Paused' : seconds === null ? 'Default' : formatInterval(seconds)),
      h('td', {}, time(r.next_sync_at, '—')),
      h('td', {}, time(r.last_sync_at, 'Never')),
    );
  }
}

customElements.define('audit-org-integrations', OrgView);
