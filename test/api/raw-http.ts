import http from 'node:http';
import { expect } from 'vitest';

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

/**
 * node:http instead of fetch: sends the path byte for byte (fetch resolves `..` and re-encodes), any method the HTTP
 * parser knows, and keeps the response when the server closes the connection after answering an oversized body.
 */
export function rawRequest(baseUrl: string, method: string, path: string, opts: { headers?: Record<string, string>; body?: string | Buffer } = {}): Promise<RawResponse> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    let responded = false;
    const req = http.request({ host: url.hostname, port: url.port, method, path, headers: opts.headers ?? {}, agent: false }, (res) => {
      responded = true;
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', (err) => {
      if (!responded) reject(err);
    });
    req.end(opts.body);
  });
}

export const TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;
export const ROW_KEYS = ['created_at', 'id', 'last_sync_at', 'org_id', 'project_id', 'provider', 'status', 'updated_at'];
/** A row with status disconnected also carries the empty `credentials: {}` placeholders have. */
export const DISCONNECTED_ROW_KEYS = [...ROW_KEYS, 'credentials'].sort();
export const PLACEHOLDER_KEYS = ['credentials', 'id', 'inserted_at', 'last_sync_at', 'provider', 'status', 'updated_at'];
export const PROVIDER_ORDER = ['ga4', 'gsc', 'sentry', 'github', 'gitlab', 'jira', 'linear', 'cloudflare'];

interface ResponseLike {
  status: number;
  text: string;
  headers: Headers | http.IncomingHttpHeaders;
}

function header(res: ResponseLike, name: string): string | undefined {
  const value = res.headers instanceof Headers ? res.headers.get(name) : res.headers[name];
  return Array.isArray(value) ? value.join(', ') : (value ?? undefined);
}

/** The error envelope exactly: status, code, a message, data null, the request id in meta and in the header. */
export function expectError(res: ResponseLike, status: number, code: string): { message: string } {
  expect({ status: res.status, text: res.text }).toMatchObject({ status });
  const body = JSON.parse(res.text) as { data: unknown; meta: Record<string, unknown>; error: { code: string; message: unknown } };
  expect(Object.keys(body).sort()).toEqual(['data', 'error', 'meta']);
  expect(body.data).toBeNull();
  expect(body.error.code).toBe(code);
  expect(typeof body.error.message).toBe('string');
  expect((body.error.message as string).length).toBeGreaterThan(0);
  expect(Object.keys(body.meta)).toEqual(['request_id']);
  expect(header(res, 'x-request-id')).toBe(body.meta.request_id);
  return { message: body.error.message as string };
}

export function headerOf(res: ResponseLike, name: string): string | undefined {
  return header(res, name);
}
