#!/usr/bin/env node
// The `audit-integrations` command (package.json "bin"). It runs the bundle `npm run build:cli` writes (postinstall,
// `npm run build` and the test run's global setup build it): one file that starts in a quarter of a second. A checkout
// not yet built runs api/cli/main.ts through tsx instead, the way `npm run cli` always does. Either way in this
// process: argv, stdin, signals and the exit code are the command's own, with nothing to forward.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const bundle = new URL('../../dist/cli/audit-integrations.mjs', import.meta.url);
if (existsSync(bundle)) {
  await import(bundle.href);
} else {
  const { register } = await import('tsx/esm/api');
  register({ tsconfig: fileURLToPath(new URL('../../tsconfig.json', import.meta.url)) });
  await import('./main.ts');
}
