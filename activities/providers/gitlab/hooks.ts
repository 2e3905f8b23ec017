import { z } from 'zod';
import { nextLink, type JsonClient } from '../tracker-http.js';
import type { InboundHookClient } from '../types.js';

const Hook = z.object({ id: z.number().int(), url: z.string().nullish() });
/** Pages of 100 read at most while looking for our hook. */
const MAX_PAGES = 10;

/**
 * Project webhooks (docs.gitlab.com/api/project_webhooks): list, add (issue events only, our secret as `token`, which
 * GitLab sends back in X-Gitlab-Token; TLS verified), delete. Managing hooks takes the Maintainer role.
 */
export function gitlabHooks(http: JsonClient, projectPath: string): InboundHookClient {
  return {
    permission: 'the token needs the api scope and the Maintainer role (or higher) on the project',
    async find(url) {
      const ids: string[] = [];
      let next: string | undefined = `${projectPath}/hooks?per_page=100`;
      for (let page = 0; next && page < MAX_PAGES; page++) {
        const res: { body: z.infer<typeof Hook>[]; headers: Headers } = await http.send('GET', next, undefined, { schema: z.array(Hook) });
        for (const hook of res.body) if (hook.url === url) ids.push(String(hook.id));
        const nextPage = res.headers.get('x-next-page');
        next = nextPage ? `${projectPath}/hooks?per_page=100&page=${encodeURIComponent(nextPage)}` : nextLink(res.headers.get('link'));
      }
      return ids;
    },
    async create(url, secret) {
      const body = { url, token: secret, issues_events: true, push_events: false, enable_ssl_verification: true };
      const { body: hook } = await http.send('POST', `${projectPath}/hooks`, body, { schema: Hook });
      return { remoteId: String(hook.id) };
    },
    async remove(remoteId) {
      await http.send('DELETE', `${projectPath}/hooks/${encodeURIComponent(remoteId)}`, undefined, { missingOk: true });
    },
  };
}
