import { h, safeHref, uid } from './dom.js';
import type { Field } from './providers.js';

/**
 * One provider's credential inputs, as the dashboard's connect dialog and the hosted connect page (api/connect) show
 * them: a label, the key's description as a hint, secrets as password inputs, and an error line tied to the input.
 */
export interface FieldControl {
  field: Field;
  input: HTMLInputElement;
  error: HTMLElement;
}

export function fieldControl(field: Field): { row: HTMLElement; control: FieldControl } {
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
  const href = safeHref(field.link);
  // Optional fields say so in their hint; required ones carry aria-required and are checked on submit.
  const hint = field.hint
    ? h('p', { id: hintId, class: 'hint' }, field.hint, href ? ' ' : null, href ? h('a', { href, target: '_blank', rel: 'noopener noreferrer' }, 'Where to find it') : null)
    : null;
  const row = h('div', { class: 'field' }, h('label', { for: id }, field.label), hint, input, error);
  return { row, control: { field, input, error } };
}

/** The trimmed, non-empty values, limited to the keys in `only` when given (OAuth sends no secrets). */
export function readValues(controls: readonly FieldControl[], only?: readonly string[]): Record<string, string> {
  const values: Record<string, string> = {};
  for (const c of controls) {
    const value = c.input.value.trim();
    if ((!only || only.includes(c.field.key)) && value !== '') values[c.field.key] = value;
  }
  return values;
}

/** Empties every secret input: a typed token is not left in the page once it was sent. */
export function clearSecrets(controls: readonly FieldControl[]): void {
  for (const c of controls) if (c.field.secret) c.input.value = '';
}

/**
 * Each key's problem next to its field (problems are predicates: "is required"), a rule across keys in `formError`;
 * focus goes to the first invalid field. Returns whether there was anything to show.
 */
export function showProblems(controls: readonly FieldControl[], problems: readonly { key: string; message: string }[], formError: HTMLElement): boolean {
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
  return problems.length > 0;
}
