import * as z from 'zod';
import { PROVIDER_DEFINITIONS } from '../activities/providers/catalog.js';
import { credentialKeys, type ProviderKind } from '../activities/providers/definition.js';
import type { OAuthConfig } from './oauth-config.js';

/** What `GET /api/v1/providers` answers per provider: the definition, minus keys only the OAuth flow or worker write. */
export function presentCatalog(oauth: OAuthConfig | undefined) {
  return PROVIDER_DEFINITIONS.map((def) => ({
    id: def.id,
    label: def.label,
    kind: def.kind as ProviderKind,
    summary: def.summary,
    credentials: credentialKeys(def)
      .filter((k) => !k.managed)
      .map((k) => ({ key: k.key, title: k.title, type: k.type, required: k.required, secret: k.secret, description: k.description, link: k.link, format: k.format })),
    oauth: 'oauth' in def && def.oauth ? { configured: oauth?.apps[def.id] !== undefined, fields: [...def.oauth.fields] } : null,
  }));
}

export const CatalogEntrySchema = z
  .strictObject({
    id: z.enum(PROVIDER_DEFINITIONS.map((d) => d.id)),
    label: z.string(),
    kind: z.enum(['tracker', 'findings', 'metrics']).meta({ description: 'tracker: findings become issues there; findings / metrics: pulled from there' }),
    summary: z.string(),
    credentials: z.array(
      z.strictObject({
        key: z.string(),
        title: z.string(),
        type: z.literal('string'),
        required: z.boolean(),
        secret: z.boolean().meta({ description: 'Never shown again once stored' }),
        description: z.string(),
        link: z.url().nullable().meta({ description: 'Where to find or create the value' }),
        format: z.string().nullable().meta({ description: 'The expected form in words, e.g. owner/name or url' }),
      }),
    ),
    oauth: z
      .strictObject({
        configured: z.boolean().meta({ description: '"Connect with …" is available on this deployment' }),
        fields: z.array(z.string()).meta({ description: 'The non-secret keys to send to oauth/start' }),
      })
      .nullable()
      .meta({ description: 'null when the provider offers no OAuth to third-party apps' }),
  })
  .meta({ id: 'ProviderCatalogEntry' });
