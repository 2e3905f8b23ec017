import { clearSecrets, fieldControl, readValues, showProblems, type FieldControl } from '../../dashboard/src/credential-fields.js';
import { h, uid } from '../../dashboard/src/dom.js';
import type { ProviderInfo } from '../../dashboard/src/providers.js';

export interface Problem {
  key: string;
  message: string;
}

/** What the form asks of the page: the API calls, bound to the session's org and project. */
export interface FormActions {
  /** POST …/verify: the keys' checks and one read at the provider; problems per key. */
  verify(values: Record<string, string>): Promise<{ ok: boolean; problems: Problem[] }>;
  /** POST …/connect, once verify passed. */
  connect(values: Record<string, string>): Promise<void>;
  /** "Connect with …": the non-secret fields the OAuth flow needs. */
  authorize(fields: Record<string, string>): Promise<void>;
  /** A failed call's text for the person (the API's message; a 401 has already replaced the page). */
  describe(err: unknown): string;
  announce(message: string): void;
}

/**
 * One provider's connect form, in the page (not a dialog: the page is often a small popup already): exactly its
 * credential keys from the provider definitions the API's catalog is made of, checked here for what needs no network,
 * then verified by the API (problems shown next to their fields) and only then saved. Secret inputs are emptied once
 * read. With an OAuth app on this server, "Connect with …" sends only the non-secret fields.
 */
export function providerForm(info: ProviderInfo, oauth: { fields: string[] } | null, actions: FormActions): { section: HTMLElement; focus(): void; fail(message: string): void } {
  const titleId = uid('connect-title');
  const controls: FieldControl[] = [];
  const rows = info.fields.filter((f) => oauth || !f.oauthOnly).map((f) => {
    const { row, control } = fieldControl(f);
    controls.push(control);
    return row;
  });
  const formError = h('p', { class: 'form-error', role: 'alert' });
  const submit = h('button', { type: 'submit', class: 'button primary' }, 'Verify and connect');
  const oauthButton = oauth ? h('button', { type: 'button', class: 'button primary' }, `Connect with ${info.label}`) : null;
  const oauthNeeds = oauth ? info.fields.filter((f) => f.required && oauth.fields.includes(f.key)).map((f) => f.label) : [];
  const form = h(
    'form',
    { novalidate: true, class: 'connect-form', 'aria-labelledby': titleId },
    oauthButton
      ? h('div', { class: 'oauth' }, h('p', {}, `Authorize with ${info.label} in a new window${oauthNeeds.length > 0 ? ` (fill in ${oauthNeeds.join(', ')} first)` : ''}, or paste credentials below.`), oauthButton)
      : null,
    ...rows,
    formError,
    h('div', { class: 'actions' }, submit),
  );
  const heading = h('h2', { id: titleId, tabindex: -1 }, `Connect ${info.label}`);
  const section = h(
    'section',
    { class: 'provider-form', 'aria-labelledby': titleId, 'data-provider': info.id },
    heading,
    h('p', { class: 'hint' }, `${info.role}. Credentials are checked with ${info.label}, stored encrypted, and never shown again.`),
    form,
  );

  /** The definition's own checks for what was typed; `only` limits them (OAuth needs no secrets). */
  function check(only?: readonly string[]): Record<string, string> | undefined {
    const values = readValues(controls, only);
    const problems = info.problems(values).filter((p) => !only || only.includes(p.key));
    return showProblems(controls, problems, formError) ? undefined : values;
  }

  async function busy(button: HTMLButtonElement, work: () => Promise<void>): Promise<void> {
    button.disabled = true;
    form.setAttribute('aria-busy', 'true');
    formError.textContent = '';
    try {
      await work();
    } catch (err) {
      formError.textContent = actions.describe(err);
    } finally {
      button.disabled = false;
      form.removeAttribute('aria-busy');
    }
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const values = check();
    if (!values) return;
    clearSecrets(controls);
    void busy(submit, async () => {
      actions.announce(`Checking the credentials with ${info.label}…`);
      const verified = await actions.verify(values);
      if (!verified.ok) {
        showProblems(controls, verified.problems, formError);
        actions.announce(`${info.label} did not accept these credentials.`);
        return;
      }
      await actions.connect(values);
    });
  });

  oauthButton?.addEventListener('click', () => {
    const fields = check(oauth!.fields);
    if (!fields) return;
    clearSecrets(controls);
    void busy(oauthButton, () => actions.authorize(fields));
  });

  return {
    section,
    focus: () => (controls[0]?.input ?? heading).focus(),
    // A failure that arrives later (the OAuth window's outcome): read out by the alert, focus on the first field again.
    fail: (message) => {
      formError.textContent = message;
      controls[0]?.input.focus();
    },
  };
}
