import type { OpenAPIRegistry, ResponseConfig } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { EVENT_TYPES } from '../../db/events.js';
import { errors, keyOrSession, OrgProjectParams, PROJECT, SCOPED_FAILURES, v1Responses } from './common.js';

/** GET …/audit/events (issue 28): the project's live events, as Server-Sent Events. */
export function registerEventPaths(registry: OpenAPIRegistry): void {
  const responses: Record<string, ResponseConfig> = {
    200: {
      description:
        'An endless `text/event-stream`. Each event: `id:` (increasing), `event:` one of ' +
        `${EVENT_TYPES.map((t) => `\`${t}\``).join(', ')} or \`reset\`, \`data:\` one line of JSON — the integration ` +
        'row as the list shows it plus `settings`, `next_sync_at` and `health`, the sync run as GET …/syncs shows it, or the finding as the findings ' +
        'list shows it. `reset` (no id) means events may have been missed: re-read the lists. `: heartbeat` comments ' +
        'keep the connection alive.',
      content: { 'text/event-stream': { schema: z.string().meta({ example: 'id: 42\nevent: integration.updated\ndata: {"id":"…","provider":"github","status":"syncing",…}\n\n' }) } },
    },
    ...errors(...SCOPED_FAILURES),
  };
  registry.registerPath({
    security: keyOrSession,
    method: 'get',
    path: `${PROJECT}/events`,
    tags: ['Live events'],
    summary: 'Stream the project\'s live events (Server-Sent Events)',
    description:
      'Scope audit:read, or a connect session of this project (only its providers\' integration and sync events). ' +
      'Integration status and settings changes, sync runs starting and finishing, and finding changes, as they are ' +
      'committed, in id order. Reconnect with `Last-Event-ID` to get what was missed (kept at least 15 minutes; older, ' +
      'or more than 1,000 events: one `reset`). At most EVENT_STREAMS_PER_KEY (5) streams per key and ' +
      'EVENT_STREAMS_MAX (2000) per server: 429 rate_limited before the stream starts. A client that stops reading is ' +
      'disconnected; at shutdown streams end and clients reconnect to another server.',
    request: {
      params: OrgProjectParams,
      headers: z.object({ 'last-event-id': z.string().optional().meta({ description: 'The id of the last event received' }) }),
    },
    responses: v1Responses(responses),
  });
}
