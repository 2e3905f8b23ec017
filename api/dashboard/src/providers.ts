import { PROVIDER_DEFINITIONS, type Provider } from '../../../activities/providers/catalog.js';
import { credentialKeys, credentialProblems, type CredentialProblem } from '../../../activities/providers/definition.js';

/**
 * The connect forms come from the provider definitions the server uses (plain data and zod, bundled here): the same
 * keys, labels, secret flags and checks, so a form cannot drift from what the adapters read. Keys the OAuth flow or the
 * worker write (auth_code, expires_at …) are not shown.
 */
export interface Field {
  key: string;
  label: string;
  secret: boolean;
  required: boolean;
  url: boolean;
  hint: string;
  link: string | null;
  /** Read only by "Connect with …": shown where this deployment has the provider's OAuth app. */
  oauthOnly: boolean;
}

export interface ProviderInfo {
  id: Provider;
  label: string;
  /** Trackers get findings pushed as issues; data sources are pulled. */
  role: string;
  fields: Field[];
  /** Problems per key (`credentials` for a rule across keys), phrased as predicates: "is required". */
  problems: (values: Record<string, string>) => CredentialProblem[];
}

export const PROVIDERS: ProviderInfo[] = PROVIDER_DEFINITIONS.map((def) => ({
  id: def.id,
  label: def.label,
  role: def.summary,
  fields: credentialKeys(def)
    .filter((k) => !k.managed)
    .map((k) => ({ key: k.key, label: k.title, secret: k.secret, required: k.required, url: k.format === 'url', hint: k.description, link: k.link, oauthOnly: k.oauthOnly })),
  problems: (values) => credentialProblems(def, values, { strict: true }),
}));

export function providerInfo(id: Provider): ProviderInfo {
  return PROVIDERS.find((p) => p.id === id) ?? { id, label: id, role: '', fields: [], problems: () => [] };
}
