import { randomBytes } from 'node:crypto';
import { json, type FakeReply, type RecordedRequest } from './fake-server.js';

/** What an OAuth provider's token endpoint knows: its clients, the codes it handed out, the refresh tokens it minted. */
export interface OAuthFakeState {
  /** client_id → client_secret */
  clients: Map<string, string>;
  /** Single-use authorization codes. */
  codes: Map<string, { clientId: string; redirectUri?: string }>;
  /** refresh_token → client_id */
  refreshTokens: Map<string, string>;
  /** Answer refreshes with a new refresh token (and revoke the old one), as rotating providers do. */
  rotate: boolean;
  /** How many access tokens were minted. */
  issued: number;
  /** Access tokens minted here become valid at the API. */
  onAccessToken: (token: string) => void;
  expiresIn?: number;
}

/** RFC 6749 §4.1.3 / §6: a form-encoded POST; returns the parsed form, or the violation reply. */
export function checkTokenRequest(req: RecordedRequest, violation: (m: string) => FakeReply): { form: Record<string, string> } | { reply: FakeReply } {
  const type = String(req.headers['content-type'] ?? '');
  if (!type.startsWith('application/x-www-form-urlencoded')) return { reply: violation(`token request content-type was ${type}`) };
  if (typeof req.body !== 'string') return { reply: violation('token request had no form body') };
  return { form: Object.fromEntries(new URLSearchParams(req.body)) };
}

/** Answers a token request the way Google (`style: google`) or Sentry (`style: sentry`) does. */
export function issueTokens(state: OAuthFakeState, form: Record<string, string>, opts: { style: 'google' | 'sentry' }): FakeReply {
  const clientId = form.client_id ?? '';
  if (!state.clients.has(clientId) || state.clients.get(clientId) !== form.client_secret) {
    return json(401, { error: 'invalid_client', error_description: 'The OAuth client was not found.' });
  }
  let refreshToken: string | undefined;
  if (form.grant_type === 'authorization_code') {
    const code = state.codes.get(form.code ?? '');
    if (!code || code.clientId !== clientId) return json(400, { error: 'invalid_grant', error_description: 'Malformed auth code.' });
    if (code.redirectUri !== undefined && code.redirectUri !== form.redirect_uri) {
      return json(400, { error: 'redirect_uri_mismatch', error_description: 'Bad Request' });
    }
    state.codes.delete(form.code ?? '');
    refreshToken = mint(opts.style === 'google' ? '1//0g' : '');
  } else if (form.grant_type === 'refresh_token') {
    if (state.refreshTokens.get(form.refresh_token ?? '') !== clientId) {
      return json(400, { error: 'invalid_grant', error_description: 'Token has been expired or revoked.' });
    }
    if (state.rotate) {
      state.refreshTokens.delete(form.refresh_token ?? '');
      refreshToken = mint(opts.style === 'google' ? '1//0g' : '');
    }
  } else {
    return json(400, { error: 'unsupported_grant_type', error_description: `grant_type ${form.grant_type}` });
  }
  if (refreshToken) state.refreshTokens.set(refreshToken, clientId);
  const accessToken = mint(opts.style === 'google' ? 'ya29.' : '');
  state.issued += 1;
  state.onAccessToken(accessToken);
  const expiresIn = state.expiresIn ?? 3599;
  const common = { access_token: accessToken, expires_in: expiresIn, ...(refreshToken ? { refresh_token: refreshToken } : {}) };
  if (opts.style === 'google') return json(200, { ...common, scope: 'https://www.googleapis.com/auth/analytics.readonly', token_type: 'Bearer' });
  return json(200, {
    ...common,
    expires_at: new Date(Date.now() + expiresIn * 1000).toISOString(),
    token_type: 'bearer',
    scope: 'event:read org:read project:read',
    user: { id: '1', name: 'Ada', email: 'ada@example.com' },
  });
}

function mint(prefix: string): string {
  return `${prefix}${randomBytes(24).toString('hex')}`;
}
