import type { AppContext } from './context.js';
import type { LiveEvent } from './api.js';

/** What the integrations view does with the project's event stream. */
export interface LiveHandlers {
  /** The stream is (again) connected: what happened before is not in it, so the lists are read once. */
  open(): void;
  /** The stream is down (`final`: for good, e.g. a server without it); the view polls meanwhile. */
  down(final: boolean): void;
  event(event: LiveEvent): void;
}

export interface LiveLink {
  stop(): void;
}

/**
 * Follows `GET …/audit/events` of the view's project through the SDK's stream (fetch with the pasted key: EventSource
 * cannot send an Authorization header), which reconnects by itself with backoff and Last-Event-ID.
 */
export function followProject(ctx: AppContext, handlers: LiveHandlers): LiveLink {
  const stop = new AbortController();
  const stream = ctx.api.events.stream(ctx.projectId, {
    org: ctx.orgId,
    signal: stop.signal,
    onState: (s) => (s.state === 'open' ? handlers.open() : handlers.down(s.retryInMs === null)),
  });
  void (async () => {
    try {
      for await (const event of stream) handlers.event(event);
    } catch {
      // A final failure (401, 403, 404): onState already said so; a 401 also signs out (the client's onUnauthorized).
    }
  })();
  return { stop: () => stop.abort() };
}
