/** The message a product's page receives from the popup it opened (docs/embed.md). */
export const CONNECTED_MESSAGE = 'audit-integrations:connected';

export type Finished = 'posted' | 'redirecting' | 'done';

/**
 * After a connect: tell the product. Opened as a popup by the product → one postMessage to the origin of the session's
 * return_url (which the server checked against CONNECT_RETURN_ORIGINS when the session was made; never an origin
 * taken from this page's URL), then close. Opened by navigation → back to return_url with `connected=<provider>` added
 * to its query. Without a return_url there is nobody to tell: the page says it is done.
 */
export function finish(returnUrl: string | null, provider: string, integrationId: string | null): Finished {
  const target = returnUrl !== null && URL.canParse(returnUrl) ? new URL(returnUrl) : undefined;
  if (!target) return 'done';
  const opener = window.opener as Window | null;
  if (opener && !opener.closed) {
    opener.postMessage({ type: CONNECTED_MESSAGE, provider, integration_id: integrationId }, target.origin);
    window.close();
    return 'posted';
  }
  target.searchParams.set('connected', provider);
  // replace: Back from the product should not land on this page again, whose token is gone by then.
  window.location.replace(target.href);
  return 'redirecting';
}
