import { AuditApiError } from './errors.js';

/** One page of a cursor-paged list, with the answer's `meta` (e.g. `total`, `next_sync_at`). */
export interface Page<T, M = unknown> {
  items: T[];
  /** `meta.next_cursor`: pass it to `page()` for the next page; null on the last. */
  nextCursor: string | null;
  meta: M;
}

/**
 * A cursor-paged list: `for await (const item of list)` walks every page (the next one is asked for only when the
 * loop gets there; `break` stops asking); `page(cursor)` reads one page, for a "Load more" button.
 */
export interface PagedList<T, M = unknown> extends AsyncIterable<T> {
  page(cursor?: string | null): Promise<Page<T, M>>;
}

export const DEFAULT_PAGE_SIZE = 100;

/** `fetchPage(cursor)` answers the envelope's `data` and `meta` for one page. */
export function pagedList<T, M extends { next_cursor: string | null }>(fetchPage: (cursor: string | undefined) => Promise<{ data: T[]; meta: M }>): PagedList<T, M> {
  const page = async (cursor?: string | null): Promise<Page<T, M>> => {
    const { data, meta } = await fetchPage(cursor ?? undefined);
    return { items: data, nextCursor: meta.next_cursor, meta };
  };
  return {
    page,
    async *[Symbol.asyncIterator]() {
      const seen = new Set<string>();
      let cursor: string | null = null;
      do {
        const current: Page<T, M> = await page(cursor);
        yield* current.items;
        cursor = current.nextCursor;
        // A cursor answered twice would loop forever: the server's lists never do that, a broken proxy cache might.
        if (cursor !== null && seen.has(cursor)) throw new AuditApiError(0, 'invalid_response', 'The API answered a cursor it had answered before.');
        if (cursor !== null) seen.add(cursor);
      } while (cursor !== null);
    },
  };
}
