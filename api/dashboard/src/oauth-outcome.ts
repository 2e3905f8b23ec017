import type { Provider } from './api.js';
import { PROVIDERS, providerInfo } from './providers.js';

/** What each callback error code means for the person who tried (the hosted connect page shows the same). */
export const OAUTH_ERRORS: Record<string, string> = {
  invalid_state: 'The answer from the provider could not be verified (its state was missing, altered or already used). Nothing was connected; start again.',
  expired_state: 'The authorization took too long and expired. Nothing was connected; start again.',
  state_mismatch: 'The authorization was started in another browser. Nothing was connected; start again from this page.',
  access_denied: 'Access was denied at the provider. Nothing was connected.',
  forbidden: 'The API key that started the authorization may no longer connect integrations.',
  oauth_not_configured: 'OAuth is not configured on the server for this provider.',
};

export interface OAuthOutcome {
  ok: boolean;
  message: string;
  project?: string;
}

/** Reads `?oauth=connected` / `?oauth_error=…` left by the server's callback redirect; codes only, no secrets. */
export function oauthOutcome(search = window.location.search): OAuthOutcome | undefined {
  const params = new URLSearchParams(search);
  const rawProvider = params.get('provider') ?? '';
  const provider = PROVIDERS.some((p) => p.id === rawProvider) ? providerInfo(rawProvider as Provider).label : 'The provider';
  const project = params.get('project') ?? undefined;
  if (params.get('oauth') === 'connected') {
    return { ok: true, message: `${provider} is connected${project ? ` to project ${project}` : ''}. Press Sync now to fetch its data.`, ...(project ? { project } : {}) };
  }
  const error = params.get('oauth_error');
  if (error === null) return undefined;
  return { ok: false, message: `${provider}: ${OAUTH_ERRORS[error] ?? `the authorization failed (${error.replace(/[^a-z_]/g, '').slice(0, 64)}). Nothing was connected; start again.`}` };
}
