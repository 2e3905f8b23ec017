import { z } from 'zod';
import { FailureType, transientFailure } from '../../errors.js';
import type { FindingSeverity, SentryFindingInput } from '../../stores/sentry-findings-store.js';
import { parseCredentials } from '../credentials.js';
import { failureFromResponse, jsonOf, parseAnswer, retryDelayFromHeaders } from '../http.js';
import { createTokenSource, sendWithToken } from '../oauth.js';
import { baseUrlOf, httpLinkOf, joinUrl, PACING, stringOf, syncCaps, type ProviderOptions } from '../options.js';
import type { ProviderAdapter } from '../types.js';
import { sentry } from './definition.js';
import { isSaasApex, OrganizationDetails, regionBaseOf, SAAS_URL } from './region.js';

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

/** What is read of a project's details: the numeric id the organization issue list filters on. */
const ProjectDetails = z.object({ id: z.union([z.string().regex(/^\d{1,20}$/), z.number().int().nonnegative()]) });

/**
 * Every unresolved issue of the project within the last 90 days (`statsPeriod=90d`: the longest period the endpoint
 * takes, its own default and sentry.io's retention, written out so a change of default cannot shrink the list).
 */
function issueListPath(organization: string, projectId: string, cursor: string | undefined): string {
  const query = new URLSearchParams({ project: projectId, query: 'is:unresolved', statsPeriod: '90d' });
  if (cursor !== undefined) query.set('cursor', cursor);
  return `/api/0/organizations/${encodeURIComponent(organization)}/issues/?${query.toString()}`;
}

/**
 * Sentry REST: every unresolved issue of the project becomes (or refreshes) a finding with source `sentry`; once the
 * whole list has been read, open Sentry findings missing from it are resolved. The list is the organization issues
 * endpoint filtered by the project's numeric id (the per-project list is deprecated), so the slug is resolved first
 * with the project details. On sentry.io (base_url absent or `https://sentry.io`) the organization's region host
 * (`links.regionUrl`: us.sentry.io, de.sentry.io) is read from its details and used for the rest of the sync; a
 * base_url naming a region or a self-hosted Sentry is used as given. OAuth: an `auth_code` is exchanged at
 * SENTRY_TOKEN_URL (default sentry.io) with the SENTRY_* app, and an expired token is refreshed.
 */
export function createSentryAdapter(options: ProviderOptions = {}): ProviderAdapter {
  return {
    provider: 'sentry',
    async sync(ctx) {
      const { organization, project } = parseCredentials(sentry, ctx.credentials);
      const saas = new URL(options.sentryUrl ?? SAAS_URL);
      const baseUrl = baseUrlOf(ctx.credentials, saas.href, 'Sentry');
      const tokens = createTokenSource(ctx, { label: 'Sentry', provider: 'sentry', oauth: sentry.oauth }, options);
      const caps = syncCaps(ctx.limits, 'Sentry');
      const get = (base: URL, path: string) =>
        sendWithToken(tokens, (token) =>
          ctx.http.send(joinUrl(base, path).href, {
            headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
            label: 'Sentry',
            pacing: PACING.sentry,
            ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
          }),
        );

      let api = baseUrl;
      if (isSaasApex(baseUrl, saas)) {
        const res = await get(baseUrl, `/api/0/organizations/${encodeURIComponent(organization)}/`);
        if (res.ok) {
          api = regionBaseOf(parseAnswer(OrganizationDetails, await jsonOf(res), 'Sentry').links?.regionUrl, saas) ?? baseUrl;
        } else if (res.status === 403 || res.status === 404) {
          // A token without org:read may not read the details; the apex still answers for every region (it forwards),
          // and an unknown organization is reported by the project lookup below.
          await res.body?.cancel();
        } else {
          throw await sentryFailure(res, tokens.secrets());
        }
      }

      const found = await get(api, `/api/0/projects/${encodeURIComponent(organization)}/${encodeURIComponent(project)}/`);
      if (!found.ok) throw await sentryFailure(found, tokens.secrets());
      const projectId = String(parseAnswer(ProjectDetails, await jsonOf(found), 'Sentry').id);

      const unresolved: string[] = [];
      let created = 0;
      let updated = 0;
      let cursor: string | undefined;
      for (let page = 1; ; page++) {
        const res = await get(api, issueListPath(organization, projectId, cursor));
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
