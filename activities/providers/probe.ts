import type { CredentialProblem } from './definition.js';

/**
 * One cheap authenticated read per provider, used by `POST …/verify` to check credentials without storing them: what
 * to request (relative to the provider's base URL) and how to read the answer as problems per key. Plain code with no
 * imports beyond types: the API runs it through the one outbound client.
 */
export interface ProbeRequest {
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export type ParsedCredentials = Readonly<Record<string, string | undefined>>;

export interface Probe {
  /** Base URL when the credentials hold no `base_url` (Jira has none: its site is required). */
  defaultBaseUrl?: string;
  /** The request, or why no read is possible yet (e.g. only an OAuth code, exchanged at the first sync). */
  request(c: ParsedCredentials): ProbeRequest | { unchecked: string };
  interpret(status: number, body: unknown): CredentialProblem[];
}

/**
 * REST answers: 2xx fine; 401 the secret; 404 the resource; 403 the secret's access to the resource — or, where the
 * provider answers 403 for a resource the account cannot see (Google), the resource.
 */
export function restAnswer(label: string, secretKey: string, resourceKey: string, forbidden: 'secret' | 'resource' = 'secret') {
  return (status: number): CredentialProblem[] => {
    if (status >= 200 && status < 300) return [];
    if (status === 401) return [{ key: secretKey, message: `was not accepted by ${label}` }];
    if (status === 403 && forbidden === 'resource') return [{ key: resourceKey, message: `cannot be read by this ${secretKey.replace(/_/g, ' ')} at ${label}` }];
    if (status === 403) return [{ key: secretKey, message: `may not read this ${resourceKey.replace(/_/g, ' ')} at ${label}` }];
    if (status === 404) return [{ key: resourceKey, message: `was not found at ${label}, or the ${secretKey.replace(/_/g, ' ')} cannot see it` }];
    return [{ key: 'credentials', message: `could not be checked: ${label} answered ${status}` }];
  };
}

export const bearer = (token: string | undefined): Record<string, string> => ({ authorization: `Bearer ${token ?? ''}`, accept: 'application/json' });
