import { cloudflare } from './cloudflare/definition.js';
import { ga4 } from './ga4/definition.js';
import { github } from './github/definition.js';
import { gitlab } from './gitlab/definition.js';
import { gsc } from './gsc/definition.js';
import { jira } from './jira/definition.js';
import { linear } from './linear/definition.js';
import { sentry } from './sentry/definition.js';

/**
 * THE list of providers, in the order the list endpoint shows never-connected placeholders. Everything else — the
 * provider enum, SQL checks (checked by a test), the catalog endpoint, dashboard forms, OpenAPI, error messages, the
 * adapter registry — is derived from it. Plain data: safe for api/, db/ and the browser.
 */
export const PROVIDER_DEFINITIONS = [ga4, gsc, sentry, github, gitlab, jira, linear, cloudflare] as const;

export type Provider = (typeof PROVIDER_DEFINITIONS)[number]['id'];
export type AnyProviderDefinition = (typeof PROVIDER_DEFINITIONS)[number];

type Ids<T extends readonly { id: string }[]> = { readonly [K in keyof T]: T[K]['id'] };
export const PROVIDERS = PROVIDER_DEFINITIONS.map((d) => d.id) as unknown as Ids<typeof PROVIDER_DEFINITIONS>;

export function isProvider(value: string): value is Provider {
  return (PROVIDERS as readonly string[]).includes(value);
}

export function definitionOf<P extends Provider>(id: P): Extract<AnyProviderDefinition, { id: P }> {
  return PROVIDER_DEFINITIONS.find((d) => d.id === id) as Extract<AnyProviderDefinition, { id: P }>;
}
