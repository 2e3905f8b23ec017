import { h } from './dom.js';

/**
 * Modal dialogs on the native <dialog>: focus moves in and is trapped by the browser, Escape cancels, and focus goes
 * back to the control that opened it. The element is removed on close so no typed value outlives it.
 */
export function openDialog(dialog: HTMLDialogElement, opener: HTMLElement | null, onClose?: () => void): void {
  dialog.addEventListener('close', () => {
    dialog.remove();
    onClose?.();
    if (opener?.isConnected) opener.focus();
  });
  document.body.append(dialog);
  dialog.showModal();
}

export function confirmDialog(opts: { title: string; message: string; confirm: string; opener: HTMLElement | null }): Promise<boolean> {
  return new Promise((resolve) => {
    let confirmed = false;
    const titleId = `confirm-title-${Date.now()}`;
    const cancel = h('button', { type: 'button', class: 'button' }, 'Cancel');
    const ok = h('button', { type: 'submit', class: 'button danger' }, opts.confirm);
    const form = h('form', { method: 'dialog' }, h('h2', { id: titleId }, opts.title), h('p', {}, opts.message), h('div', { class: 'actions' }, cancel, ok));
    const dialog = h('dialog', { 'aria-labelledby': titleId, class: 'dialog' }, form);
    cancel.addEventListener('click', () => dialog.close());
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      confirmed = true;
      dialog.close();
    });
    openDialog(dialog, opts.opener, () => resolve(confirmed));
    // The safe choice has focus first.
    cancel.focus();
  });
}
