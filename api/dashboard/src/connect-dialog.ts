import { ApiFailure, type Integration } from './api.js';
import type { AppContext } from './context.js';
import { clearSecrets as emptySecrets, fieldControl, readValues, showProblems as showFieldProblems, type FieldControl } from './credential-fields.js';
import { openDialog } from './dialogs.js';
import { h, uid } from './dom.js';
import type { ProviderInfo } from './providers.js';

/**
 * The connect form for one provider: exactly its credential keys, checked here before anything is sent, then
 * `POST …/connect`. Secret inputs are emptied after every submit, and the dialog (with every typed value) is removed
 * when it closes. Where the server has an OAuth app, "Connect with …" sends only the non-secret fields.
 */
export function openConnectDialog(ctx: AppContext, info: ProviderInfo, opener: HTMLElement, onConnected: (row: Integration) => void): void {
  const titleId = uid('connect-title');
  const controls: FieldControl[] = [];
  const oauth = ctx.oauth.get(info.id);
  const rows = info.fields.filter((f) => oauth || !f.oauthOnly).map((f) => {
    const { row, control } = fieldControl(f);
    controls.push(control);
    return row;
  });
  const formError = h('p', { class: 'form-error', role: 'alert' });
  const submit = h('button', { type: 'submit', class: 'button primary' }, 'Save and connect');
  const cancel = h('button', { type: 'button', class: 'button' }, 'Cancel');
  const oauthButton = oauth ? h('button', { type: 'button', class: 'button primary' }, `Connect with ${oauth.label}`) : null;
  const form = h(
    'form',
    { novalidate: true, class: 'connect-form' },
    h('h2', { id: titleId }, `Connect ${info.label}`),
    h('p', { class: 'hint' }, `Project ${ctx.projectId}. Credentials are sent once, stored encrypted, and never shown again.`),
    oauthButton ? h('div', { class: 'oauth' }, h('p', {}, `Authorize with ${oauth!.label} (fill in ${info.fields.filter((f) => f.required && oauth!.fields.includes(f.key)).map((f) => f.label).join(', ') || 'nothing'} first), or paste credentials below.`), oauthButton) : null,
    ...rows,
    formError,
    h('div', { class: 'actions' }, cancel, submit),
  );
  const dialog = h('dialog', { class: 'dialog', 'aria-labelledby': titleId }, form);
  cancel.addEventListener('click', () => dialog.close());

  const clearSecrets = () => emptySecrets(controls);
  /** Shows each field's problem and focuses the first; `only` limits the check (OAuth needs no secrets). */
  function validate(only?: readonly string[]): Record<string, string> | undefined {
    const values = readValues(controls, only);
    // The definition's own checks; for OAuth only the fields it sends (the secrets come from the provider).
    const problems = info.problems(values).filter((p) => !only || only.includes(p.key));
    showProblems(problems);
    return problems.length === 0 ? values : undefined;
  }

  /** Each key's problem next to its field, a rule across keys above the buttons; focus goes to the first. */
  const showProblems = (problems: readonly { key: string; message: string }[]): void => void showFieldProblems(controls, problems, formError);

  async function send(action: () => Promise<void>, button: HTMLButtonElement): Promise<void> {
    button.disabled = true;
    formError.textContent = '';
    try {
      await action();
    } catch (err) {
      formError.textContent = err instanceof ApiFailure ? err.message : 'Something went wrong; try again.';
    } finally {
      button.disabled = false;
    }
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const values = validate();
    if (!values) return;
    // Taken out of the DOM before the request is even sent.
    clearSecrets();
    void send(async () => {
      // The server checks the keys and makes one read at the provider first; its problems go next to their fields.
      const check = await ctx.api.integrations.verify(ctx.projectId, info.id, values, { org: ctx.orgId });
      if (!check.ok) {
        showProblems(check.problems);
        return;
      }
      const row: Integration = await ctx.api.integrations.connect(ctx.projectId, info.id, values, { org: ctx.orgId });
      dialog.close();
      ctx.announce(`${info.label} connected.`);
      onConnected(row);
    }, submit);
  });

  oauthButton?.addEventListener('click', () => {
    const values = validate(oauth!.fields);
    if (!values) return;
    clearSecrets();
    void send(async () => {
      const { authorize_url } = await ctx.api.integrations.oauthStart(ctx.projectId, info.id, values, { org: ctx.orgId });
      window.location.assign(authorize_url);
    }, oauthButton);
  });

  openDialog(dialog, opener);
  controls[0]?.input.focus();
}
