import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The project's package.json, found by walking up from this module: it sits two levels up in the source tree and three
 * in the build (dist/activities/outbound/), and the image copies it next to dist/. Read once, at module load.
 */
function packageVersion(): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)), depth = 0; depth < 6; dir = dirname(dir), depth++) {
    let text: string;
    try {
      text = readFileSync(join(dir, 'package.json'), 'utf8');
    } catch {
      continue;
    }
    const pkg = JSON.parse(text) as { name?: unknown; version?: unknown };
    if (pkg.name === 'audit-integrations' && typeof pkg.version === 'string') return pkg.version;
  }
  throw new Error('package.json of audit-integrations not found above activities/outbound: the User-Agent needs its version');
}

/** Sent on every provider request (syncs, verify, OAuth token calls, webhook deliveries), so providers see one name. */
export const USER_AGENT = `audit-integrations/${packageVersion()}`;
