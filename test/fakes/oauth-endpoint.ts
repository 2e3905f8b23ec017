import { createHash, randomBytes } from 'node:crypto';
import { json, startFakeServer, type FakeReply, type FakeServer, type RecordedRequest } from './fake-server.js';

/**
 * One authorization server, as each provider documents its own: the authorize page (a consent screen reduced to Allow
 * and Deny, minting a code bound to client_id, redirect_uri and the PKCE challenge) and the token endpoint answering
 * the way that provider does.
 */
export type OAuthStyle = 'google' | 'sentry' | 'github' | 'gitlab' | 'atlassian' | 'linear';

/** What an OAuth provider's token endpoint knows: its clients, the codes it handed out, the refresh tokens it minted. */
export interface OAuthFakeState {
  /** client_id → client_secret */
  clients: Map<string, string>;
  /** Public clients (a self-managed GitLab instance's own app): PKCE only, no secret. */
  publicClients: Set<string>;
  /** Single-use authorization codes. */
  codes: Map<string, { clientId: string; redirectUri?: string; challenge?: string }>;
  /** refresh_token → client_id */
  refreshTokens: Map<string, string>;
  /** Answer refreshes with a new refresh token (and revoke the old one), as rotating providers do. */
  rotate: boolean;
  /** How many access tokens were minted. */
  issued: number;
  /** How many refresh_token grants were answered with tokens. */
  refreshes: number;
  /** Refresh tokens spent by a rotating refresh: presenting one again is refused with invalid_grant. */
  usedRefreshTokens: Set<string>;
  /** Access tokens minted here become valid at the API. */
  onAccessToken: (token: string) => void;
  expiresIn?: number;
  /** Hand out this access token instead of a random one (for an API fake that accepts one fixed token). */
  fixedAccessToken?: string;
  /** Every client_secret the token endpoint received, in the body or in Basic auth. */
  secretsSeen: string[];
}

export function newOAuthState(onAccessToken: (token: string) => void, init: Partial<OAuthFakeState> = {}): OAuthFakeState {
  return { clients: new Map(), publicClients: new Set(), codes: new Map(), refreshTokens: new Map(), rotate: false, issued: 0, refreshes: 0, usedRefreshTokens: new Set(), secretsSeen: [], onAccessToken, ...init };
}

/** RFC 6749 §4.1.3 / §6: a form-encoded POST; returns the parsed form, or the violation reply. */
export function checkTokenRequest(req: RecordedRequest, violation: (m: string) => FakeReply): { form: Record<string, string> } | { reply: FakeReply } {
  const type = String(req.headers['content-type'] ?? '');
  if (!type.startsWith('application/x-www-form-urlencoded')) return { reply: violation(`token request content-type was ${type}`) };
  if (typeof req.body !== 'string') return { reply: violation('token request had no form body') };
  return { form: Object.fromEntries(new URLSearchParams(req.body)) };
}

interface Style {
  accessPrefix: string;
  refreshPrefix: string;
  /** Refresh tokens rotate on every refresh whatever `state.rotate` says (GitLab, Atlassian, Linear). */
  alwaysRotate: boolean;
  /** The code grant returns a refresh token. */
  refreshOnCode: boolean;
  /** GitHub answers errors with 200 and `error` in the body, under its own names. */
  githubErrors: boolean;
  /** Status of an invalid_grant answer. */
  grantErrorStatus: number;
  body(common: { access_token: string; expires_in: number; refresh_token?: string }): Record<string, unknown>;
}

const STYLES: Record<OAuthStyle, Style> = {
  google: {
    accessPrefix: 'ya29.',
    refreshPrefix: '1//0g',
    alwaysRotate: false,
    refreshOnCode: true,
    githubErrors: false,
    grantErrorStatus: 400,
    body: (c) => ({ ...c, scope: 'https://www.googleapis.com/auth/analytics.readonly', token_type: 'Bearer' }),
  },
  sentry: {
    accessPrefix: '',
    refreshPrefix: '',
    alwaysRotate: false,
    refreshOnCode: true,
    githubErrors: false,
    grantErrorStatus: 400,
    body: (c) => ({
      ...c,
      expires_at: new Date(Date.now() + c.expires_in * 1000).toISOString(),
      token_type: 'bearer',
      scope: 'event:read org:read project:read',
      user: { id: '1', name: 'Ada', email: 'ada@example.com' },
    }),
  },
  // OAuth app tokens do not expire and come without a refresh token.
  github: {
    accessPrefix: 'gho_',
    refreshPrefix: 'ghr_',
    alwaysRotate: false,
    refreshOnCode: false,
    githubErrors: true,
    grantErrorStatus: 200,
    body: (c) => ({ access_token: c.access_token, token_type: 'bearer', scope: 'repo' }),
  },
  gitlab: {
    accessPrefix: 'glpat-oauth-',
    refreshPrefix: 'glrt-',
    alwaysRotate: true,
    refreshOnCode: true,
    githubErrors: false,
    grantErrorStatus: 400,
    body: (c) => ({ ...c, expires_in: 7200, token_type: 'Bearer', scope: 'api', created_at: Math.floor(Date.now() / 1000) }),
  },
  atlassian: {
    accessPrefix: 'eyJatl.',
    refreshPrefix: 'eyJrt.',
    alwaysRotate: true,
    refreshOnCode: true,
    githubErrors: false,
    // Atlassian answers a refused refresh token with 403.
    grantErrorStatus: 403,
    body: (c) => ({ ...c, token_type: 'Bearer', scope: 'read:jira-work write:jira-work manage:jira-webhook offline_access' }),
  },
  linear: {
    accessPrefix: 'lin_oauth_',
    refreshPrefix: 'lin_rt_',
    alwaysRotate: true,
    refreshOnCode: true,
    githubErrors: false,
    grantErrorStatus: 400,
    body: (c) => ({ ...c, expires_in: 86399, token_type: 'Bearer', scope: 'read write' }),
  },
};

/** Answers a token request the way the provider of `style` does. */
export function issueTokens(state: OAuthFakeState, form: Record<string, string>, opts: { style: OAuthStyle; authorization?: string | undefined }): FakeReply {
  const style = STYLES[opts.style];
  const basic = /^Basic (.+)$/.exec(opts.authorization ?? '')?.[1];
  const [basicId, basicSecret] = basic ? Buffer.from(basic, 'base64').toString('utf8').split(':').map(decodeURIComponent) : [];
  const clientId = form.client_id ?? basicId ?? '';
  const secret = form.client_secret ?? basicSecret;
  if (secret !== undefined) state.secretsSeen.push(secret);
  const error = (status: number, code: string, description: string, githubCode = code): FakeReply =>
    style.githubErrors ? json(200, { error: githubCode, error_description: description, error_uri: 'https://docs.github.com/apps/oauth' }) : json(status, { error: code, error_description: description });
  const publicClient = state.publicClients.has(clientId);
  if (publicClient ? secret !== undefined : !state.clients.has(clientId) || state.clients.get(clientId) !== secret) {
    return error(401, 'invalid_client', 'Client authentication failed.', 'incorrect_client_credentials');
  }
  let refreshToken: string | undefined;
  if (form.grant_type === 'authorization_code') {
    const code = state.codes.get(form.code ?? '');
    if (!code || code.clientId !== clientId) return error(style.grantErrorStatus, 'invalid_grant', 'The authorization code is invalid or expired.', 'bad_verification_code');
    if (code.redirectUri !== undefined && code.redirectUri !== form.redirect_uri) return error(400, 'redirect_uri_mismatch', 'The redirect_uri does not match.');
    if (code.challenge !== undefined && createHash('sha256').update(form.code_verifier ?? '').digest('base64url') !== code.challenge) {
      return error(400, 'invalid_grant', 'PKCE verification failed.');
    }
    if (publicClient && code.challenge === undefined) return error(400, 'invalid_request', 'Public clients must use PKCE.');
    state.codes.delete(form.code ?? '');
    if (style.refreshOnCode) refreshToken = mint(style.refreshPrefix);
  } else if (form.grant_type === 'refresh_token') {
    const presented = form.refresh_token ?? '';
    if (state.usedRefreshTokens.has(presented)) return error(style.grantErrorStatus, 'invalid_grant', 'The refresh token was already used.', 'bad_refresh_token');
    if (state.refreshTokens.get(presented) !== clientId) return error(style.grantErrorStatus, 'invalid_grant', 'Unknown or invalid refresh token.', 'bad_refresh_token');
    if (state.rotate || style.alwaysRotate) {
      state.refreshTokens.delete(presented);
      state.usedRefreshTokens.add(presented);
      refreshToken = mint(style.refreshPrefix);
    }
    state.refreshes += 1;
  } else {
    return error(400, 'unsupported_grant_type', `grant_type ${form.grant_type}`);
  }
  if (refreshToken) state.refreshTokens.set(refreshToken, clientId);
  const accessToken = state.fixedAccessToken ?? mint(style.accessPrefix);
  state.issued += 1;
  state.onAccessToken(accessToken);
  return json(200, style.body({ access_token: accessToken, expires_in: state.expiresIn ?? 3599, ...(refreshToken ? { refresh_token: refreshToken } : {}) }));
}

/** What one provider's authorize endpoint requires of the request. */
export interface AuthorizeRules {
  scope: string;
  /** PKCE S256 required (public clients always need it). */
  pkce: boolean;
  /** Further parameters that must be present with these values (Atlassian's audience and prompt). */
  params?: Record<string, string>;
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** The consent page: checks the request, mints a code bound to the client, redirect URI and challenge, links Allow/Deny. */
export function authorizePage(state: OAuthFakeState, req: RecordedRequest, violation: (m: string) => FakeReply, rules: AuthorizeRules): FakeReply {
  if (req.method !== 'GET') return violation(`authorize called with ${req.method}`);
  const q = req.query;
  const clientId = q.get('client_id') ?? '';
  const publicClient = state.publicClients.has(clientId);
  if (q.get('response_type') !== 'code' || (!state.clients.has(clientId) && !publicClient)) return violation('authorize needs response_type=code and a known client_id');
  if (q.get('scope') !== rules.scope) return violation(`scope was ${q.get('scope')}, expected ${rules.scope}`);
  for (const [k, v] of Object.entries(rules.params ?? {})) if (q.get(k) !== v) return violation(`${k} must be ${v}`);
  const redirect = q.get('redirect_uri') ?? '';
  if (!/^https?:\/\/[^/]+\/oauth\/[a-z0-9]+\/callback$/.test(redirect) || !q.get('state')) return violation('state and an http(s) redirect_uri are required');
  const challenge = q.get('code_challenge') ?? undefined;
  if (rules.pkce || publicClient) {
    if (q.get('code_challenge_method') !== 'S256' || !/^[A-Za-z0-9_-]{43}$/.test(challenge ?? '')) return violation('PKCE S256 challenge missing');
  } else if (challenge !== undefined) {
    return violation('a PKCE challenge was sent to a provider that does not document PKCE');
  }
  const code = mint('code-');
  state.codes.set(code, { clientId, redirectUri: redirect, ...(challenge ? { challenge } : {}) });
  const allow = `${redirect}?${new URLSearchParams({ code, state: q.get('state')! })}`;
  const deny = `${redirect}?${new URLSearchParams({ error: 'access_denied', state: q.get('state')! })}`;
  const html = `<!doctype html><title>Authorize</title><h1>Allow access?</h1><a id="allow" href="${escapeHtml(allow)}">Allow</a> <a id="deny" href="${escapeHtml(deny)}">Deny</a>`;
  return { status: 200, body: html, headers: { 'content-type': 'text/html; charset=utf-8' } };
}

export interface FakeOAuthServer extends FakeServer {
  oauth: OAuthFakeState;
  authorizeUrl: string;
  tokenUrl: string;
  authorizeRequests(): RecordedRequest[];
  tokenRequests(): RecordedRequest[];
  /** The form of the i-th token request. */
  tokenForm(i: number): Record<string, string>;
}

/**
 * A provider's authorization server on its documented paths (e.g. GitHub `/login/oauth/authorize` and
 * `/login/oauth/access_token`). `state` may be shared with another fake that also serves the token endpoint (Google).
 */
export async function startFakeOAuthServer(opts: {
  style: OAuthStyle;
  authorizePath: string;
  tokenPath: string;
  rules: AuthorizeRules;
  state?: OAuthFakeState;
  onAccessToken?: (token: string) => void;
}): Promise<FakeOAuthServer> {
  const state = opts.state ?? newOAuthState(opts.onAccessToken ?? (() => undefined));
  const server = await startFakeServer((req, violation) => {
    if (req.path === opts.authorizePath) return authorizePage(state, req, violation, opts.rules);
    if (req.path === opts.tokenPath) {
      if (req.method !== 'POST') return violation(`token endpoint called with ${req.method}`);
      if (opts.style === 'github' && req.headers.accept !== 'application/json') return violation('GitHub answers form-encoded unless Accept: application/json');
      const checked = checkTokenRequest(req, violation);
      return 'reply' in checked ? checked.reply : issueTokens(state, checked.form, { style: opts.style, authorization: req.headers.authorization });
    }
    return json(404, { error: 'not_found' });
  });
  const tokenRequests = () => server.requests.filter((r) => r.path === opts.tokenPath);
  return {
    ...server,
    oauth: state,
    authorizeUrl: `${server.url}${opts.authorizePath}`,
    tokenUrl: `${server.url}${opts.tokenPath}`,
    authorizeRequests: () => server.requests.filter((r) => r.path === opts.authorizePath),
    tokenRequests,
    tokenForm: (i) => Object.fromEntries(new URLSearchParams(tokenRequests()[i]!.body as string)),
  };
}

function mint(prefix: string): string {
  return `${prefix}${randomBytes(24).toString('hex')}`;
}
