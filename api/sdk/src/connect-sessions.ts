import type { paths } from './openapi.js';
import type { OrgResolver } from './org.js';
import type { Transport } from './transport.js';
import type { OrgOption } from './types.js';

const SESSIONS = '/api/v1/orgs/{org_id}/connect-sessions';
const ONE = `${SESSIONS}/{session_id}` as const;
const INTROSPECT = '/api/v1/connect-session';

type Data<P extends keyof paths, M extends 'get' | 'post', S extends number> = paths[P][M] extends { responses: { [K in S]: { content: { 'application/json': { data: infer D } } } } } ? D : never;

/** The body of `POST …/connect-sessions`: `project_id`, and optionally `providers`, `expires_in_seconds`, `return_url`. */
export type ConnectSessionCreate = NonNullable<paths[typeof SESSIONS]['post']['requestBody']>['content']['application/json'];
/** The new session with its `token` (`cs_…`, answered only here) and the hosted page's `url`. */
export type ConnectSessionCreated = Data<typeof SESSIONS, 'post', 201>;
/** A session as its org sees it later: never the token; `state` active, expired or revoked. */
export type ConnectSession = Data<typeof ONE, 'get', 200>;
/** What a session token learns about itself (`GET /api/v1/connect-session`). */
export type SessionInfo = Data<typeof INTROSPECT, 'get', 200>;

export interface ConnectSessionsClient {
  /** With an API key (audit:write). `org` is the org option, never sent. */
  create(body: ConnectSessionCreate & OrgOption, opts?: OrgOption): Promise<ConnectSessionCreated>;
  get(id: string, opts?: OrgOption): Promise<ConnectSession>;
  /** The token stops working at once (401). */
  revoke(id: string, opts?: OrgOption): Promise<void>;
}

export function connectSessionsClient(t: Transport, orgOf: OrgResolver): ConnectSessionsClient {
  return {
    async create(body, opts) {
      const { org, ...fields } = body;
      const path = { org_id: await orgOf(opts?.org ? opts : org ? { org } : {}) };
      return (await t.post(SESSIONS, { params: { path }, body: fields })).data;
    },
    async get(id, opts) {
      return (await t.get(ONE, { params: { path: { org_id: await orgOf(opts), session_id: id } } })).data;
    },
    async revoke(id, opts) {
      await t.delete(ONE, { params: { path: { org_id: await orgOf(opts), session_id: id } } });
    },
  };
}

/** Introspection with a session token: its org, project, providers and expiry. */
export async function readConnectSession(t: Transport): Promise<SessionInfo> {
  return (await t.get(INTROSPECT)).data;
}
