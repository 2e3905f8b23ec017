export interface TokenSource {
  /** A usable access token: exchanges a stored auth_code or refreshes an expired token first, and saves the result. */
  get(): Promise<string>;
  /** After the provider answered 401: a refreshed token if a refresh is possible (once per sync), else undefined. */
  refreshAfterRejection(): Promise<string | undefined>;
  /** Every secret this source has seen, for sanitizeMessage. */
  secrets(): string[];
  /** Stores more keys the worker found (Jira's cloud_id) next to the tokens, through the same compare-and-swap save. */
  remember(values: Record<string, string>): Promise<void>;
}

/** Sends with the current token; on a 401 refreshes once (when a refresh token and client are at hand) and resends. */
export async function sendWithToken(tokens: TokenSource, send: (token: string) => Promise<Response>): Promise<Response> {
  const res = await send(await tokens.get());
  if (res.status !== 401) return res;
  let fresh: string | undefined;
  try {
    fresh = await tokens.refreshAfterRejection();
  } catch (err) {
    await res.body?.cancel();
    throw err;
  }
  if (fresh === undefined) return res;
  await res.body?.cancel();
  return send(fresh);
}
