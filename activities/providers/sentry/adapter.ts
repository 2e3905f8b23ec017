import { z } from 'zod';
import { FailureType, transientFailure } from '../../errors.js';
import type { FindingSeverity, SentryFindingInput } from '../../stores/sentry-findings-store.js';
import { parseCredentials } from '../credentials.js';
import { failureFromResponse, jsonOf, parseAnswer, retryDelayFromHeaders } from '../http.js';
import { createTokenSource, sendWithToken } from '../oauth.js';
import { baseUrlOf, httpLinkOf, joinUrl, PACING, stringOf, syncCaps, type ProviderOptions } from '../options.js';
import type { ProviderAdapter } from '../types.js';
import { sentry } from './definition.js';

const DEFAULT_BASE_URL = 'https://sentry.io';

const SEVERITY: Record<string, FindingSeverity> = { fatal: 'critical', error: 'high', warning: 'medium', info: 'low', debug: 'info' };

/** What is read of each issue; ids may be strings or numbers, the rest is optional text. */
const Issue = z.object({
  id: z.union([z.string(), z.number()]),
  shortId: z.unknown().optional(),
  title: z.unknown().optional(),
  culprit: z.unknown().optional(),
  permalink: z.unknown().optional(),
  level: z.unknown().optional(),
  issueCategory: z.unknown().optional(),
});
type SentryIssue = Partial<z.infer<typeof Issue>>;

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
    url: httpLinkOf(stringOf(issue.permalink)) ?? null,
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
    async sync(ctx) {
      const { organization, project } = parseCredentials(sentry, ctx.credentials);
      const baseUrl = baseUrlOf(ctx.credentials, DEFAULT_BASE_URL, 'Sentry');
      const tokens = createTokenSource(ctx, { label: 'Sentry', provider: 'sentry', oauth: sentry.oauth }, options);
      const listPath = `/api/0/projects/${encodeURIComponent(organization)}/${encodeURIComponent(project)}/issues/?query=${encodeURIComponent('is:unresolved')}`;
      const caps = syncCaps(ctx.limits, 'Sentry');

      const unresolved: string[] = [];
      let created = 0;
      let updated = 0;
      let cursor: string | undefined;
      for (let page = 1; ; page++) {
        const url = joinUrl(baseUrl, cursor === undefined ? listPath : `${listPath}&cursor=${encodeURIComponent(cursor)}`).href;
        const res = await sendWithToken(tokens, (token) =>
          ctx.http.send(url, {
            headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
            label: 'Sentry',
            pacing: PACING.sentry,
            ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
          }),
        );
        if (!res.ok) throw await sentryFailure(res, tokens.secrets());
        const body = parseAnswer(z.array(Issue), await jsonOf(res), 'Sentry');
        const findings = body.map(findingFromIssue).filter((f): f is SentryFindingInput => f !== undefined);
        const written = await ctx.stores.sentryFindings.upsert(findings);
        created += written.created;
        updated += written.updated;
        unresolved.push(...findings.map((f) => f.sourceRef));
        ctx.heartbeat({ step: 'sentry-issues', page });
        const next = nextCursor(res.headers.get('link'));
        if (next === undefined) break;
        if (next === cursor) throw transientFailure(FailureType.Unavailable, 'Sentry pagination did not come to an end');
        if (!caps.page(findings.length)) break;
        cursor = next;
      }
      // Only a whole list proves an issue is no longer unresolved: a capped one resolves nothing.
      const resolved = caps.warning ? 0 : await ctx.stores.sentryFindings.resolveAllExcept(unresolved);
      return { pushed: 0, pulled: created, updated: updated + resolved, ...(caps.warning ? { warnings: [caps.warning] } : {}) };
    },
  };
}
