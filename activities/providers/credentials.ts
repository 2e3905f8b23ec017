import type { z } from 'zod';
import { FailureType, permanentFailure } from '../errors.js';
import { credentialProblems, type ProviderDefinition } from './definition.js';

/**
 * The stored credentials read through the provider's schema: the first problem fails the sync non-retryably before any
 * request. Keys outside the schema are ignored here (connect stores the map as given); verify reports them.
 */
export function parseCredentials<S extends z.ZodRawShape>(def: ProviderDefinition<string, S>, credentials: unknown): z.infer<z.ZodObject<S>> {
  const parsed = def.credentials.strip().safeParse(credentials);
  if (parsed.success) return parsed.data;
  const problem = credentialProblems(def, credentials, { strict: false })[0];
  const what = problem && problem.key !== 'credentials' ? `"${problem.key}" ${problem.message}` : (problem?.message ?? 'are invalid');
  throw permanentFailure(FailureType.Config, `${def.label} credentials: ${what}`);
}
