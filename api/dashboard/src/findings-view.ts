import { ApiFailure, type Finding, type Provider, type Severity, type Task } from './api.js';
import type { AppContext } from './context.js';
import { h, safeHref, uid } from './dom.js';
import { providerInfo } from './providers.js';
import { formatLocal, formatRelative } from './time.js';

const SEVERITIES: Severity[] = ['critical', 'high', 'medium', 'low', 'info'];
const PAGE = 50;

function taskItem(task: Task): HTMLLIElement {
  const id = task.external_id ?? '';
  // Trackers only: the API types a task's provider as text, the catalog falls back for anything else.
  const name = `${providerInfo(task.provider as Provider).label} ${/^\d+$/.test(id) ? '#' : ''}${id}`;
  const href = safeHref(task.url);
  return h(
    'li',
    { class: 'task', 'data-task-provider': task.provider },
    href ? h('a', { href, target: '_blank', rel: 'noopener noreferrer' }, name) : name,
    ' ',
    h('span', { class: `task-state task-${task.state === 'closed' ? 'closed' : 'open'}` }, task.state),
  );
}

function findingItem(f: Finding): HTMLLIElement {
  const page = safeHref(f.url);
  return h(
    'li',
    { class: 'finding', 'data-finding-id': f.id },
    h('div', { class: 'finding-head' }, h('span', { class: `severity severity-${f.severity}` }, f.severity), h('h3', {}, f.title)),
    h(
      'p',
      { class: 'muted' },
      f.category ? `${f.category} · ` : '',
      f.source === 'sentry' ? 'from Sentry · ' : '',
      'found ',
      h('time', { datetime: f.created_at, title: formatLocal(f.created_at) }, formatRelative(f.created_at)),
      page ? ' · ' : '',
      page ? h('a', { href: page, target: '_blank', rel: 'noopener noreferrer' }, 'affected page') : null,
    ),
    f.tasks.length > 0
      ? h('ul', { class: 'tasks', 'aria-label': `External issues for ${f.title}` }, ...f.tasks.map(taskItem))
      : h('p', { class: 'muted tasks-none' }, 'No external issue yet.'),
  );
}

/** Open findings (`GET …/audit/findings?status=open`) with their external issues, filterable by severity. */
export class FindingsView extends HTMLElement {
  ctx!: AppContext;
  private severity = h('select', { id: uid('severity'), name: 'severity' });
  private list = h('ul', { class: 'findings', role: 'list' });
  private summary = h('p', { class: 'muted', role: 'status' });
  private more = h('button', { type: 'button', class: 'button' }, 'Load more');
  private next: string | null = null;
  private loading = 0;

  connectedCallback(): void {
    this.severity.append(h('option', { value: '' }, 'All severities'), ...SEVERITIES.map((s) => h('option', { value: s }, s[0]!.toUpperCase() + s.slice(1))));
    this.severity.addEventListener('change', () => void this.reload());
    const refresh = h('button', { type: 'button', class: 'button' }, 'Refresh findings');
    refresh.addEventListener('click', () => void this.reload());
    this.more.addEventListener('click', () => void this.load(true));
    this.replaceChildren(
      h('h2', { id: 'findings-title' }, 'Open findings'),
      h('div', { class: 'toolbar' }, h('label', { for: this.severity.id }, 'Severity'), this.severity, refresh),
      this.summary,
      this.list,
    );
    void this.reload();
  }

  reload(): Promise<void> {
    this.next = null;
    return this.load(false);
  }

  private async load(append: boolean): Promise<void> {
    // A newer request wins: a slow answer for an older filter must not overwrite it.
    const ticket = ++this.loading;
    const severity = this.severity.value as Severity | '';
    const list = this.ctx.api.findings.list(this.ctx.projectId, { org: this.ctx.orgId, status: 'open', pageSize: PAGE, ...(severity ? { severity } : {}) });
    try {
      const page = await list.page(append ? this.next : null);
      if (ticket !== this.loading) return;
      this.next = page.nextCursor;
      const items = page.items.map(findingItem);
      if (append) this.list.append(...items);
      else this.list.replaceChildren(...items);
      const count = this.list.childElementCount;
      this.summary.textContent = count === 0 ? 'No open findings match.' : `Showing ${count} open finding${count === 1 ? '' : 's'}.`;
      if (this.next) this.list.after(this.more);
      else this.more.remove();
    } catch (err) {
      if (ticket !== this.loading) return;
      this.summary.textContent = err instanceof ApiFailure ? `Findings could not be loaded: ${err.message}` : 'Findings could not be loaded.';
    }
  }
}

customElements.define('audit-findings', FindingsView);
