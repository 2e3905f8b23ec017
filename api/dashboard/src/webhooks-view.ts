import { ApiFailure, type Delivery, type Webhook } from './api.js';
import type { AppContext } from './context.js';
import { h, srOnly, uid } from './dom.js';
import { formatLocal, formatRelative } from './time.js';

const EVENTS = ['integration.connected', 'integration.disconnected', 'sync.succeeded', 'sync.failed', 'findings.pushed', 'integration.auth_failed', 'integration.auth_recovered'] as const;
const RECENT = 10;

const failure = (err: unknown, what: string) => (err instanceof ApiFailure ? `${what}: ${err.message}` : `${what}.`);

/** The org's webhook endpoints: add one (its secret is shown once), see its recent deliveries, retry one. */
export class WebhooksView extends HTMLElement {
  ctx!: AppContext;
  private list = h('ul', { class: 'webhooks', role: 'list' });
  private status = h('p', { class: 'muted', role: 'status' });

  connectedCallback(): void {
    this.replaceChildren(h('h2', { id: 'webhooks-title' }, 'Webhooks'), this.ctx.canWrite ? this.addForm() : '', this.status, this.list);
    void this.reload();
  }

  async reload(): Promise<void> {
    try {
      const hooks = await this.ctx.api.webhooks.list({ org: this.ctx.orgId });
      this.list.replaceChildren(...hooks.map((w) => this.item(w)));
      this.status.textContent = hooks.length === 0 ? 'No webhook endpoints yet.' : '';
    } catch (err) {
      this.status.textContent = failure(err, 'Webhooks could not be loaded');
    }
  }

  private addForm(): HTMLFormElement {
    const url = h('input', { id: uid('webhook-url'), name: 'url', type: 'url', required: true, placeholder: 'https://example.com/hooks/audit', autocomplete: 'off' });
    const boxes = EVENTS.map((e) => h('input', { type: 'checkbox', name: 'events', value: e, checked: e.startsWith('sync.') }));
    const onlyProject = h('input', { type: 'checkbox', name: 'only_project' });
    const secret = h('div', { class: 'webhook-secret', role: 'status' });
    const form = h(
      'form',
      { class: 'webhook-form', novalidate: true },
      h('label', { for: url.id }, 'Endpoint URL'),
      url,
      h('fieldset', {}, h('legend', {}, 'Events'), ...EVENTS.map((e, i) => h('label', { class: 'check' }, boxes[i]!, ` ${e}`))),
      h('label', { class: 'check' }, onlyProject, ` Only project ${this.ctx.projectId}`),
      h('button', { type: 'submit', class: 'button' }, 'Add endpoint'),
      secret,
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const events = EVENTS.filter((_, i) => boxes[i]!.checked);
      void (async () => {
        try {
          const body = { url: url.value.trim(), events, ...(onlyProject.checked ? { project_id: this.ctx.projectId } : {}) };
          const created = await this.ctx.api.webhooks.create(body, { org: this.ctx.orgId });
          url.value = '';
          // Shown once, as the API answers it only once: never stored by the page.
          secret.replaceChildren(h('p', {}, 'Signing secret (copy it now, it is not shown again): '), h('code', { class: 'secret-value' }, created.secret));
          this.ctx.announce('Webhook endpoint added.');
          await this.reload();
        } catch (err) {
          secret.replaceChildren(h('p', { class: 'error', role: 'alert' }, failure(err, 'The endpoint was not added')));
        }
      })();
    });
    return form;
  }

  private item(w: Webhook): HTMLLIElement {
    const deliveries = h('ul', { class: 'deliveries', role: 'list', 'aria-label': `Recent deliveries to ${w.url}` });
    const show = h('button', { type: 'button', class: 'button small', 'aria-expanded': 'false' }, 'Recent deliveries', srOnly(` to ${w.url}`));
    show.addEventListener('click', () => {
      show.setAttribute('aria-expanded', 'true');
      void this.loadDeliveries(w, deliveries);
    });
    return h(
      'li',
      { class: 'webhook', 'data-webhook-id': w.id },
      h('p', {}, h('code', {}, w.url), ' ', h('span', { class: `badge ${w.enabled ? 'ok' : 'bad'}` }, w.enabled ? 'enabled' : 'disabled')),
      h('p', { class: 'muted' }, w.events.join(', '), w.project_id ? ` · project ${w.project_id}` : ' · all projects', w.disabled_reason ? ` · ${w.disabled_reason}` : ''),
      show,
      deliveries,
    );
  }

  private async loadDeliveries(w: Webhook, into: HTMLUListElement): Promise<void> {
    try {
      const page = await this.ctx.api.webhooks.deliveries(w.id, { org: this.ctx.orgId, pageSize: RECENT }).page();
      into.replaceChildren(...(page.items.length === 0 ? [h('li', { class: 'muted' }, 'No deliveries yet.')] : page.items.map((d) => this.delivery(w, d, into))));
    } catch (err) {
      into.replaceChildren(h('li', { class: 'error' }, failure(err, 'Deliveries could not be loaded')));
    }
  }

  private delivery(w: Webhook, d: Delivery, list: HTMLUListElement): HTMLLIElement {
    const retry = h('button', { type: 'button', class: 'button small' }, 'Retry', srOnly(` ${d.event_type}`));
    retry.addEventListener('click', () => {
      retry.disabled = true;
      void this.ctx.api.webhooks.retry(w.id, d.id, { org: this.ctx.orgId }).then(
        () => {
          this.ctx.announce('Delivery queued again.');
          return this.loadDeliveries(w, list);
        },
        (err: unknown) => {
          retry.disabled = false;
          this.status.textContent = failure(err, 'The retry was not accepted');
        },
      );
    });
    const code = d.last_status_code === null ? '' : ` · HTTP ${d.last_status_code}`;
    return h(
      'li',
      { class: 'delivery', 'data-delivery-id': d.id, 'data-status': d.status },
      h('span', { class: `badge delivery-${d.status}` }, d.status),
      ` ${d.event_type} · ${d.attempts} attempt${d.attempts === 1 ? '' : 's'}${code} · `,
      h('time', { datetime: d.created_at, title: formatLocal(d.created_at) }, formatRelative(d.created_at)),
      d.last_error && d.status !== 'delivered' ? h('span', { class: 'muted' }, ` · ${d.last_error}`) : '',
      this.ctx.canWrite && d.status !== 'pending' ? retry : '',
    );
  }
}

customElements.define('audit-webhooks', WebhooksView);
