import { ApplicationFailure } from '@temporalio/common';
import { definitionOf, type Provider } from '../activities/providers/catalog.js';
import { credentialProblems, type CredentialProblem } from '../activities/providers/definition.js';
import { baseUrlOf, joinUrl } from '../activities/providers/options.js';
import { PROBES } from '../activities/providers/probes.js';
import type { ParsedCredentials } from '../activities/providers/probe.js';
import type { OutboundClient } from '../activities/outbound/client.js';

/** The whole check, read included, stays well inside "a few seconds". */
export const VERIFY_TIMEOUT_MS = 5000;

export interface VerifyResult {
  ok: boolean;
  problems: CredentialProblem[];
  /** `provider`: the read at the provider ran; `schema`: only the keys could be checked (the reason is in `note`). */
  checked: 'schema' | 'provider';
  note?: string;
}

async function jsonBody(res: Response): Promise<unknown> {
  const text = await res.text().catch(() => '');
  try {
    return text === '' ? undefined : (JSON.parse(text) as unknown);
  } catch {
    return undefined;
  }
}

/**
 * Runs in the API, not on a worker: the answer is needed within seconds while the user waits, and this way the
 * credentials never leave this process (no workflow input, no Temporal history). The read goes through the same
 * outbound client as syncs — egress guard (PROVIDER_EGRESS_ALLOW), byte cap, timeout, same-origin redirects only.
 * Messages name keys and the provider, never a submitted value or the provider's own text.
 */
export async function verifyCredentials(provider: Provider, credentials: Record<string, unknown>, outbound: OutboundClient): Promise<VerifyResult> {
  const def = definitionOf(provider);
  const schemaProblems = credentialProblems(def, credentials, { strict: true });
  if (schemaProblems.length > 0) return { ok: false, problems: schemaProblems, checked: 'schema' };
  const parsed = def.credentials.parse(credentials) as ParsedCredentials;
  const probe = PROBES[provider];
  const request = probe.request(parsed);
  if ('unchecked' in request) return { ok: true, problems: [], checked: 'schema', note: request.unchecked };
  const baseKey = 'base_url';
  let url: URL;
  try {
    url = joinUrl(baseUrlOf(parsed, probe.defaultBaseUrl, def.label), request.path);
  } catch {
    return { ok: false, problems: [{ key: baseKey, message: 'must be an http(s) URL without a user, a query or a fragment' }], checked: 'schema' };
  }
  const session = outbound.session({ signal: AbortSignal.timeout(VERIFY_TIMEOUT_MS), heartbeat: () => undefined });
  try {
    const res = await session.send(url.href, {
      method: request.method,
      headers: request.headers,
      ...(request.body !== undefined ? { body: request.body } : {}),
      label: def.label,
      timeoutMs: VERIFY_TIMEOUT_MS,
    });
    const problems = probe.interpret(res.status, await jsonBody(res));
    return { ok: problems.length === 0, problems, checked: 'provider' };
  } catch (err) {
    const type = err instanceof ApplicationFailure ? err.type : undefined;
    const where = parsed.base_url !== undefined ? baseKey : 'credentials';
    const message =
      type === 'ProviderAddressBlocked'
        ? 'points at an address this deployment may not call (PROVIDER_EGRESS_ALLOW)'
        : `could not be checked: ${def.label} could not be reached in time`;
    return { ok: false, problems: [{ key: type === 'ProviderAddressBlocked' ? baseKey : where, message }], checked: 'provider' };
  }
}
