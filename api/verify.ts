import { definitionOf, type Provider } from '../activities/providers/catalog.js';
import { credentialProblems, type CredentialProblem } from '../activities/providers/definition.js';
import { baseUrlOf, joinUrl } from '../activities/providers/options.js';
import { PROBES } from '../activities/providers/probes.js';
import type { ParsedCredentials } from '../activities/providers/probe.js';
import type { OutboundClient } from '../activities/outbound/client.js';
import { unreachableMessage } from '../activities/errors.js';

/** The whole check, read included, stays well inside "a few seconds". */
export const VERIFY_TIMEOUT_MS = 5000;
/**
 * A probe's answer is one small object; the API holds the whole body in memory while verifies run side by side, so it
 * reads far less than PROVIDER_MAX_RESPONSE_BYTES (10 MiB) allows a sync.
 */
export const VERIFY_MAX_RESPONSE_BYTES = 256 * 1024;

export interface VerifyContext {
  /** Ends the read early (the client went away). */
  signal?: AbortSignal;
  /** Ids for the operator's log line when the provider's address is refused or not reached. */
  logFields?: Readonly<Record<string, string | undefined>>;
}

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
export async function verifyCredentials(provider: Provider, credentials: Record<string, unknown>, outbound: OutboundClient, context: VerifyContext = {}): Promise<VerifyResult> {
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
  const deadline = AbortSignal.timeout(VERIFY_TIMEOUT_MS);
  const signal = context.signal ? AbortSignal.any([deadline, context.signal]) : deadline;
  const session = outbound.session({ signal, heartbeat: () => undefined, ...(context.logFields ? { logFields: context.logFields } : {}) });
  try {
    const res = await session.send(url.href, {
      method: request.method,
      headers: request.headers,
      ...(request.body !== undefined ? { body: request.body } : {}),
      label: def.label,
      timeoutMs: VERIFY_TIMEOUT_MS,
      maxResponseBytes: VERIFY_MAX_RESPONSE_BYTES,
    });
    const problems = probe.interpret(res.status, await jsonBody(res));
    return { ok: problems.length === 0, problems, checked: 'provider' };
  } catch {
    // Refused, unresolvable, silent, too large: one text on one key, so verify cannot map internal names. The outbound
    // client logs the precise cause for the operator.
    return { ok: false, problems: [{ key: parsed.base_url !== undefined ? baseKey : 'credentials', message: unreachableMessage(def.label) }], checked: 'provider' };
  }
}
