/**
 * "Connect with …" runs in a second window so this page, the only holder of the session token, stays as it is: the
 * provider's consent screen and the API's OAuth callback happen over there, and the callback's landing page
 * (`/connect/#oauth=<outcome>&provider=<p>`) reports back here over a BroadcastChannel of this origin. A channel, not
 * `window.opener`: the authorize window is cut from this one before it leaves our origin (so the provider's pages
 * cannot navigate this page), and a provider's Cross-Origin-Opener-Policy would cut it anyway.
 */
const CHANNEL = 'audit-integrations:oauth';

export interface OAuthReport {
  provider: string;
  outcome: string;
}

/**
 * Opened synchronously in the click handler (a popup opened later, after the authorize request, is blocked by most
 * browsers) on about:blank of our own origin, and cut from this page at once. Null when the browser refused.
 */
export function openAuthorizeWindow(): Window | null {
  const child = window.open('about:blank', '_blank', 'popup,width=620,height=760');
  if (child) child.opener = null;
  return child;
}

/**
 * Waits for the landing page's report about `provider`. Only our own pages can post on this origin's channel; a report
 * is a hint, never proof: the caller confirms a connect with the API before it tells the product anything.
 */
export function onAuthorizeReport(provider: string, handle: (report: OAuthReport) => void): () => void {
  const channel = new BroadcastChannel(CHANNEL);
  channel.addEventListener('message', (event: MessageEvent<unknown>) => {
    const data = event.data as Partial<OAuthReport> | null;
    if (data && typeof data === 'object' && data.provider === provider && typeof data.outcome === 'string') handle({ provider, outcome: data.outcome });
  });
  return () => channel.close();
}

/** On the landing page: tells the window that started the flow how it ended. */
export function reportAuthorize(report: OAuthReport): void {
  const channel = new BroadcastChannel(CHANNEL);
  channel.postMessage(report);
  channel.close();
}
