import { FailureType, transientFailure } from '../errors.js';
import type { FindingSeverity, SentryFindingInput } from '../stores/sentry-findings-store.js';
import { failureFromResponse, request, requireString, retryDelayFromHeaders } from './http.js';
import { createTokenSource, sendWithToken } from './oauth.js';
import { baseUrlOf, stringOf, type ProviderOptions } from './options.js';
import type { ProviderAdapter } from './types.js';

const DEFAULT_BASE_URL = 'https://sentry.io';
const DEFAULT_TOKEN_URL = 'https://sentry.io/oauth/token/';
/** A runaway Link chain (a proxy rewriting cursors) must end; 1000 pages is 100k unresolved issues. */
const MAX_PAGES = 1000;

const SEVERITY: Record<string, FindingSeverity> = { fatal: 'critical', error: 'high', warning: 'medium', info: 'low', debug: 'info' };

interface SentryIssue {
  id?: unknown;
  shortId?: unknown;
  title?: unknown;
  culprit?: unknown;
  permalink?: unknown;
  level?: unknown;
  issueCategory?: unknown;
}

/** `Link: <…>; rel="next"; results="true"; cursor="…"` → the next cursor, or undefined on the last page. */
export function nextCursor(link: string | null): string | undefined {
  if (!link) return undefined;
  for (const part of link.split(/,\s*(?=<)/)) {
    if (!/;\s*rel="next"/.test(part)) continue;
    if (!/;\s*results="true"/.test(part)) return undefined;
    return /;\s*cursor="([^"]+)"/.exec(part)?.[1];
  }
  return undefined;
}

export function findingFromIssue(issue: SentryIssue): SentryFindingInput | undefined {
  const id = typeof issue.id === 'string' || typeof issue.id === 'number' ? String(issue.id) : undefined;
  if (!id) return undefined;
  const title = stringOf(issue.title) ?? stringOf(issue.shortId) ?? `Sentry issue ${id}`;
  const culprit = stringOf(issue.culprit);
  const shortId = stringOf(issue.shortId);
  return {
    sourceRef: id,
    title: title.slice(0, 300),
    description: [shortId, culprit].filter(Boolean).join(': ') || null,
    severity: SEVERITY[String(issue.level)] ?? 'medium',
    url: stringOf(issue.permalink) ?? null,
    category: stringOf(issue.issueCategory) ?? 'error',
  };
}

/** Sentry's 429 may carry only `X-Sentry-Rate-Limit-Reset` (epoch seconds) instead of Retry-After. */
async function sentryFailure(res: Response, secrets: readonly string[]): Promise<Error> {
  if (res.status === 429 && retryDelayFromHeaders(res.headers) === undefined) {
    await res.body?.cancel();
    const reset = Number(res.headers.get('x-sentry-rate-limit-reset'));
    const delay = Number.isFinite(reset) && reset > 0 ? Math.max(1000, reset * 1000 - Date.now()) : undefined;
    return transientFailure(FailureType.RateLimited, 'Sentry answered 429: rate limited', delay);
  }
  return failureFromResponse(res, 'Sentry', secrets);
}

/**
 * Sentry REST: every unresolved issue of the project becomes (or refreshes) a finding with source `sentry`; once the
 * whole list has been read, open Sentry findings missing from it are resolved. OAuth: an `auth_code` is exchanged at
 * SENTRY_TOKEN_URL (default sentry.io) with the SENTRY_* app, and an expired token is refreshed.
 */
export function createSentryAdapter(options: ProviderOptions = {}): ProviderAdapter {
  return {
    provider: 'sentry',
    requiredCredentials: ['organization', 'project'],
    async sync(ctx) {
      const organization = requireString(ctx.credentials, 'organization', 'Sentry');
      const project = requireString(ctx.credentials, 'project', 'Sentry');
      const baseUrl = baseUrlOf(ctx.credentials, DEFAULT_BASE_URL, 'Sentry');
      const tokens = createTokenSource(ctx, { label: 'Sentry', apps: ['sentry'], tokenKey: 'token', defaultTokenUrl: DEFAULT_TOKEN_URL }, options);
      const listUrl = `${baseUrl}/api/0/projects/${encodeURIComponent(organization)}/${encodeURIComponent(project)}/issues/?query=${encodeURIComponent('is:unresolved')}`;

      const unresolved: string[] = [];
      let created = 0;
      let updated = 0;
      let cursor: string | undefined;
      for (let page = 1; ; page++) {
        const url = cursor === undefined ? listUrl : `${listUrl}&cursor=${encodeURIComponent(cursor)}`;
        const res = await sendWithToken(tokens, (token) =>
          request(
            ctx.fetch,
            url,
            { headers: { authorization: `Bearer ${token}`, accept: 'application/json' }, signal: ctx.signal, ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}) },
            'Sentry',
          ),
        );
        if (!res.ok) throw await sentryFailure(res, tokens.secrets());
        const body = (await res.json()) as unknown;
        if (!Array.isArray(body)) throw transientFailure(FailureType.Unavailable, 'Sentry answered with something other than a list of issues');
        const findings = (body as SentryIssue[]).map(findingFromIssue).filter((f): f is SentryFindingInput => f !== undefined);
        const written = await ctx.stores.sentryFindings.upsert(findings);
        created += written.created;
        updated += written.updated;
        unresolved.push(...findings.map((f) => f.sourceRef));
        ctx.heartbeat({ step: 'sentry-issues', page });
        const next = nextCursor(res.headers.get('link'));
        if (next === undefined) break;
        if (next === cursor || page >= MAX_PAGES) throw transientFailure(FailureType.Unavailable, 'Sentry pagination did not come to an end');
        cursor = next;
      }
      const resolved = await ctx.stores.sentryFindings.resolveAllExcept(unresolved);
      return { pushed: 0, pulled: created, updated: updated + resolved };
    },
  };
}
