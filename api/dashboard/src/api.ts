/** The public API as the dashboard uses it: `/api/v1` with the pasted key, the `{data, meta, error}` envelope. */
export type { Provider } from '../../../activities/providers/catalog.js';
import type { Provider } from '../../../activities/providers/catalog.js';
export type Status = 'connected' | 'disconnected' | 'syncing' | 'error';
export type Severity = 'info' | 'low' | 'medium' | 'high' | 'critical';

export interface Integration {
  id: string | null;
  provider: Provider;
  status: Status;
  last_sync_at: string | null;
  updated_at: string | null;
}

export type HealthState = 'ok' | 'needs_reconnect' | 'degraded' | 'unknown';

/** The single GET and each row of the org-wide list: the list row plus settings, next_sync_at and health. */
export interface IntegrationDetail extends Integration {
  project_id?: string;
  settings: { sync_interval_seconds: number | null; paused: boolean };
  next_sync_at: string | null;
  health: { state: HealthState; reason: string | null; checked_at: string | null; credentials_expire_at: string | null };
}

export interface SyncRun {
  id: string;
  trigger: 'manual' | 'schedule' | 'full_resync';
  outcome: 'running' | 'succeeded' | 'failed' | 'cancelled';
  started_at: string;
  finished_at: string | null;
  error_code: string | null;
  error_message: string | null;
  items_pushed: number;
  items_pulled: number;
  items_updated: number;
}

export interface Task {
  provider: Provider;
  external_id: string;
  url: string | null;
  state: string;
  synced_at: string | null;
}

export interface Finding {
  id: string;
  title: string;
  severity: Severity;
  url: string | null;
  category: string | null;
  status: 'open' | 'resolved';
  source: string;
  created_at: string;
  tasks: Task[];
}

export interface Me {
  key_id: string;
  org_id: string;
  name: string | null;
  scopes: string[];
}

export interface VerifyResult {
  ok: boolean;
  problems: { key: string; message: string }[];
  checked: 'schema' | 'provider';
  note?: string;
}

export interface OAuthProvider {
  provider: Provider;
  label: string;
  fields: string[];
}

export interface Page<T> {
  data: T;
  nextCursor: string | null;
  /** Sync runs only: when the next periodic sync is due (read-only). */
  nextSyncAt: string | null;
}

export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface Api {
  get<T>(path: string): Promise<Page<T>>;
  post<T>(path: string, body?: unknown): Promise<T>;
  patch<T>(path: string, body: unknown): Promise<T>;
}

/** `getKey` is read per request so signing out takes effect at once; a 401 calls `onUnauthorized`. */
export function createApi(getKey: () => string | null, onUnauthorized: () => void): Api {
  async function request<T>(method: string, path: string, body?: unknown): Promise<Page<T>> {
    const headers: Record<string, string> = { accept: 'application/json' };
    const key = getKey();
    if (key) headers.authorization = `Bearer ${key}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    let res: Response;
    try {
      res = await fetch(`/api/v1${path}`, { method, headers, cache: 'no-store', ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    } catch {
      throw new ApiFailure(0, 'network_error', 'The API could not be reached. Check your connection and try again.');
    }
    let json: { data?: T; meta?: { next_cursor?: string | null; next_sync_at?: string | null }; error?: { code: string; message: string } | null } = {};
    try {
      json = (await res.json()) as typeof json;
    } catch {
      // A proxy's HTML error page: the status alone decides below.
    }
    if (res.status === 401) onUnauthorized();
    if (!res.ok || json.error) {
      throw new ApiFailure(res.status, json.error?.code ?? 'http_error', json.error?.message ?? `The API answered ${res.status}.`);
    }
    return { data: json.data as T, nextCursor: json.meta?.next_cursor ?? null, nextSyncAt: json.meta?.next_sync_at ?? null };
  }
  return {
    get: <T>(path: string) => request<T>('GET', path),
    post: async <T>(path: string, body?: unknown) => (await request<T>('POST', path, body)).data,
    patch: async <T>(path: string, body: unknown) => (await request<T>('PATCH', path, body)).data,
  };
}
