// A namespace import lets esbuild drop the parts of zod the dashboard bundle does not use (its locales above all).
import * as z from 'zod';
import { HTTP_URL_MESSAGE, isHttpUrl } from '../../db/http-url.js';

/**
 * What one provider is, as plain data plus a zod schema: no Node builtins, no Temporal, no adapter code, so the API,
 * the db layer and the browser dashboard may all import definitions (the adapters, which do HTTP, live next to them
 * and only the worker loads those).
 */

/** Trackers get findings pushed as issues; `findings` and `metrics` providers are pulled. */
export type ProviderKind = 'tracker' | 'findings' | 'metrics';

// A type alias (not an interface) so it fits zod's index-signature meta type.
export type CredentialMeta = {
  /** Form label, e.g. "Repository". */
  title: string;
  /** One line: what the value is. */
  description: string;
  /** Where a user finds or creates the value. */
  link?: string;
  secret?: boolean;
  /** The expected form in words ("owner/name", "url", "32 hexadecimal characters"). */
  format?: string;
  /** Written by the OAuth flow or the worker (auth_code, expires_at …), never typed into a form. */
  managed?: boolean;
  /** Only "Connect with …" reads it (GitLab's self-managed app id): the form shows it only where OAuth is configured. */
  oauthOnly?: boolean;
};

/** How the provider does "Connect with …": endpoints, scopes, PKCE, and which non-secret keys the user fills in first. */
export interface OAuthSettings {
  /** Env prefixes consulted in order, per variable (ga4: GA4_* before GOOGLE_*). */
  env: readonly string[];
  authorizeUrl: string;
  tokenUrl: string;
  scopes: string;
  /** RFC 7636 S256, where the provider documents it. */
  pkce: boolean;
  extraParams: Readonly<Record<string, string>>;
  /** Non-secret credential keys collected before the redirect; they travel in the signed state. */
  fields: readonly string[];
  /** The credentials key the access token is stored under. */
  tokenKey: string;
  /**
   * Self-managed instances with their own OAuth apps (GitLab): a `client_id` in the credentials, without a secret, is a
   * public PKCE client of the instance at `base_url`'s origin, reached at these paths. The deployment's app (and its
   * secret) only ever serves its own configured URLs.
   */
  selfManaged?: { authorizePath: string; tokenPath: string };
}

/** A self-managed instance's authorize or token URL: `base_url`'s origin (default: the provider's own) plus the path. */
export function selfManagedUrl(settings: Pick<OAuthSettings, 'authorizeUrl' | 'selfManaged'>, baseUrl: string | undefined, which: 'authorize' | 'token'): string {
  if (!settings.selfManaged) throw new Error('this provider has no self-managed OAuth apps');
  const origin = new URL(baseUrl ?? settings.authorizeUrl).origin;
  return `${origin}${which === 'authorize' ? settings.selfManaged.authorizePath : settings.selfManaged.tokenPath}`;
}

export interface ProviderDefinition<Id extends string = string, Shape extends z.ZodRawShape = z.ZodRawShape> {
  id: Id;
  label: string;
  kind: ProviderKind;
  /** What a sync does, in a few words ("Issues for open findings"). */
  summary: string;
  /** Strict: a key outside the shape is a problem when checked by verify. Messages are predicates ("is required"). */
  credentials: z.ZodObject<Shape>;
  oauth?: OAuthSettings;
}

/** Keeps the literal id and whether `oauth` is there in the type, so callers need no checks on a known definition. */
export function defineProvider<const D extends ProviderDefinition>(def: D): D {
  return def;
}

export const REQUIRED = 'is required';

/** A required text credential: trimmed, non-empty, bounded. */
export function text(meta: CredentialMeta, max = 500): z.ZodString {
  return z.string({ error: (issue) => (issue.input === undefined ? REQUIRED : 'must be a string') }).trim().min(1, REQUIRED).max(max, `must be at most ${max} characters`).meta(meta);
}

export function matching(meta: CredentialMeta & { format: string }, pattern: RegExp, max = 500): z.ZodString {
  return text(meta, max).regex(pattern, `must look like ${meta.format}`).meta(meta);
}

export function httpUrl(meta: CredentialMeta, max = 2048) {
  return text({ ...meta, format: 'url' }, max)
    .refine(isHttpUrl, HTTP_URL_MESSAGE)
    .meta({ ...meta, format: 'url' });
}

/** `base_url`: optional everywhere except Jira; the API root of a self-hosted instance, or a test double. */
export function baseUrl(defaultUrl: string) {
  return httpUrl({ title: 'API base URL', description: `Optional; default ${defaultUrl}`, format: 'url' }).optional();
}

/** Keys the OAuth flow and the worker write: accepted by the schema, never shown in a form. */
export const oauthManaged = {
  auth_code: text({ title: 'Authorization code', description: 'Set by "Connect with …"; exchanged by the first sync', secret: true, managed: true }, 16_384).optional(),
  code_verifier: text({ title: 'PKCE verifier', description: 'Set by "Connect with …"', secret: true, managed: true }, 200).optional(),
  // An ISO string as the worker writes it, or epoch seconds/milliseconds as a client may send it.
  expires_at: z
    .union([z.string().trim().max(64), z.number()])
    .meta({ title: 'Token expiry', description: 'Set by the worker when it stores a token', managed: true } satisfies CredentialMeta)
    .optional(),
  redirect_uri: httpUrl({ title: 'Redirect URI', description: 'The redirect URI the auth_code was issued for', managed: true }).optional(),
} as const;

/** An OAuth token "Connect with …" stores (access or refresh): secret, managed, never in a form. */
export function managedToken(title: string, label: string) {
  return text({ title, description: `Set by "Connect with ${label}"`, secret: true, managed: true }, 4096).optional();
}

/**
 * A rule across keys that is reported together with the per-key problems (zod otherwise skips it while another key has
 * one): an empty form says "Token is required" along with the rest. Runs on objects only.
 */
export const ALONG_WITH_KEY_PROBLEMS = { when: (payload: { value: unknown }) => typeof payload.value === 'object' && payload.value !== null && !Array.isArray(payload.value) };

/** A pasted key under `key`, or what "Connect with …" stored (an access token, a code, a refresh token). */
export function keyOrOAuth(key: string, tokenKey = 'access_token') {
  return (value: Record<string, unknown>, ctx: z.RefinementCtx): void => {
    if (!value[key] && !value[tokenKey] && !value.auth_code && !value.refresh_token) ctx.addIssue({ code: 'custom', path: [key], message: REQUIRED });
  };
}

export interface CredentialKey {
  key: string;
  title: string;
  type: 'string';
  required: boolean;
  secret: boolean;
  description: string;
  link: string | null;
  format: string | null;
  managed: boolean;
  oauthOnly: boolean;
}

function metaOf(schema: z.ZodType): CredentialMeta | undefined {
  const own = schema.meta() as CredentialMeta | undefined;
  if (own?.title) return own;
  const inner = (schema as { unwrap?: () => z.ZodType }).unwrap?.();
  return inner ? metaOf(inner) : undefined;
}

/** The credential keys in declaration order, described from the schema itself. */
export function credentialKeys(def: ProviderDefinition): CredentialKey[] {
  return Object.entries(def.credentials.shape).map(([key, schema]) => {
    const meta = metaOf(schema as z.ZodType);
    if (!meta) throw new Error(`provider ${def.id}: credential ${key} has no title/description`);
    return {
      key,
      title: meta.title,
      type: 'string',
      required: !(schema as z.ZodType).safeParse(undefined).success,
      secret: meta.secret === true,
      description: meta.description,
      link: meta.link ?? null,
      format: meta.format ?? null,
      managed: meta.managed === true,
      oauthOnly: meta.oauthOnly === true,
    };
  });
}

export interface CredentialProblem {
  /** A credential key, or `credentials` for a rule across keys. */
  key: string;
  message: string;
}

const SAFE_KEY = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * Problems per key, phrased as predicates. Never quotes a value; unknown keys are named only when they look like key
 * names (a pasted secret in a key position is reported without itself).
 */
export function credentialProblems(def: ProviderDefinition, credentials: unknown, opts: { strict: boolean }): CredentialProblem[] {
  const schema = opts.strict ? def.credentials.strict() : def.credentials.strip();
  const parsed = schema.safeParse(credentials);
  if (parsed.success) return [];
  const problems: CredentialProblem[] = [];
  for (const issue of parsed.error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) problems.push(SAFE_KEY.test(key) ? { key, message: `is not a ${def.label} credential key` } : { key: 'credentials', message: 'holds a key that is not a credential key' });
      continue;
    }
    const key = issue.path.length > 0 ? String(issue.path[0]) : 'credentials';
    problems.push({ key, message: issue.message });
  }
  // In the form's order (rules across keys, such as "a token or Connect with …", are found after the per-key checks).
  const order = Object.keys(def.credentials.shape);
  const rank = (key: string) => (order.includes(key) ? order.indexOf(key) : order.length);
  return problems.map((p, i) => ({ p, i })).sort((a, b) => rank(a.p.key) - rank(b.p.key) || a.i - b.i).map(({ p }) => p);
}
