import { ApiFailure, type Integration, type VerifyResult } from './api.js';
import type { AppContext } from './context.js';
import { openDialog } from './dialogs.js';
import { h, uid } from './dom.js';
import type { Field, ProviderInfo } from './providers.js';

interface FieldControl {
  field: Field;
  input: HTMLInputElement;
  error: HTMLElement;
}

function fieldControl(field: Field): { row: HTMLElement; control: FieldControl } {
  const id = uid(`f-${field.key}`);
  const hintId = field.hint ? `${id}-hint` : undefined;
  const errorId = `${id}-error`;
  const input = h('input', {
    id,
    name: field.key,
    type: field.secret ? 'password' : field.url ? 'url' : 'text',
    autocomplete: field.secret ? 'new-password' : 'off',
    spellcheck: false,
    autocapitalize: 'off',
    'aria-required': field.required ? 'true' : undefined,
    'aria-describedby': [hintId, errorId].filter(Boolean).join(' '),
  });
  const error = h('p', { id: errorId, class: 'field-error' });
  // Optional fields say so in their hint; required ones carry aria-required and are checked on submit.
  const label = h('label', { for: id }, field.label);
  const row = h('div', { class: 'field' }, label, field.hint ? h('p', { id: hintId, class: 'hint' }, field.hint) : null, input, error);
  return { row, control: { field, input, error } };
}

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

  const clearSecrets = () => controls.filter((c) => c.field.secret).forEach((c) => (c.input.value = ''));
  /** Shows each field's problem and focuses the first; `only` limits the check (OAuth needs no secrets). */
  function validate(only?: readonly string[]): Record<string, string> | undefined {
    const values: Record<string, string> = {};
    for (const c of controls) {
      const value = c.input.value.trim();
      if ((!only || only.includes(c.field.key)) && value !== '') values[c.field.key] = value;
    }
    // The definition's own checks; for OAuth only the fields it sends (the secrets come from the provider).
    const problems = info.problems(values).filter((p) => !only || only.includes(p.key));
    showProblems(problems);
    return problems.length === 0 ? values : undefined;
  }

  /** Each key's problem next to its field, a rule across keys above the buttons; focus goes to the first. */
  function showProblems(problems: readonly { key: string; message: string }[]): void {
    let first: HTMLInputElement | undefined;
    for (const c of controls) {
      const problem = problems.find((p) => p.key === c.field.key);
      c.error.textContent = problem ? `${c.field.label} ${problem.message}.` : '';
      c.input.setAttribute('aria-invalid', problem ? 'true' : 'false');
      if (problem) first ??= c.input;
    }
    const known = new Set(controls.map((c) => c.field.key));
    const general = problems.filter((p) => !known.has(p.key)).map((p) => (p.key === 'credentials' ? p.message : `${p.key} ${p.message}.`));
    formError.textContent = general.join(' ') || (first ? 'Please correct the highlighted fields.' : '');
    if (first || general.length > 0) (first ?? controls.find((c) => c.field.secret)?.input)?.focus();
  }

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
      const check = await ctx.api.post<VerifyResult>(`${ctx.base}/integrations/${info.id}/verify`, { credentials: values });
      if (!check.ok) {
        showProblems(check.problems);
        return;
      }
      const row = await ctx.api.post<Integration>(`${ctx.base}/integrations/${info.id}/connect`, { credentials: values });
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
      const { authorize_url } = await ctx.api.post<{ authorize_url: string }>(`${ctx.base}/integrations/${info.id}/oauth/start`, { credentials: values });
      window.location.assign(authorize_url);
    }, oauthButton);
  });

  openDialog(dialog, opener);
  controls[0]?.input.focus();
}
