/**
 * What the address bar's fragment carried when the page loaded. The fragment never reaches a server (not in a request
 * line, not in a Referer, not in an access log); it is removed from the address bar and from this history entry before
 * the page does anything else, so the token is not left in the history, a bookmark or a screenshot of the URL.
 */
export type Landing =
  /** `#session=cs_…`: the link a product got from POST …/connect-sessions. */
  | { kind: 'session'; token: string }
  /** `#oauth=<outcome>&provider=<p>`: the OAuth callback's redirect, in the window the page opened for it. */
  | { kind: 'oauth'; outcome: string; provider: string }
  | { kind: 'none' };

const SESSION_TOKEN = /^cs_[A-Za-z0-9_-]{43}$/;
// Outcome codes are snake_case words (connected, access_denied, invalid_state …); anything else is shown as unknown.
const CODE = /^[a-z_]{1,64}$/;

export function takeFragment(): Landing {
  const params = new URLSearchParams(window.location.hash.slice(1));
  if (window.location.hash !== '') history.replaceState(null, '', `${window.location.pathname}${window.location.search}`);
  const token = params.get('session');
  if (token !== null) return SESSION_TOKEN.test(token) ? { kind: 'session', token } : { kind: 'none' };
  const outcome = params.get('oauth');
  if (outcome !== null) return { kind: 'oauth', outcome: CODE.test(outcome) ? outcome : 'unknown', provider: params.get('provider') ?? '' };
  return { kind: 'none' };
}
