import { createApi, type Me, type OAuthProvider } from './api.js';
import { SYNC_FINISHED, type AppContext } from './context.js';
import { h } from './dom.js';
import type { FindingsView } from './findings-view.js';
import './findings-view.js';
import type { IntegrationsView } from './integrations-view.js';
import './integrations-view.js';
import type { WebhooksView } from './webhooks-view.js';
import './webhooks-view.js';
import type { OrgView } from './org-view.js';
import './org-view.js';
import { oauthOutcome } from './oauth-outcome.js';
import { PROJECT_PATTERN, session } from './session.js';
import { signInForm } from './sign-in.js';

/** The whole page: sign-in, or the header, the integrations grid and the findings for one project. */
export class AuditApp extends HTMLElement {
  private main = h('main', { id: 'main', tabindex: -1 });
  private live = h('div', { class: 'sr-only', role: 'status', 'aria-live': 'polite' });
  private header = h('header', { class: 'top' });
  /** True while the dashboard (not the sign-in form) is shown: only then does a 401 mean "signed out under you". */
  private active = false;
  private api = createApi(session.key, () => {
    if (this.active) this.signOut('Your API key is no longer accepted (revoked?). Sign in again.');
  });
  private outcome = oauthOutcome();

  connectedCallback(): void {
    this.replaceChildren(h('a', { class: 'skip', href: '#main' }, 'Skip to content'), this.header, this.main, this.live);
    if (this.outcome?.project && PROJECT_PATTERN.test(this.outcome.project)) session.setProject(this.outcome.project);
    void this.start();
  }

  private announce = (message: string): void => {
    // Cleared first so the same sentence twice is announced twice.
    this.live.textContent = '';
    window.setTimeout(() => (this.live.textContent = message), 50);
  };

  private async start(message = ''): Promise<void> {
    this.header.replaceChildren(h('h1', {}, 'Audit integrations'));
    if (!session.key() || !PROJECT_PATTERN.test(session.project())) return this.showSignIn(message);
    try {
      const me = await this.api.me();
      const oauth = await this.api.providers.oauth();
      this.showDashboard(me, oauth);
    } catch {
      if (session.key()) this.showSignIn('The API could not be reached with this key. Try again.');
    }
  }

  private showSignIn(message: string): void {
    this.active = false;
    this.main.replaceChildren(
      signInForm(async (key, project) => {
        session.setKey(key);
        session.setProject(project);
        try {
          const me = await this.api.me();
          const oauth = await this.api.providers.oauth();
          this.showDashboard(me, oauth);
          return undefined;
        } catch {
          session.signOut();
          return 'This API key was not accepted. Check it and try again.';
        }
      }, message),
    );
  }

  private signOut(message = ''): void {
    session.signOut();
    void this.start(message);
  }

  private showDashboard(me: Me, oauth: OAuthProvider[]): void {
    this.active = true;
    const projectId = session.project();
    const ctx: AppContext = {
      api: this.api,
      orgId: me.org_id,
      projectId,
      canWrite: me.scopes.includes('audit:write'),
      oauth: new Map(oauth.map((o) => [o.provider, o])),
      announce: this.announce,
    };
    this.header.replaceChildren(h('h1', {}, 'Audit integrations'), this.projectSwitcher(projectId), this.accountBox(me));
    const integrations = document.createElement('audit-integrations') as IntegrationsView;
    const findings = document.createElement('audit-findings') as FindingsView;
    const webhooks = document.createElement('audit-webhooks') as WebhooksView;
    const org = document.createElement('audit-org-integrations') as OrgView;
    org.ctx = ctx;
    integrations.ctx = ctx;
    findings.ctx = ctx;
    webhooks.ctx = ctx;
    integrations.addEventListener(SYNC_FINISHED, () => void findings.reload());
    this.main.replaceChildren(
      this.outcomeBanner() ?? '',
      ctx.canWrite ? '' : h('p', { class: 'notice' }, 'This key is read-only (audit:read): connecting and syncing are disabled.'),
      h('section', { 'aria-labelledby': 'integrations-title' }, integrations),
      h('section', { 'aria-labelledby': 'findings-title' }, findings),
      h('section', { 'aria-labelledby': 'webhooks-title' }, webhooks),
      h('section', { 'aria-labelledby': 'org-integrations-title' }, org),
    );
  }

  private projectSwitcher(current: string): HTMLFormElement {
    const input = h('input', { id: 'switch-project', name: 'project', type: 'text', autocomplete: 'off', spellcheck: false });
    input.value = current;
    const form = h('form', { class: 'switcher', novalidate: true }, h('label', { for: 'switch-project' }, 'Project'), input, h('button', { type: 'submit', class: 'button small' }, 'Open'));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const value = input.value.trim();
      input.setAttribute('aria-invalid', String(!PROJECT_PATTERN.test(value)));
      if (!PROJECT_PATTERN.test(value)) return void input.focus();
      session.setProject(value);
      void this.start();
    });
    return form;
  }

  private accountBox(me: Me): HTMLElement {
    const out = h('button', { type: 'button', class: 'button small' }, 'Sign out');
    out.addEventListener('click', () => this.signOut());
    return h('div', { class: 'account' }, h('span', { class: 'muted' }, 'Org ', h('code', {}, me.org_id)), out);
  }

  /** Shown once after an OAuth round trip, then dropped from the address bar. */
  private outcomeBanner(): HTMLElement | undefined {
    const outcome = this.outcome;
    if (!outcome) return undefined;
    this.outcome = undefined;
    history.replaceState(null, '', '/dashboard/');
    const close = h('button', { type: 'button', class: 'button small' }, 'Dismiss');
    const banner = h('div', { class: `banner ${outcome.ok ? 'ok' : 'bad'}`, role: outcome.ok ? 'status' : 'alert' }, h('p', {}, outcome.message), close);
    close.addEventListener('click', () => banner.remove());
    return banner;
  }
}

customElements.define('audit-app', AuditApp);
