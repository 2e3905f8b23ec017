import { z } from 'zod';
import { FailureType, permanentFailure, sanitizeMessage } from '../../errors.js';
import type { JsonClient } from '../tracker-http.js';
import type { InboundHookClient } from '../types.js';

const Page = z.object({ values: z.array(z.object({ id: z.number().int(), jqlFilter: z.string().nullish() })).nullish(), isLast: z.boolean().nullish() });
const Registered = z.object({
  webhookRegistrationResult: z.array(z.object({ createdWebhookId: z.number().int().nullish(), errors: z.array(z.string()).nullish() })),
});
const EVENTS = ['jira:issue_updated', 'jira:issue_deleted'];
/** Pages of 100 read at most while looking for our hook. */
const MAX_PAGES = 10;

/** The JQL of our hook: project keys are letters, digits and underscores (the credential schema), safe unquoted. */
export const hookJql = (projectKey: string) => `project = ${projectKey}`;

/**
 * Dynamic webhooks of an OAuth 2.0 (3LO) app (developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-webhooks):
 * register (`POST /rest/api/3/webhook`, issue updated and deleted, JQL `project = KEY`), list the app's own, delete by
 * id, and extend their life (`PUT …/webhook/refresh`): Jira drops them 30 days after registration or the last refresh.
 * Jira's list shows no URL (an app has one webhook URL per site): the app's hooks on this project are ours.
 */
export function jiraHooks(http: JsonClient, projectKey: string): InboundHookClient {
  const jql = hookJql(projectKey);
  return {
    permission: 'the OAuth app needs the manage:jira-webhook scope',
    async find() {
      const ids: string[] = [];
      for (let page = 0, startAt = 0; page < MAX_PAGES; page++) {
        const { body } = await http.send('GET', `/rest/api/3/webhook?startAt=${startAt}&maxResults=100`, undefined, { schema: Page });
        const values = body.values ?? [];
        for (const hook of values) if (hook.jqlFilter === jql) ids.push(String(hook.id));
        if (body.isLast !== false || values.length === 0) break;
        startAt += values.length;
      }
      return ids;
    },
    async create(url) {
      const { body } = await http.send('POST', '/rest/api/3/webhook', { url, webhooks: [{ events: EVENTS, jqlFilter: jql }] }, { schema: Registered });
      const [result] = body.webhookRegistrationResult;
      if (typeof result?.createdWebhookId !== 'number') {
        // Refusals come per webhook in a 200 (an unsupported JQL, a second URL for the app): a configuration problem.
        const why = sanitizeMessage(result?.errors?.[0] ?? 'no webhook id in the answer', []);
        throw permanentFailure(FailureType.Config, `Jira did not register the webhook: ${why}`);
      }
      return { remoteId: String(result.createdWebhookId) };
    },
    async remove(remoteId) {
      // Ids Jira does not know (removed already) are ignored by Jira itself.
      await http.send('DELETE', '/rest/api/3/webhook', { webhookIds: [Number(remoteId)] }, { missingOk: true });
    },
    async refresh(remoteId) {
      await http.send('PUT', '/rest/api/3/webhook/refresh', { webhookIds: [Number(remoteId)] });
    },
  };
}
