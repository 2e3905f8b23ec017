import { AuditApiError, createAuditClient } from '../../sdk/src/index.js';
import { h, srOnly } from '../../dashboard/src/dom.js';
import { OAUTH_ERRORS } from '../../dashboard/src/oauth-outcome.js';
import { PROVIDERS, providerInfo } from '../../dashboard/src/providers.js';
import type { Provider } from '../../../activities/providers/catalog.js';
import { finish, type Finished } from './finish.js';
import { takeFragment, type Landing } from './fragment.js';
import { onAuthorizeReport, openAuthorizeWindow, reportAuthorize } from './oauth-window.js';
import { providerForm, type FormActions } from './provider-form.js';

interface Session {
  org_id: string;
  project_id: string;
  providers: Provider[];
  return_url: string | null;
}

/** The callback's outcome codes in this page's words (the rest as the dashboard words them): the user has no API key. */
const OUTCOMES: Record<string, string> = {
  ...OAUTH_ERRORS,
  unauthorized: 'The connect link expired or was revoked before the authorization finished. Nothing was connected; go back to the application and start again.',
  forbidden: 'This application may no longer connect integrations. Nothing was connected.',
};
const outcomeText = (code: string) => OUTCOMES[code] ?? 'the authorization failed. Nothing was connected; start again.';

/** What the catalog (GET /api/v1/providers) says about OAuth on this server, per provider. */
type OAuthSupport = Map<Provider, { fields: string[] }>;

/**
 * The hosted connect page (/connect/#session=cs_…): a product's end user connects one of the session's providers
 * without ever seeing an API key. The session token lives in this object only — never in storage, a cookie or a URL —
 * and goes out only in the Authorization header of the one API client.
 */
export class ConnectPage extends HTMLElement {
  private main = h('main', { id: 'main', tabindex: -1 });
  private live = h('div', { class: 'sr-only', role: 'status', 'aria-live': 'polite' });
  private token: string | null = null;
  private client = createAuditClient({ baseUrl: window.location.origin, token: () => this.token, onUnauthorized: () => this.expired() });
  private stopWaiting: (() => void) | undefined;
  private authorizeWindow: Window | null = null;

  connectedCallback(): void {
    // First of all: the fragment (and the token in it) leaves the address bar before any request is made.
    const landing = takeFragment();
    this.replaceChildren(h('header', { class: 'top' }, h('h1', {}, 'Connect an integration')), this.main, this.live);
    void this.start(landing);
  }

  private announce = (message: string): void => {
    // Cleared first so the same sentence twice is announced twice.
    this.live.textContent = '';
    window.setTimeout(() => (this.live.textContent = message), 50);
  };

  private async start(landing: Landing): Promise<void> {
    if (landing.kind === 'oauth') return this.showAuthorizeLanding(landing.provider, landing.outcome);
    if (landing.kind === 'none') {
      return this.show('message', 'This page needs a connect link', 'Open it from the application you want to connect, which makes a new link each time.');
    }
    this.token = landing.token;
    this.show('loading', 'Checking your link…');
    try {
      const [session, catalog] = await Promise.all([this.client.connectSession(), this.client.providers.list()]);
      const oauth: OAuthSupport = new Map(catalog.filter((c) => c.oauth?.configured).map((c) => [c.id, { fields: c.oauth!.fields }]));
      const offered = session.providers.filter((p) => catalog.some((c) => c.id === p));
      this.showChoice(session, offered, oauth);
    } catch (err) {
      if (this.token === null) return;
      const retry = h('button', { type: 'button', class: 'button' }, 'Try again');
      retry.addEventListener('click', () => void this.start(landing));
      this.show('message', 'The connect service could not be reached', this.describe(err), retry);
    }
  }

  /** A 401 from any call: the session expired or was revoked. The token is dropped and no form stays on the page. */
  private expired(): void {
    this.token = null;
    this.stopWaiting?.();
    this.show('expired', 'This link has expired', 'Connect links are short-lived, and this one has expired or was revoked. Go back to the application and start again for a new link.');
  }

  private describe = (err: unknown): string => (err instanceof AuditApiError ? err.message : 'Something went wrong; try again.');

  /** A heading and a sentence in place of everything else; focus moves to the heading so it is read out. */
  private show(state: string, title: string, text?: string, ...extra: HTMLElement[]): void {
    const heading = h('h2', { tabindex: -1 }, title);
    this.main.replaceChildren(h('div', { class: 'panel', 'data-state': state }, heading, text ? h('p', {}, text) : null, ...extra));
    this.dataset.state = state;
    heading.focus();
  }

  private showChoice(session: Session, offered: Provider[], oauth: OAuthSupport, focus?: Provider): void {
    if (offered.length === 0) return this.show('message', 'Nothing to connect here', 'This link names no provider this server offers. Go back to the application.');
    if (offered.length === 1) return this.showForm(session, offered[0]!, offered, oauth);
    const buttons = offered.map((id) => {
      const info = providerInfo(id);
      const button = h('button', { type: 'button', class: 'choice', 'data-provider': id }, h('span', { class: 'choice-label' }, info.label), srOnly(', '), h('span', { class: 'muted' }, info.role));
      button.addEventListener('click', () => this.showForm(session, id, offered, oauth));
      return h('li', {}, button);
    });
    this.show('choose', 'Choose what to connect', `For project ${session.project_id}.`, h('ul', { class: 'choices' }, ...buttons));
    if (focus) this.main.querySelector<HTMLButtonElement>(`button[data-provider="${focus}"]`)?.focus();
  }

  private showForm(session: Session, provider: Provider, offered: Provider[], oauth: OAuthSupport): void {
    const info = providerInfo(provider);
    const scope = { org: session.org_id };
    const actions: FormActions = {
      verify: (credentials) => this.client.integrations.verify(session.project_id, provider, credentials, scope),
      connect: async (credentials) => {
        const row = await this.client.integrations.connect(session.project_id, provider, credentials, scope);
        this.connected(session, provider, row.id);
      },
      authorize: async (fields) => {
        // Opened before the first await, while the click still counts as the user's: later, popup blockers refuse.
        this.authorizeWindow?.close();
        const child = (this.authorizeWindow = openAuthorizeWindow());
        let url: string;
        try {
          url = (await this.client.integrations.oauthStart(session.project_id, provider, fields, scope)).authorize_url;
        } catch (err) {
          child?.close();
          throw err;
        }
        if (!child) {
          // Popups refused: the consent screen replaces this page (and the token with it); its landing says how it ended.
          window.location.assign(url);
          return;
        }
        this.stopWaiting?.();
        this.stopWaiting = onAuthorizeReport(provider, (report) => {
          this.stopWaiting?.();
          child.close();
          void this.authorized(session, provider, report.outcome, form.fail);
        });
        child.location.href = url;
        this.announce(`Finish in the ${info.label} window that opened. Nothing is connected until you allow access there.`);
      },
      describe: this.describe,
      announce: this.announce,
    };
    const form = providerForm(info, oauth.get(provider) ?? null, actions);
    const back = offered.length > 1 ? h('button', { type: 'button', class: 'button small back' }, 'All integrations') : null;
    back?.addEventListener('click', () => this.showChoice(session, offered, oauth, provider));
    this.main.replaceChildren(h('div', { class: 'panel', 'data-state': 'form' }, back, form.section));
    this.dataset.state = 'form';
    form.focus();
  }

  /**
   * The authorize window's report is a hint: the integration the API lists for this session is the proof, and its id
   * is the one the product is told.
   */
  private async authorized(session: Session, provider: Provider, outcome: string, fail: (message: string) => void): Promise<void> {
    const label = providerInfo(provider).label;
    if (outcome !== 'connected') return fail(`${label}: ${outcomeText(outcome)}`);
    try {
      const rows = await this.client.integrations.list(session.project_id, { org: session.org_id });
      const row = rows.find((r) => r.provider === provider && r.status !== 'disconnected');
      const id = row && 'id' in row ? row.id : null;
      if (!id) return fail(`${label} reported success, but nothing is connected. Start again.`);
      this.connected(session, provider, id);
    } catch (err) {
      if (this.token !== null) fail(this.describe(err));
    }
  }

  private connected(session: Session, provider: Provider, integrationId: string | null): void {
    const label = providerInfo(provider).label;
    const how: Finished = finish(session.return_url, provider, integrationId);
    // The product has been told (or is being returned to): the session has done its job in this page.
    this.token = null;
    const text = {
      posted: 'This window closes by itself; if it stays open, you can close it.',
      redirecting: 'Taking you back to the application…',
      done: 'You can close this page.',
    }[how];
    this.show('done', `${label} is connected`, text);
    this.announce(`${label} is connected.`);
  }

  /** The page the OAuth callback lands on, in the authorize window: report to the page that opened the flow. */
  private showAuthorizeLanding(rawProvider: string, outcome: string): void {
    const known = PROVIDERS.find((p) => p.id === rawProvider);
    if (known) reportAuthorize({ provider: known.id, outcome });
    const label = known?.label ?? 'The provider';
    if (outcome === 'connected') return this.show('authorized', `${label} is connected`, 'You can close this window.');
    this.show('authorize-failed', 'Nothing was connected', `${label}: ${outcomeText(outcome)}`);
  }
}

customElements.define('audit-connect', ConnectPage);
