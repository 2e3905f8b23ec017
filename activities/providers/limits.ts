/**
 * The defaults of the provider caps the env schema exposes (PROVIDER_MAX_PAGES, PROVIDER_MAX_ROWS,
 * PROVIDER_MAX_RESPONSE_BYTES), apart from the modules that apply them: db/env.ts reads them, and an entrypoint checks
 * its config before it loads undici or Temporal (api/main.ts, worker/main.ts).
 */
export const DEFAULT_MAX_PAGES = 1000;
export const DEFAULT_MAX_ROWS = 1_000_000;
export const DEFAULT_MAX_RESPONSE_BYTES = 10 * 1024 * 1024;
