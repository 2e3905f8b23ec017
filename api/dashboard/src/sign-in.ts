import { h } from './dom.js';
import { KEY_PATTERN, PROJECT_PATTERN, session } from './session.js';

/**
 * Paste an API key (kept in sessionStorage only) and name the project (remembered in localStorage). The key input is
 * emptied as soon as it is read, so the key is never left in the page.
 */
export function signInForm(onSubmit: (key: string, project: string) => Promise<string | undefined>, message = ''): HTMLFormElement {
  const key = h('input', { id: 'api-key', name: 'api-key', type: 'password', autocomplete: 'off', spellcheck: false, 'aria-required': 'true', 'aria-describedby': 'api-key-hint' });
  const project = h('input', { id: 'project', name: 'project', type: 'text', autocomplete: 'off', spellcheck: false, 'aria-required': 'true', 'aria-describedby': 'project-hint' });
  project.value = session.project();
  const error = h('p', { class: 'form-error', role: 'alert' }, message);
  const submit = h('button', { type: 'submit', class: 'button primary' }, 'Open dashboard');
  const form = h(
    'form',
    { class: 'sign-in', novalidate: true, 'aria-labelledby': 'sign-in-title' },
    h('h2', { id: 'sign-in-title' }, 'Sign in with an API key'),
    h('div', { class: 'field' }, h('label', { for: 'api-key' }, 'API key'), h('p', { id: 'api-key-hint', class: 'hint' }, 'kr_live_… with audit:read (and audit:write to change integrations). Kept in this tab only.'), key),
    h('div', { class: 'field' }, h('label', { for: 'project' }, 'Project'), h('p', { id: 'project-hint', class: 'hint' }, 'Lowercase letters, digits, - and _, e.g. production-website'), project),
    error,
    h('div', { class: 'actions' }, submit),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const keyValue = key.value.trim();
    const projectValue = project.value.trim();
    const problem = !KEY_PATTERN.test(keyValue)
      ? 'That does not look like an API key: it starts with kr_live_ followed by at least 32 letters and digits.'
      : !PROJECT_PATTERN.test(projectValue)
        ? 'Enter a project id of lowercase letters, digits, - and _.'
        : '';
    key.setAttribute('aria-invalid', String(!KEY_PATTERN.test(keyValue)));
    project.setAttribute('aria-invalid', String(!PROJECT_PATTERN.test(projectValue)));
    error.textContent = problem;
    if (problem) {
      (KEY_PATTERN.test(keyValue) ? project : key).focus();
      return;
    }
    key.value = '';
    submit.disabled = true;
    void onSubmit(keyValue, projectValue).then((failure) => {
      submit.disabled = false;
      if (failure) {
        error.textContent = failure;
        key.focus();
      }
    });
  });
  queueMicrotask(() => key.focus());
  return form;
}
