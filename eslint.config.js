// Lint, part one: typescript-eslint's recommended rules and the module boundaries (workflow sandbox, egress, SDK), from
// the syntax alone. The two rules that need types (floating and misused promises) are part two, .oxlintrc.json: oxlint
// runs them on TypeScript 7's native checker in about a sixth of the CPU typescript-eslint spent building the same
// programs with TypeScript 5 (docs/operating.md → Testing).
import tseslint from 'typescript-eslint';

const EGRESS_PATHS = [
  { name: 'undici', message: 'Outbound HTTP goes through activities/outbound/client.ts.' },
  { name: 'node:http', importNames: ['request', 'get'], message: 'Outbound HTTP goes through activities/outbound/client.ts.' },
  { name: 'node:https', message: 'Outbound HTTP goes through activities/outbound/client.ts.' },
];

export default tseslint.config(
  { ignores: ['dist/**', 'api/sdk/dist/**', 'node_modules/**', '.data/**', '.tools/**', 'test-artifacts/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    // Workflow code runs in Temporal's deterministic sandbox: no Node builtins, no database, no activity runtime code.
    files: ['workflows/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['node:*', 'fs', 'path', 'crypto', 'os', 'child_process', 'http', 'https'], message: 'Workflows must stay deterministic: no Node builtins.' },
          { group: ['../db/*', '../db', 'postgres'], message: 'Workflows never touch the database; call an activity.' },
          { group: ['../activities/*', '../activities'], allowTypeImports: true, message: 'Only `import type` from activities/.' },
        ],
      }],
    },
  },
  {
    // Tenant input is hostile: every outbound call goes through activities/outbound/client.ts (egress guard, byte cap,
    // same-origin redirects). The browser dashboard and the tests are not server-side egress.
    files: ['activities/**/*.ts', 'api/**/*.ts', 'db/**/*.ts', 'worker/**/*.ts'],
    ignores: ['api/dashboard/**', 'api/sdk/**', 'activities/outbound/client.ts'],
    rules: {
      'no-restricted-globals': ['error', { name: 'fetch', message: 'Outbound HTTP goes through activities/outbound/client.ts.' }],
      'no-restricted-imports': ['error', { paths: EGRESS_PATHS }],
    },
  },
  {
    // api/ and db/ (and the browser dashboard) read provider definitions — plain data — never adapters, which pull
    // in the outbound client and Temporal activity code.
    files: ['api/**/*.ts', 'db/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: EGRESS_PATHS,
        patterns: [{ group: ['**/activities/providers/*/adapter*', '**/activities/providers/registry*', '**/activities/providers/oauth', '**/activities/providers/oauth.js', '**/activities/providers/google-oauth*', '**/activities/providers/http*', '**/activities/providers/tracker-*'], message: 'api/ and db/ import provider definitions only (catalog, definition, oauth-apps).' }],
      }],
    },
  },
  {
    // The client SDK is a package of its own (@audit-integrations/client): its sources import each other and
    // openapi-fetch, nothing else — no server code (db/, activities/, api/routes …), no Node builtins.
    files: ['api/sdk/src/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ regex: '^(?!\\./|openapi-fetch$)', message: 'api/sdk/src imports only its own modules (./…) and openapi-fetch.' }],
      }],
    },
  },
);
