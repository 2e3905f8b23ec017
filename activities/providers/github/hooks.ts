import { z } from 'zod';
import { nextLink, type JsonClient } from '../tracker-http.js';
import type { InboundHookClient } from '../types.js';

const Hook = z.object({ id: z.number().int(), config: z.object({ url: z.string().optional() }).nullish() });
/** Pages of 100 read at most while looking for our hook: a repository with more hooks than this is not ours to scan. */
const MAX_PAGES = 10;

/**
 * Repository webhooks (docs.github.com/rest/repos/webhooks): list, create (`name: "web"`, the `issues` event, JSON
 * payloads signed with our secret, TLS verified), delete. The token needs admin rights on the repository's hooks.
 */
export function githubHooks(http: JsonClient, repoPath: string): InboundHookClient {
  return {
    permission: 'the token needs the admin:repo_hook scope (classic) or "Webhooks: read and write" (fine-grained) on the repository',
    async find(url) {
      const ids: string[] = [];
      let next: string | undefined = `${repoPath}/hooks?per_page=100`;
      for (let page = 0; next && page < MAX_PAGES; page++) {
        const res: { body: z.infer<typeof Hook>[]; headers: Headers } = await http.send('GET', next, undefined, { schema: z.array(Hook) });
        for (const hook of res.body) if (hook.config?.url === url) ids.push(String(hook.id));
        next = nextLink(res.headers.get('link'));
      }
      return ids;
    },
    async create(url, secret) {
      const body = { name: 'web', active: true, events: ['issues'], config: { url, content_type: 'json', secret, insecure_ssl: '0' } };
      const { body: hook } = await http.send('POST', `${repoPath}/hooks`, body, { schema: Hook });
      return { remoteId: String(hook.id) };
    },
    async remove(remoteId) {
      await http.send('DELETE', `${repoPath}/hooks/${encodeURIComponent(remoteId)}`, undefined, { missingOk: true });
    },
  };
}
