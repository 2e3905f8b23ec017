import type { OpenAPIRegistry, ResponseConfig } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { connectSessionBodySchema, SESSION_TTL } from '../routes/connect-sessions.js';
import { bearer, BODY_FAILURES, errors, json, SCOPED_FAILURES, sessionBearer, V1, V1_FAILURES, v1Responses } from './common.js';
import { envelope, ProviderSchema } from './schemas.js';

const timestamp = z.iso.datetime().meta({ description: 'UTC, second precision', example: '2025-06-10T14:00:00Z' });

const SessionFields = {
  id: z.uuid(),
  project_id: z.string(),
  providers: z.array(ProviderSchema).meta({ description: 'What the session may connect' }),
  return_url: z.string().nullable(),
  expires_at: timestamp,
};

const CreatedSchema = z
  .strictObject({
    ...SessionFields,
    created_at: timestamp,
    token: z.string().regex(/^cs_[A-Za-z0-9_-]{43}$/).meta({ description: 'The session token. Shown only in this answer; stored as its SHA-256.' }),
    url: z.url().meta({ description: 'The hosted connect page with the token in the fragment: `<PUBLIC_URL>/connect/#session=<token>`', example: 'https://audit.example.com/connect/#session=cs_…' }),
  })
  .meta({ id: 'ConnectSessionCreated' });

const SessionSchema = z
  .strictObject({
    ...SessionFields,
    created_at: timestamp,
    revoked_at: timestamp.nullable(),
    state: z.enum(['active', 'expired', 'revoked']),
  })
  .meta({ id: 'ConnectSession', description: 'A connect session, never its token. Deleted a day after it expires.' });

const SessionInfoSchema = z.strictObject({ ...SessionFields, org_id: z.uuid() }).meta({ id: 'ConnectSessionInfo' });

const OrgParams = z.object({ org_id: z.uuid().meta({ description: 'The org UUID the API key belongs to' }) });
const SessionParams = OrgParams.extend({ session_id: z.uuid() });
const SESSIONS = `${V1}/orgs/{org_id}/connect-sessions`;
// The document describes the schema CI runs with (http allowed); CONNECT_RETURN_ORIGINS decides which return_url passes.
const CreateBodySchema = connectSessionBodySchema([], false);

/** Connect sessions (docs/api.md → Connect sessions). */
export function registerConnectSessionPaths(registry: OpenAPIRegistry): void {
  const op = (cfg: Parameters<OpenAPIRegistry['registerPath']>[0]) =>
    registry.registerPath({ security: bearer, ...cfg, responses: v1Responses(cfg.responses as Record<string, ResponseConfig>) });

  op({
    method: 'post', path: SESSIONS, tags: ['Connect sessions'], summary: 'Create a connect session',
    description:
      `Scope audit:write. A short-lived token (default ${SESSION_TTL.default} s, ${SESSION_TTL.min}–${SESSION_TTL.max}) for a browser: it may list, verify, ` +
      'connect and start OAuth for this project and these providers only, and call GET /api/v1/providers and GET /api/v1/connect-session. ' +
      'Answers the token once. A `return_url` must be on an origin in CONNECT_RETURN_ORIGINS (422 otherwise, and always when that is empty). ' +
      'Audited as `connect_session_created`.',
    request: { params: OrgParams, body: { required: true, content: json(CreateBodySchema) } },
    responses: { 201: { description: 'The session and its token', content: json(envelope(CreatedSchema)) }, ...errors(...SCOPED_FAILURES, ...BODY_FAILURES, 'validation_failed') },
  });
  op({
    method: 'get', path: `${SESSIONS}/{session_id}`, tags: ['Connect sessions'], summary: 'Get a connect session',
    description: 'Scope audit:read. Its state (active, expired, revoked); never the token. A revoked session stays readable until a day after its expiry.',
    request: { params: SessionParams },
    responses: { 200: { description: 'The session', content: json(envelope(SessionSchema)) }, ...errors(...SCOPED_FAILURES) },
  });
  op({
    method: 'delete', path: `${SESSIONS}/{session_id}`, tags: ['Connect sessions'], summary: 'Revoke a connect session',
    description: 'Scope audit:write. The token answers 401 from now on, and an OAuth flow it started connects nothing. Revoking again changes nothing. Audited as `connect_session_revoked`.',
    request: { params: SessionParams },
    responses: { 204: { description: 'Revoked' }, ...errors(...SCOPED_FAILURES) },
  });
  op({
    method: 'get', path: `${V1}/connect-session`, tags: ['Connect sessions'], summary: 'The connect session making the request',
    description: 'Only with a connect session token (an API key: 403; it has GET /api/v1/me). What the session may do and until when.',
    security: sessionBearer,
    responses: { 200: { description: 'The session', content: json(envelope(SessionInfoSchema)) }, ...errors(...V1_FAILURES, 'forbidden') },
  });
}
