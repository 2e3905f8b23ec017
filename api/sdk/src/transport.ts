import createClient, { type MaybeOptionalInit } from 'openapi-fetch';
import { AuditApiError, errorOfResponse, NETWORK_MESSAGE } from './errors.js';
import type { paths } from './openapi.js';

export interface ClientOptions {
  /** Where the service runs, e.g. `http://127.0.0.1:3000` (the paths start with `/api/v1`). */
  baseUrl: string;
  /** An API key (`kr_live_…`) or a connect session token (`cs_…`); a function is asked before every request. */
  token: string | (() => string | null);
  /** Defaults to the global fetch. */
  fetch?: typeof fetch;
  /** Called on every 401 answer (revoked key, expired session), before the call rejects. */
  onUnauthorized?: () => void;
  /** The org of org-scoped calls when a method is not given `{org}`; otherwise the key's own, read once. */
  org?: string;
}

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
/** The document's paths that have this method. */
export type PathWith<M extends Method> = { [P in keyof paths]: paths[P] extends Record<M, object> ? P : never }[keyof paths];
/**
 * The JSON of an operation's 2xx answers, read from the generated `paths` directly. (openapi-fetch's own result type
 * passes through `Readable<T>`, which in openapi-typescript-helpers 0.1.0 drops every property typed `null` — the
 * placeholders' `id: null` among them.)
 */
export type Success<P extends keyof paths, M extends Method> = paths[P][M] extends { responses: infer R }
  ? { [S in keyof R]: S extends 200 | 201 | 202 ? (R[S] extends { content: { 'application/json': infer J } } ? J : never) : never }[keyof R]
  : never;
type Init<P extends keyof paths, M extends Method> = MaybeOptionalInit<paths[P], M>;
/** The init is optional only where the operation has no required parameter or body. */
type InitArgs<P extends keyof paths, M extends Method> = undefined extends Init<P, M> ? [init?: Init<P, M>] : [init: Init<P, M>];

export interface Transport {
  token(): string | null;
  /** The 2xx answer's JSON (the envelope), or the AuditApiError of anything else. Parameters typed by the document. */
  get<P extends PathWith<'get'>>(path: P, ...init: InitArgs<P, 'get'>): Promise<Success<P, 'get'>>;
  post<P extends PathWith<'post'>>(path: P, ...init: InitArgs<P, 'post'>): Promise<Success<P, 'post'>>;
  put<P extends PathWith<'put'>>(path: P, ...init: InitArgs<P, 'put'>): Promise<Success<P, 'put'>>;
  patch<P extends PathWith<'patch'>>(path: P, ...init: InitArgs<P, 'patch'>): Promise<Success<P, 'patch'>>;
  delete<P extends PathWith<'delete'>>(path: P, ...init: InitArgs<P, 'delete'>): Promise<Success<P, 'delete'>>;
}

export function createTransport(options: ClientOptions): Transport {
  const token = (): string | null => (typeof options.token === 'function' ? options.token() : options.token);
  const api = createClient<paths>({
    baseUrl: options.baseUrl.replace(/\/+$/, ''),
    // Looked up per request (a test or a page may replace the global), and only a failure of fetch itself is a
    // network error: anything the server answered is judged by its status below.
    fetch: async (request: Request) => {
      try {
        return await (options.fetch ?? globalThis.fetch)(request);
      } catch (cause) {
        throw new AuditApiError(0, 'network_error', NETWORK_MESSAGE, null, { cause });
      }
    },
  });
  api.use({
    onRequest({ request }) {
      const value = token();
      if (value) request.headers.set('authorization', `Bearer ${value}`);
      request.headers.set('accept', 'application/json');
      return request;
    },
  });

  async function send(method: Method, path: string, init: unknown): Promise<never> {
    let result: { data?: unknown; error?: unknown; response: Response };
    try {
      // The public signatures above carry the types; here one untyped call serves the five methods.
      result = await (api as unknown as { request(method: Method, path: string, init: unknown): Promise<typeof result> }).request(method, path, init);
    } catch (cause) {
      if (cause instanceof AuditApiError) throw cause;
      // A 2xx whose body is not JSON (a proxy's page, a cut connection mid-body).
      throw new AuditApiError(0, 'invalid_response', 'The API answered something that is not its JSON envelope.', null, { cause });
    }
    const { response } = result;
    if (response.status === 401) options.onUnauthorized?.();
    if (!response.ok) throw errorOfResponse(response, result.error);
    return result.data as never;
  }

  return {
    token,
    get: (path, ...init) => send('get', path, init[0]),
    post: (path, ...init) => send('post', path, init[0]),
    put: (path, ...init) => send('put', path, init[0]),
    patch: (path, ...init) => send('patch', path, init[0]),
    delete: (path, ...init) => send('delete', path, init[0]),
  };
}
